output "developer_role_arn" {
  description = "DeveloperRole."
  value       = aws_iam_role.developer.arn
}

output "deployment_role_arn" {
  description = "DeploymentRole."
  value       = aws_iam_role.deployment.arn
}

output "production_admin_role_arn" {
  description = "ProductionAdminRole (break-glass)."
  value       = aws_iam_role.production_admin.arn
}

output "lambda_execution_role_arn" {
  description = "LambdaExecutionRole; SAM functions run as it."
  value       = aws_iam_role.lambda_execution.arn

  # Consumers validate the role when they are configured: hand it out with its permissions.
  depends_on = [aws_iam_role_policy.lambda_execution]
}

output "lambda_execution_role_name" {
  description = "LambdaExecutionRole name."
  value       = aws_iam_role.lambda_execution.name
}

output "cognito_service_role_arn" {
  description = "CognitoServiceRole; the user pool sends SMS through it."
  value       = aws_iam_role.cognito_service.arn

  # Consumers validate the role when they are configured: hand it out with its permissions.
  depends_on = [aws_iam_role_policy.cognito_service]
}

output "cognito_external_id" {
  description = "External id the user pool presents when assuming CognitoServiceRole."
  value       = local.cognito_external_id
}

output "backup_role_arn" {
  description = "Service role AWS Backup uses for the table's backup selection."
  value       = aws_iam_role.backup.arn

  # Consumers validate the role when they are configured: hand it out with its permissions.
  depends_on = [aws_iam_role_policy_attachment.backup, aws_iam_role_policy_attachment.backup_restores]
}

output "apigateway_cloudwatch_role_arn" {
  description = "Service role API Gateway uses to write access and execution logs."
  value       = aws_iam_role.apigateway_cloudwatch.arn

  # Consumers validate the role when they are configured: hand it out with its permissions.
  depends_on = [aws_iam_role_policy_attachment.apigateway_cloudwatch]
}
