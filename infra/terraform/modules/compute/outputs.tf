output "api_domain_name" {
  description = "API custom domain; SAM's base path mapping targets it."
  value       = aws_api_gateway_domain_name.api.domain_name
}

output "api_regional_domain_name" {
  description = "Regional endpoint behind the custom domain."
  value       = aws_api_gateway_domain_name.api.regional_domain_name
}

output "lambda_log_group_name" {
  description = "Log group of the SAM notes function."
  value       = aws_cloudwatch_log_group.lambda.name
}

output "api_access_log_group_arn" {
  description = "Access log group of the SAM API stage."
  value       = aws_cloudwatch_log_group.api_access.arn
}
