variable "dynamodb_read_units" {
  type = number
}

variable "dynamodb_write_units" {
  type = number
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
}
