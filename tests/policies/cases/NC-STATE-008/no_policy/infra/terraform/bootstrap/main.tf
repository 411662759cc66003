provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

# ruleid: NC-STATE-008
resource "aws_s3_bucket" "state" {
  bucket = "notes-terraform-state"
}

# ok: NC-STATE-008
resource "aws_s3_bucket" "other" {
  bucket = "notes-shared-other"
}
