variable "project" {
  description = "Project name (resource name prefix)."
  type        = string
}

variable "environment" {
  description = "Environment the alarms watch."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "kms_key_arn" {
  description = "Key (security module) encrypting the alarm topic."
  type        = string
}

variable "table_name" {
  description = "Notes table (database module) watched for throttling."
  type        = string
}

variable "lambda_function_name" {
  description = "SAM notes function watched for errors and throttles."
  type        = string
}

variable "lambda_log_group_name" {
  description = "Log group (compute module) scanned for ERROR records."
  type        = string
}

variable "api_name" {
  description = "SAM REST API watched for 5xx responses."
  type        = string
}

variable "api_stage_name" {
  description = "Stage of the SAM REST API."
  type        = string
}

variable "alarm_email" {
  description = "Optional e-mail subscribed to the alarm topic; empty for none."
  type        = string
  default     = ""
}
