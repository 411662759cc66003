variable "environment" {
  type = string
}

variable "deletion_protection" {
  type    = string
  default = "ACTIVE"
}

resource "aws_cognito_user_pool" "notes" {
  name = "notes-${var.environment}-auth-pool"
  # ruleid: NC-REPRO-001
  deletion_protection = var.deletion_protection
}
