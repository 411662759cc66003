# The state bucket alone: the lock table and the audit trail were made by hand, or not at all.
# ruleid: NC-SHARED-001
provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

resource "aws_s3_bucket" "state" {
  bucket = "notes-terraform-state"
}

resource "aws_dynamodb_table" "locks" {
  name     = "notes-terraform-lock"
  hash_key = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}
