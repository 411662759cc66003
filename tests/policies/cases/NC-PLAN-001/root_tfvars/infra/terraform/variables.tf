variable "log_level" {
  type = string
  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "lambda_memory_mb" {
  type = number
  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 512
    error_message = "lambda_memory_mb must be between 128 and 512."
  }
}

variable "retention_days" {
  type = number
  validation {
    condition     = var.retention_days > 0
    error_message = "retention_days must be positive."
  }
}

variable "budget" {
  type    = number
  default = 0
  validation {
    condition     = var.budget >= 10
    error_message = "budget must be at least 10."
  }
}

variable "regions" {
  type = list(string)
  validation {
    condition     = alltrue([for r in var.regions : can(regex("^[a-z]{2}-[a-z]+-[0-9]$", r))])
    error_message = "every region must look like us-east-1."
  }
}

variable "min_units" {
  type = number
}

variable "max_units" {
  type = number
  validation {
    condition     = var.max_units >= var.min_units
    error_message = "max_units must not be below min_units."
  }
}

variable "db_password" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.db_password) >= 16
    error_message = "db_password must be at least 16 characters."
  }
}
