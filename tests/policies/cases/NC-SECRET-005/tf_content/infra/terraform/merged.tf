# A document built from a merge() in a local: reported where the content is made, the literal's own line in
# the evidence.
locals {
  base_settings = { region = "us-east-1" }
  merged_settings = merge(local.base_settings, {
    webhookSecret = "Pz7kQ2mX9vLr4tWn8sYb"
  })
}

resource "aws_s3_object" "merged" {
  bucket = "notes-prod-config"
  key    = "merged.json"
  # ruleid: NC-SECRET-005
  content = jsonencode(local.merged_settings)
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}
