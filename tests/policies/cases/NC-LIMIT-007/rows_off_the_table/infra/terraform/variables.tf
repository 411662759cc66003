variable "dynamodb_read_units" {
  type = number
}

variable "dynamodb_write_units" {
  type = number
}

variable "lambda_memory_mb" {
  type = number
}

variable "api_rate_limit_per_minute" {
  type = number
}

variable "backup_retention_days" {
  type = number
  # ruleid: NC-LIMIT-007
  default = 30
}

variable "log_level" {
  type = string
}
