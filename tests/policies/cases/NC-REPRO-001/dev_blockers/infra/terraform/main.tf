variable "environment" {
  type = string
}

variable "keep_data" {
  type    = bool
  default = false
}

locals {
  protections = merge({ deletion = false }, { deletion = var.keep_data })
}

# ruleid: NC-REPRO-001
resource "aws_s3_bucket" "site" {
  bucket = "notes-${var.environment}-site"
}

# ok: NC-REPRO-001
resource "aws_s3_bucket" "logs" {
  bucket        = "notes-${var.environment}-logs"
  force_destroy = var.environment != "prod"
}

resource "aws_dynamodb_table" "notes" {
  name     = "notes-${var.environment}-notes"
  hash_key = "pk"
  # ruleid: NC-REPRO-001
  deletion_protection_enabled = local.protections.deletion
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "sessions" {
  name     = "notes-${var.environment}-sessions"
  hash_key = "pk"
  # ok: NC-REPRO-001
  deletion_protection_enabled = var.environment == "prod"
  attribute {
    name = "pk"
    type = "S"
  }
  lifecycle {
    # ruleid: NC-REPRO-001
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret" "oauth" {
  name = "notes/${var.environment}/oauth"
  # ruleid: NC-REPRO-001
  recovery_window_in_days = 7
}

# ruleid: NC-REPRO-001
resource "aws_secretsmanager_secret" "api_keys" {
  name = "notes/${var.environment}/api-keys"
}

resource "aws_secretsmanager_secret" "tokens" {
  name = "notes/${var.environment}/tokens"
  # ok: NC-REPRO-001
  recovery_window_in_days = var.environment == "prod" ? 30 : 0
}

# ruleid: NC-REPRO-001
resource "aws_backup_vault" "notes" {
  name = "notes-${var.environment}-backup"
}

module "pool" {
  source      = "./modules/pool"
  environment = var.environment
}
