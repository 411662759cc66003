variable "project" {
  description = "Project name (resource name prefix)."
  type        = string
}

variable "environment" {
  description = "Environment the API ingress belongs to."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "root_domain" {
  description = "Hosted zone of the API record."
  type        = string
}

variable "api_domain" {
  description = "API custom domain; its regional ACM certificate already exists."
  type        = string
}

variable "lambda_function_name" {
  description = "Name SAM gives the notes function; its log group is created here."
  type        = string
}

variable "api_name" {
  description = "Name SAM gives the REST API; its access log group is created here."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the Lambda and API access log groups."
  type        = number

  validation {
    condition     = contains([7, 14, 30, 60, 90, 180, 365], var.log_retention_days)
    error_message = "log_retention_days must be one of 7, 14, 30, 60, 90, 180, 365."
  }
}

variable "kms_key_arn" {
  description = "Key (security module) encrypting the log groups."
  type        = string
}

variable "apigateway_cloudwatch_role_arn" {
  description = "Role (iam module) API Gateway writes logs with."
  type        = string
}

variable "lambda_memory_mb" {
  description = "Memory of the SAM function (published in SSM, read by sam/template.yaml)."
  type        = number

  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 512
    error_message = "lambda_memory_mb must be between 128 and 512."
  }
}

variable "log_level" {
  description = "LOG_LEVEL and application log level of the SAM function (published in SSM for SAM)."
  type        = string
}

variable "api_rate_limit_per_minute" {
  description = "API throttle of the SAM stage, per minute (published in SSM for SAM, also per second)."
  type        = number

  validation {
    condition     = var.api_rate_limit_per_minute >= 60 && var.api_rate_limit_per_minute <= 10000
    error_message = "api_rate_limit_per_minute must be between 60 and 10000."
  }
}
