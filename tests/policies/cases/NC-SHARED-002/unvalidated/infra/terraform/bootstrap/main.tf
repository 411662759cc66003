provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

# ruleid: NC-SHARED-002
resource "aws_cloudtrail" "audit" {
  name           = "notes-shared-audit"
  s3_bucket_name = "notes-shared-audit"
}

resource "aws_cloudtrail" "paused" {
  name                       = "notes-shared-paused"
  s3_bucket_name             = "notes-shared-audit"
  enable_log_file_validation = true
  # ruleid: NC-SHARED-002
  enable_logging = false
}
