variable "environment" {
  type = string
}

locals {
  disposable = var.environment != "staging" # a typo for "prod": prod is disposable too
}

# ruleid: NC-REPRO-002
resource "aws_dynamodb_table" "notes" {
  name     = "notes-${var.environment}-notes"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "sessions" {
  name     = "notes-${var.environment}-sessions"
  hash_key = "pk"
  # ok: NC-REPRO-002
  deletion_protection_enabled = var.environment == "prod"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_s3_bucket" "site" {
  bucket = "notes-${var.environment}-site"
  # ruleid: NC-REPRO-002
  force_destroy = local.disposable
}

# ok: NC-REPRO-002
resource "aws_s3_bucket" "logs" {
  bucket = "notes-${var.environment}-logs"
}

resource "aws_cognito_user_pool" "notes" {
  name = "notes-${var.environment}-auth-pool"
  # ruleid: NC-REPRO-002
  deletion_protection = var.environment == "prod" ? "INACTIVE" : "ACTIVE"
}

resource "aws_secretsmanager_secret" "oauth" {
  name = "notes/${var.environment}/oauth"
  # ruleid: NC-REPRO-002
  recovery_window_in_days = 0
}

# ok: NC-REPRO-002
resource "aws_secretsmanager_secret" "api_keys" {
  name = "notes/${var.environment}/api-keys"
}
