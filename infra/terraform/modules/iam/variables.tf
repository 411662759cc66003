variable "project" {
  description = "Project name (resource name prefix)."
  type        = string
}

variable "environment" {
  description = "Environment whose roles these are; every role name and tag condition carries it."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "aws_region" {
  description = "Region of the environment's resources (scopes the ARNs in the policies)."
  type        = string
}

variable "frontend_domain" {
  description = "Frontend record the deployment role may change in Route53."
  type        = string
}

variable "api_domain" {
  description = "API record the deployment role may change in Route53."
  type        = string
}

variable "state_bucket" {
  description = "Shared Terraform state bucket (created by bootstrap)."
  type        = string
  default     = "notes-terraform-state"
}

variable "lock_table" {
  description = "Shared Terraform lock table (created by bootstrap)."
  type        = string
  default     = "notes-terraform-locks"
}
