# The one-time state resources, checked when they are part of the configuration.
# ok: NC-STATE-005, NC-STATE-006
resource "aws_s3_bucket" "state" {
  bucket = "notes-terraform-state"
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    # ok: NC-STATE-005
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      # ok: NC-STATE-006
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Another bucket: not the state bucket, so not held to the state rules.
# ok: NC-STATE-005, NC-STATE-006
resource "aws_s3_bucket" "site" {
  bucket = "notes-prod-site"
}

resource "aws_dynamodb_table" "locks" {
  name         = "notes-terraform-locks"
  billing_mode = "PAY_PER_REQUEST"
  # ok: NC-STATE-007
  hash_key = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}
