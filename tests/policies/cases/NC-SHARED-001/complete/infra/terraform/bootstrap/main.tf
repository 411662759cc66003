# ok: NC-SHARED-001
provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

resource "aws_s3_bucket" "state" {
  bucket = "${var.project}-terraform-state"
}

variable "project" {
  type    = string
  default = "notes"
}

resource "aws_dynamodb_table" "locks" {
  name     = "${var.project}-terraform-locks"
  hash_key = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}

resource "aws_cloudtrail" "audit" {
  name                       = "notes-shared-audit"
  s3_bucket_name             = "notes-shared-audit"
  enable_log_file_validation = true
}
