variable "reporting_password" {
  type      = string
  sensitive = true
}

variable "oauth_client_secret" {
  type      = string
  sensitive = true
}

variable "db_secret_name" {
  type = string
  # ok: NC-SECRET-001
  default = "notes/prod/db"
}
