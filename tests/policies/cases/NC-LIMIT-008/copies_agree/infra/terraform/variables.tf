variable "environment" {
  type = string
}

variable "lambda_memory_mb" {
  type = number
}

variable "log_level" {
  type = string
}

variable "frontend_domain" {
  type = string
}
