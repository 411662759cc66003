# The notes table of one environment: provisioned capacity from envs/<env>.tfvars (section 2),
# KMS encryption, point-in-time recovery and an AWS Backup plan keeping
# backup_retention_days of daily recovery points (section 5, rollback "database corruption").

locals {
  name_prefix = "${var.project}-${var.environment}"
  ssm_prefix  = "/${var.project}/${var.environment}"
}

resource "aws_dynamodb_table" "notes" {
  name           = "${local.name_prefix}-notes"
  billing_mode   = "PROVISIONED"
  read_capacity  = var.read_units
  write_capacity = var.write_units
  hash_key       = "userId"
  range_key      = "noteId"

  deletion_protection_enabled = var.environment == "prod"

  attribute {
    name = "userId"
    type = "S"
  }

  attribute {
    name = "noteId"
    type = "S"
  }

  attribute {
    name = "updatedAt"
    type = "S"
  }

  # A user's notes, most recently edited first.
  global_secondary_index {
    name            = "by-updated"
    hash_key        = "userId"
    range_key       = "updatedAt"
    projection_type = "ALL"
    read_capacity   = var.read_units
    write_capacity  = var.write_units
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }
}

resource "aws_backup_vault" "notes" {
  name          = "${local.name_prefix}-backup"
  kms_key_arn   = var.kms_key_arn
  force_destroy = var.environment != "prod" # recovery points would block the nightly destroy of dev/staging
}

resource "aws_backup_plan" "notes" {
  name = "${local.name_prefix}-notes-daily"

  rule {
    rule_name         = "${local.name_prefix}-daily"
    target_vault_name = aws_backup_vault.notes.name
    schedule          = "cron(0 3 * * ? *)"

    lifecycle {
      delete_after = var.backup_retention_days
    }
  }
}

resource "aws_backup_selection" "notes" {
  name         = "${local.name_prefix}-notes"
  plan_id      = aws_backup_plan.notes.id
  iam_role_arn = var.backup_role_arn
  resources    = [aws_dynamodb_table.notes.arn]
}

resource "aws_ssm_parameter" "table_name" {
  name        = "${local.ssm_prefix}/dynamodb/table-name"
  description = "Notes table of ${var.environment} (non-secret, read by SAM)."
  type        = "String"
  value       = aws_dynamodb_table.notes.name
}

resource "aws_ssm_parameter" "table_arn" {
  name        = "${local.ssm_prefix}/dynamodb/table-arn"
  description = "Notes table ARN of ${var.environment} (non-secret, read by SAM)."
  type        = "String"
  value       = aws_dynamodb_table.notes.arn
}
