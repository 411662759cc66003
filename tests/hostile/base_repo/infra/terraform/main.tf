variable "environment" {
  type = string
}

resource "random_password" "marker" {
  length = 16
}

resource "aws_dynamodb_table" "notes" {
  name         = "notes-${var.environment}"
  billing_mode = "PROVISIONED"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  tags = {
    Environment = var.environment
    Project     = "notes"
  }
}
