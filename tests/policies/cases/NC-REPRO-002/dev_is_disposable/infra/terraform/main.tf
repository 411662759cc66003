variable "environment" {
  type = string
}

# ok: NC-REPRO-002
resource "aws_dynamodb_table" "notes" {
  name     = "notes-${var.environment}-notes"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_s3_bucket" "site" {
  bucket = "notes-${var.environment}-site"
  # ok: NC-REPRO-002
  force_destroy = true
}
