# ruleid: NC-SECRET-002
variable "db_password" {
  type = string
}

variable "api_key" {
  type      = string
  sensitive = true
  # ruleid: NC-SECRET-001, NC-SECRET-002
  default = "default-api-key-123456"
}

# ok: NC-SECRET-002
variable "jwt_secret" {
  type      = string
  sensitive = true
}

# ok: NC-SECRET-002
variable "secret_recovery_window_days" {
  type    = number
  default = 7
}

# ok: NC-SECRET-002
variable "db_secret_arn" {
  type    = string
  default = ""
}

# ok: NC-SECRET-002
variable "token_validity_units" {
  type    = string
  default = "hours"
}
