# Fixed capacity (the row) with Application Auto Scaling on top: a target whose maximum (or minimum) is
# not the row moves the units away from the reviewed numbers, whichever way the bound is written.
variable "environment" {
  type = string
}

variable "dynamodb_read_units" {
  type = number
  validation {
    condition     = var.dynamodb_read_units >= 1 && var.dynamodb_read_units <= 5
    error_message = "Read units must be between 1 and 5."
  }
}

variable "dynamodb_write_units" {
  type = number
  validation {
    condition     = var.dynamodb_write_units >= 1 && var.dynamodb_write_units <= 5
    error_message = "Write units must be between 1 and 5."
  }
}

locals {
  # the ceiling each environment may scale to
  max_read_units = {
    dev     = 1
    staging = 1
    prod    = 40
  }
}

resource "aws_dynamodb_table" "notes" {
  name           = "notes-prod-notes"
  billing_mode   = "PROVISIONED"
  hash_key       = "pk"
  read_capacity  = var.dynamodb_read_units
  write_capacity = var.dynamodb_write_units

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  global_secondary_index {
    name            = "by-sk"
    hash_key        = "sk"
    projection_type = "KEYS_ONLY"
    read_capacity   = var.dynamodb_read_units
    write_capacity  = var.dynamodb_write_units
  }
}

resource "aws_appautoscaling_target" "table_read" {
  # ruleid: NC-LIMIT-001
  max_capacity = lookup(local.max_read_units, var.environment, 1)
  # ok: NC-LIMIT-001
  min_capacity       = var.dynamodb_read_units
  resource_id        = "table/${aws_dynamodb_table.notes.name}"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  service_namespace  = "dynamodb"
}

resource "aws_appautoscaling_target" "index_write" {
  for_each = toset(["by-sk"])

  # ok: NC-LIMIT-001 (no scaling room: the row both ways)
  max_capacity = var.dynamodb_write_units
  # ruleid: NC-LIMIT-001
  min_capacity       = var.environment == "prod" ? 1 : var.dynamodb_write_units
  resource_id        = "table/${aws_dynamodb_table.notes.name}/index/${each.key}"
  scalable_dimension = "dynamodb:index:WriteCapacityUnits"
  service_namespace  = "dynamodb"
}

resource "aws_appautoscaling_target" "worker_concurrency" {
  # ok: NC-LIMIT-001 (not DynamoDB capacity)
  max_capacity       = 100
  min_capacity       = 1
  resource_id        = "function:notes-prod-worker:live"
  scalable_dimension = "lambda:function:ProvisionedConcurrency"
  service_namespace  = "lambda"
}
