variable "admin_password" {
  type      = string
  sensitive = true
}

variable "reporting_password" {
  type      = string
  sensitive = true
}

resource "aws_ssm_parameter" "marker" {
  name = "/notes/prod/db-marker"
  type = "String"
  # ok: NC-SECRET-001
  value = length(var.admin_password) > 0 ? "set" : "unset"
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}
