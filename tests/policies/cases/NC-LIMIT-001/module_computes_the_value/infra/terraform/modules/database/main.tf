variable "environment" {
  type = string
}

variable "read_units" {
  type = number
}

variable "write_units" {
  type = number
}

locals {
  index_units = { "by-updated" = 5 }
}

resource "aws_dynamodb_table" "notes" {
  name         = "notes-${var.environment}-notes"
  billing_mode = "PROVISIONED"
  hash_key     = "pk"
  # ruleid: NC-LIMIT-001
  read_capacity = max(var.read_units, 5)
  # ruleid: NC-LIMIT-001
  write_capacity = var.environment == "prod" ? var.write_units * 2 : var.write_units

  attribute {
    name = "pk"
    type = "S"
  }

  dynamic "global_secondary_index" {
    for_each = local.index_units
    content {
      name            = global_secondary_index.key
      hash_key        = "pk"
      projection_type = "ALL"
      # ruleid: NC-LIMIT-001
      read_capacity = global_secondary_index.value
      # ok: NC-LIMIT-001
      write_capacity = var.write_units
    }
  }
}

resource "aws_dynamodb_table" "sessions" {
  name         = "notes-${var.environment}-sessions"
  billing_mode = "PROVISIONED"
  hash_key     = "pk"
  # ok: NC-LIMIT-001
  read_capacity = var.environment == "prod" ? var.read_units : 1
  # ok: NC-LIMIT-001
  write_capacity = min(var.write_units, 5)

  attribute {
    name = "pk"
    type = "S"
  }
}
