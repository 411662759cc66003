variable "memory" {
  type = number
  # ruleid: NC-PLAN-001
  default = 64
  validation {
    condition     = var.memory >= 128 && var.memory <= 512
    error_message = "memory must be between 128 and 512."
  }
}
