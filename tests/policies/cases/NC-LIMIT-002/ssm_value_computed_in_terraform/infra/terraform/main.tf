# The tfvars row is right; the SSM parameter SAM reads computes another value from it. The finding is
# where Terraform writes the parameter's value, not at the tfvars line nor at the SAM property.
variable "environment" {
  type = string
}

variable "lambda_memory_mb" {
  type = number
}

variable "log_level" {
  type = string
}

resource "aws_ssm_parameter" "lambda_memory_mb" {
  name = "/notes/${var.environment}/config/lambda-memory-mb"
  type = "String"
  # ruleid: NC-LIMIT-002
  value = tostring(var.environment == "prod" ? 1024 : var.lambda_memory_mb)
}

resource "aws_ssm_parameter" "log_level" {
  name = "/notes/${var.environment}/config/log-level"
  type = "String"
  # ruleid: NC-LIMIT-005
  value = var.environment == "prod" ? "INFO" : var.log_level
}
