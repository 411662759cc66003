output "table_name" {
  description = "Notes table."
  value       = aws_dynamodb_table.notes.name
}

output "table_arn" {
  description = "Notes table ARN."
  value       = aws_dynamodb_table.notes.arn
}

output "backup_vault_name" {
  description = "Vault holding the table's recovery points."
  value       = aws_backup_vault.notes.name
}
