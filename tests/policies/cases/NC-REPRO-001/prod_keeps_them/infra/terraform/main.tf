variable "environment" {
  type = string
}

# ok: NC-REPRO-001
resource "aws_s3_bucket" "site" {
  bucket = "notes-${var.environment}-site"
}

resource "aws_dynamodb_table" "notes" {
  name     = "notes-${var.environment}-notes"
  hash_key = "pk"
  # ok: NC-REPRO-001
  deletion_protection_enabled = true
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_secretsmanager_secret" "oauth" {
  name = "notes/${var.environment}/oauth"
  # ok: NC-REPRO-001
  recovery_window_in_days = 30
}
