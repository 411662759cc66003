variable "project" {
  description = "Project name (resource name prefix)."
  type        = string
}

variable "environment" {
  description = "Environment the user pool belongs to."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "frontend_domain" {
  description = "Frontend host name; the only callback and logout origin of the web client."
  type        = string
}

variable "cognito_service_role_arn" {
  description = "CognitoServiceRole (iam module) used for SMS."
  type        = string
}

variable "cognito_external_id" {
  description = "External id matching CognitoServiceRole's trust policy."
  type        = string
}
