output "kms_key_arn" {
  description = "Customer-managed key of this environment."
  value       = aws_kms_key.data.arn
}

output "kms_key_id" {
  description = "Key id."
  value       = aws_kms_key.data.key_id
}

output "kms_alias_name" {
  description = "Alias of the key."
  value       = aws_kms_alias.data.name
}

output "oauth_credentials_secret_arn" {
  description = "Secret container for OAuth client credentials (value set outside Terraform)."
  value       = aws_secretsmanager_secret.oauth_credentials.arn
}

output "api_keys_secret_arn" {
  description = "Secret container for third-party API keys (value set outside Terraform)."
  value       = aws_secretsmanager_secret.api_keys.arn
}
