# ruleid: NC-LIMIT-006
variable "dynamodb_read_units" {
  type = number
}

# ruleid: NC-LIMIT-006
variable "dynamodb_write_units" {
  type = number
}

# ruleid: NC-LIMIT-006
variable "backup_retention_days" {
  type = number
  validation {
    condition     = var.backup_retention_days >= 1
    error_message = "At least one day."
  }
}

resource "aws_dynamodb_table" "notes" {
  name         = "notes-prod-notes"
  billing_mode = "PROVISIONED"
  hash_key     = "pk"
  # ruleid: NC-LIMIT-001
  read_capacity = 5
  # ok: NC-LIMIT-001
  write_capacity = var.dynamodb_write_units

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "on_demand" {
  name = "notes-prod-sessions"
  # ruleid: NC-LIMIT-001
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    # ruleid: NC-LIMIT-004
    enabled = false
  }
}

resource "aws_backup_plan" "notes" {
  name = "notes-prod-backup"
  rule {
    rule_name         = "daily"
    target_vault_name = "notes-prod-vault"
    schedule          = "cron(0 3 * * ? *)"
    lifecycle {
      # ok: NC-LIMIT-004 (the wrong value is reported where it comes from: envs/prod.tfvars)
      delete_after = var.backup_retention_days
    }
  }
}
