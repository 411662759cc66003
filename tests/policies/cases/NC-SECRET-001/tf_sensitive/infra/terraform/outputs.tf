# ruleid: NC-SECRET-002
output "db_password" {
  value = var.db_password
}

# ruleid: NC-SECRET-002
output "signing_material" {
  value = var.jwt_secret
}

# ok: NC-SECRET-002
output "api_token" {
  value     = var.api_key
  sensitive = true
}

# ok: NC-SECRET-002
output "db_secret_arn" {
  value = var.db_secret_arn
}
