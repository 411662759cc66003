output "environment" {
  description = "Environment of this state file."
  value       = var.environment
}

output "lambda_execution_role_arn" {
  description = "Role the SAM functions run as."
  value       = module.iam.lambda_execution_role_arn
}

output "role_arns" {
  description = "The five roles of the IAM responsibility matrix (docs/02-iam.md)."
  value = {
    developer        = module.iam.developer_role_arn
    deployment       = module.iam.deployment_role_arn
    production_admin = module.iam.production_admin_role_arn
    lambda_execution = module.iam.lambda_execution_role_arn
    cognito_service  = module.iam.cognito_service_role_arn
  }
}

output "kms_key_arn" {
  description = "Customer-managed key of this environment."
  value       = module.security.kms_key_arn
}

output "table_name" {
  description = "Notes table."
  value       = module.database.table_name
}

output "user_pool_id" {
  description = "Cognito user pool."
  value       = module.auth.user_pool_id
}

output "user_pool_client_id" {
  description = "Cognito app client of the web frontend."
  value       = module.auth.user_pool_client_id
}

output "api_domain" {
  description = "API custom domain; SAM maps its stage onto it."
  value       = module.compute.api_domain_name
}

output "frontend_url" {
  description = "Frontend URL served by CloudFront."
  value       = "https://${var.frontend_domain}"
}

output "site_bucket" {
  description = "Bucket the frontend build is synced to."
  value       = module.hosting.site_bucket_name
}

output "cloudfront_distribution_id" {
  description = "Distribution to invalidate after a frontend upload."
  value       = module.hosting.distribution_id
}

output "ssm_parameter_prefix" {
  description = "Where SAM finds this environment's foundation values."
  value       = "/${var.project}/${var.environment}/"
}
