variable "project" {
  description = "Project name (resource name prefix)."
  type        = string
}

variable "environment" {
  description = "Environment the key and secrets belong to."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "aws_region" {
  description = "Region of the key (scopes service conditions)."
  type        = string
}

variable "lambda_execution_role_arn" {
  description = "LambdaExecutionRole (iam module): may use the key through DynamoDB, SQS and Secrets Manager."
  type        = string
}

variable "deployment_role_arn" {
  description = "DeploymentRole (iam module): administers the key."
  type        = string
}

variable "production_admin_role_arn" {
  description = "ProductionAdminRole (iam module): administers the key in an emergency."
  type        = string
}
