# No public access block for the state bucket.
# ruleid: NC-STATE-006
resource "aws_s3_bucket" "state" {
  bucket = "notes-terraform-state"
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = "notes-terraform-state"
  versioning_configuration {
    # ruleid: NC-STATE-005
    status = "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      # ruleid: NC-STATE-006
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_dynamodb_table" "locks" {
  name         = "notes-terraform-locks"
  billing_mode = "PAY_PER_REQUEST"
  # ruleid: NC-STATE-007
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
