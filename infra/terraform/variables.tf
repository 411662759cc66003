variable "project" {
  description = "Project name; prefixes every resource name and fills the Project tag."
  type        = string
  default     = "notes"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be lower-case letters, digits and dashes."
  }
}

variable "environment" {
  description = "Environment this root is applied to (one state file each)."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "aws_region" {
  description = "Region of the application resources (API Gateway, Lambda, DynamoDB, Cognito)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like us-east-1."
  }
}

variable "root_domain" {
  description = "Route53 hosted zone that holds every environment's records."
  type        = string
  default     = "fikri.dev"
}

variable "frontend_domain" {
  description = "Frontend host name served by CloudFront (its ACM certificate exists in us-east-1)."
  type        = string

  validation {
    condition     = can(regex("^p1(-[a-z]+)?\\.fikri\\.dev$", var.frontend_domain))
    error_message = "frontend_domain must be p1.fikri.dev or p1-<env>.fikri.dev."
  }
}

variable "api_domain" {
  description = "API custom domain (its regional ACM certificate exists in aws_region)."
  type        = string

  validation {
    condition     = can(regex("^api\\.p1(-[a-z]+)?\\.fikri\\.dev$", var.api_domain))
    error_message = "api_domain must be api.<frontend_domain>."
  }
}

# Capacity variables: the spec's "resource quotas through Terraform variable limits" (section 7).

variable "dynamodb_read_units" {
  description = "Provisioned read capacity units of the notes table."
  type        = number

  validation {
    condition     = var.dynamodb_read_units >= 1 && var.dynamodb_read_units <= 10
    error_message = "dynamodb_read_units must be between 1 and 10."
  }
}

variable "dynamodb_write_units" {
  description = "Provisioned write capacity units of the notes table."
  type        = number

  validation {
    condition     = var.dynamodb_write_units >= 1 && var.dynamodb_write_units <= 10
    error_message = "dynamodb_write_units must be between 1 and 10."
  }
}

variable "lambda_memory_mb" {
  description = "Memory of the notes Lambda functions (published for SAM)."
  type        = number

  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 512
    error_message = "lambda_memory_mb must be between 128 and 512."
  }
}

variable "api_rate_limit_per_minute" {
  description = "API requests per minute (SAM converts it to API Gateway's per-second rate)."
  type        = number

  validation {
    condition     = var.api_rate_limit_per_minute >= 60 && var.api_rate_limit_per_minute <= 10000
    error_message = "api_rate_limit_per_minute must be between 60 and 10000."
  }
}

variable "backup_retention_days" {
  description = "Days AWS Backup keeps the notes table's recovery points."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35."
  }
}

variable "log_level" {
  description = "Application log level (published for SAM's LOG_LEVEL)."
  type        = string

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "log_retention_days" {
  description = "Retention of the environment's CloudWatch log groups."
  type        = number

  validation {
    condition     = contains([7, 14, 30, 60, 90, 180, 365], var.log_retention_days)
    error_message = "log_retention_days must be one of 7, 14, 30, 60, 90, 180, 365."
  }
}

variable "alarm_email" {
  description = "Optional address subscribed to the alarm topic; empty means no subscription."
  type        = string
  default     = ""

  validation {
    condition     = var.alarm_email == "" || can(regex("^[^@ ]+@[^@ ]+$", var.alarm_email))
    error_message = "alarm_email must be empty or an e-mail address."
  }
}
