# The tfvars row is right; the module computes another value from it. The finding is where the value is
# computed, not at the tfvars line it read (an engineer looking there would find nothing to fix).
variable "environment" {
  type = string
}

variable "dynamodb_read_units" {
  type = number
  validation {
    condition     = var.dynamodb_read_units >= 1 && var.dynamodb_read_units <= 5
    error_message = "Read units must be between 1 and 5."
  }
}

variable "dynamodb_write_units" {
  type = number
  validation {
    condition     = var.dynamodb_write_units >= 1 && var.dynamodb_write_units <= 5
    error_message = "Write units must be between 1 and 5."
  }
}

module "database" {
  source      = "./modules/database"
  environment = var.environment
  read_units  = var.dynamodb_read_units
  write_units = var.dynamodb_write_units
}
