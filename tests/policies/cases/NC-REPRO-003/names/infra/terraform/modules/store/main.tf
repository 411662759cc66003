variable "environment" {
  type = string
}

variable "suffix" {
  type    = string
  default = ""
}

resource "aws_dynamodb_table" "notes" {
  # ruleid: NC-REPRO-003
  name     = "notes-${var.environment}-notes-${uuid()}"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
