variable "project" {
  description = "Project name (resource name prefix)."
  type        = string
}

variable "environment" {
  description = "Environment the table belongs to."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "read_units" {
  description = "Provisioned read capacity (table and index)."
  type        = number

  validation {
    condition     = var.read_units >= 1 && var.read_units <= 10
    error_message = "read_units must be between 1 and 10."
  }
}

variable "write_units" {
  description = "Provisioned write capacity (table and index)."
  type        = number

  validation {
    condition     = var.write_units >= 1 && var.write_units <= 10
    error_message = "write_units must be between 1 and 10."
  }
}

variable "backup_retention_days" {
  description = "Days AWS Backup keeps each recovery point."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed key (security module) for the table and the backup vault."
  type        = string
}

variable "backup_role_arn" {
  description = "AWS Backup service role (iam module)."
  type        = string
}
