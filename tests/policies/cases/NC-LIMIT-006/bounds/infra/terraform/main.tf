# A validation that only bounds from below is no quota: 20 units instead of 2 passes it.
# ruleid: NC-LIMIT-006
variable "dynamodb_read_units" {
  type = number
  validation {
    condition     = var.dynamodb_read_units >= 1
    error_message = "At least one unit."
  }
}

# ruleid: NC-LIMIT-006
variable "lambda_memory_mb" {
  type = number
  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb % 64 == 0
    error_message = "At least 128 MB, in steps of 64."
  }
}

# ruleid: NC-LIMIT-006
variable "dynamodb_write_units" {
  type = number
}

# ok: NC-LIMIT-006
variable "backup_retention_days" {
  type = number
  validation {
    condition     = contains([7, 30], var.backup_retention_days)
    error_message = "7 or 30 days."
  }
}

# ok: NC-LIMIT-006
variable "api_rate_limit_per_minute" {
  type = number
  validation {
    condition     = var.api_rate_limit_per_minute > 0
    error_message = "Positive."
  }
  validation {
    condition     = 10000 >= var.api_rate_limit_per_minute
    error_message = "At most 10,000 per minute."
  }
}
