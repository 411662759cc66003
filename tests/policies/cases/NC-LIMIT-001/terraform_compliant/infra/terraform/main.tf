variable "dynamodb_read_units" {
  type = number
  validation {
    condition     = var.dynamodb_read_units >= 1 && var.dynamodb_read_units <= 5
    error_message = "Read units must be between 1 and 5."
  }
}

# ok: NC-LIMIT-006
variable "dynamodb_write_units" {
  type = number
  validation {
    condition     = var.dynamodb_write_units >= 1 && var.dynamodb_write_units <= 5
    error_message = "Write units must be between 1 and 5."
  }
}

variable "backup_retention_days" {
  type = number
  validation {
    condition     = contains([7, 30], var.backup_retention_days)
    error_message = "Retention is 7 or 30 days."
  }
}

resource "aws_dynamodb_table" "notes" {
  name         = "notes-prod-notes"
  billing_mode = "PROVISIONED"
  hash_key     = "pk"
  # ok: NC-LIMIT-001
  read_capacity  = var.dynamodb_read_units
  write_capacity = var.dynamodb_write_units

  attribute {
    name = "pk"
    type = "S"
  }

  # ok: NC-LIMIT-004
  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_backup_plan" "notes" {
  name = "notes-prod-backup"
  rule {
    rule_name         = "daily"
    target_vault_name = "notes-prod-vault"
    schedule          = "cron(0 3 * * ? *)"
    lifecycle {
      # ok: NC-LIMIT-004
      delete_after = var.backup_retention_days
    }
  }
}
