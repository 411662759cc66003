variable "project" {
  description = "Project name; the state bucket and lock table are named after it (spec section 3)."
  type        = string
  default     = "notes"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be lower-case letters, digits and dashes."
  }
}

variable "aws_region" {
  description = "Region of the state bucket and lock table (must match infra/terraform/backend.tf)."
  type        = string
  default     = "us-east-1"
}

variable "state_noncurrent_version_days" {
  description = "Days old state versions are kept for recovery (docs/runbooks/state-recovery.md)."
  type        = number
  default     = 90

  validation {
    condition     = var.state_noncurrent_version_days >= 30 && var.state_noncurrent_version_days <= 365
    error_message = "state_noncurrent_version_days must be between 30 and 365."
  }
}

variable "audit_log_retention_days" {
  description = "Days CloudTrail log files are kept."
  type        = number
  default     = 365

  validation {
    condition     = var.audit_log_retention_days >= 90 && var.audit_log_retention_days <= 3650
    error_message = "audit_log_retention_days must be between 90 and 3650."
  }
}
