provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

locals {
  validate = true
}

# ok: NC-SHARED-002
resource "aws_cloudtrail" "audit" {
  name                       = "notes-shared-audit"
  s3_bucket_name             = "notes-shared-audit"
  enable_logging             = true
  enable_log_file_validation = local.validate
}
