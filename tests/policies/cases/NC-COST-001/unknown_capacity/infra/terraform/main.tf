variable "environment" {
  type = string
}

data "aws_ssm_parameter" "read_units" {
  name = "/notes/${var.environment}/read-units"
}

resource "aws_dynamodb_table" "notes" {
  name     = "notes-${var.environment}-notes"
  hash_key = "pk"
  # ruleid: NC-COST-001
  read_capacity = data.aws_ssm_parameter.read_units.value
  # ok: NC-COST-001
  write_capacity = 2
  attribute {
    name = "pk"
    type = "S"
  }
}
