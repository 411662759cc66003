variable "environment" {
  type = string
}

variable "read_units" {
  type = number
}

resource "aws_dynamodb_table" "notes" {
  name     = "notes-${var.environment}-notes"
  hash_key = "pk"
  # ok: NC-COST-001
  read_capacity  = var.read_units
  write_capacity = 2
  attribute {
    name = "pk"
    type = "S"
  }
}
