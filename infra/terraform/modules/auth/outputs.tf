output "user_pool_id" {
  description = "User pool id."
  value       = aws_cognito_user_pool.notes.id
}

output "user_pool_arn" {
  description = "User pool ARN (SAM's Cognito authorizer)."
  value       = aws_cognito_user_pool.notes.arn
}

output "user_pool_client_id" {
  description = "Web app client id."
  value       = aws_cognito_user_pool_client.web.id
}
