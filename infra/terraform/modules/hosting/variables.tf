variable "project" {
  description = "Project name (resource name prefix)."
  type        = string
}

variable "environment" {
  description = "Environment the frontend belongs to."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "root_domain" {
  description = "Hosted zone of the frontend record."
  type        = string
}

variable "frontend_domain" {
  description = "Frontend host name; its ACM certificate already exists in us-east-1."
  type        = string
}

variable "kms_key_arn" {
  description = "Key (security module) encrypting the site bucket."
  type        = string
}
