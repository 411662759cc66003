variable "prefix" {
  type = string
}

variable "tags" {
  type = map(string)
}

variable "parameter_type" {
  type    = string
  default = "String"
}

resource "aws_ssm_parameter" "client_secret" {
  name = "${var.prefix}/oauth/client_secret"
  # ruleid: NC-SECRET-006
  type  = var.parameter_type
  value = "set-by-the-runbook"
  tags  = var.tags
}
