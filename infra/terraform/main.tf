# Root module: one state file per environment (see backend.tf), applied with envs/<env>.tfvars.
# Modules are wired in the spec's dependency order (section 6):
#   iam -> security -> database -> auth -> compute -> monitoring
# Each module only reads outputs of modules before it. hosting stands beside the chain and
# uses security only. Lambda functions and the REST API itself are owned by SAM (sam/template.yaml),
# which reads this root's outputs from the SSM parameters under /notes/<env>/.

locals {
  name_prefix = "${var.project}-${var.environment}"

  # Names of the SAM-owned resources, fixed by convention so that Terraform can prepare their
  # log groups and alarms before `sam deploy` creates them.
  sam_function_name = "${local.name_prefix}-notes-api"
  sam_api_name      = "${local.name_prefix}-api"
  sam_stage_name    = var.environment
}

module "iam" {
  source = "./modules/iam"

  project     = var.project
  environment = var.environment
  aws_region  = var.aws_region

  frontend_domain = var.frontend_domain
  api_domain      = var.api_domain
}

module "security" {
  source = "./modules/security"

  project                   = var.project
  environment               = var.environment
  aws_region                = var.aws_region
  lambda_execution_role_arn = module.iam.lambda_execution_role_arn
  deployment_role_arn       = module.iam.deployment_role_arn
  production_admin_role_arn = module.iam.production_admin_role_arn
}

module "database" {
  source = "./modules/database"

  project               = var.project
  environment           = var.environment
  read_units            = var.dynamodb_read_units
  write_units           = var.dynamodb_write_units
  backup_retention_days = var.backup_retention_days
  kms_key_arn           = module.security.kms_key_arn
  backup_role_arn       = module.iam.backup_role_arn
}

module "auth" {
  source = "./modules/auth"

  project                  = var.project
  environment              = var.environment
  frontend_domain          = var.frontend_domain
  cognito_service_role_arn = module.iam.cognito_service_role_arn
  cognito_external_id      = module.iam.cognito_external_id
}

module "compute" {
  source = "./modules/compute"

  project                        = var.project
  environment                    = var.environment
  root_domain                    = var.root_domain
  api_domain                     = var.api_domain
  lambda_function_name           = local.sam_function_name
  api_name                       = local.sam_api_name
  log_retention_days             = var.log_retention_days
  kms_key_arn                    = module.security.kms_key_arn
  apigateway_cloudwatch_role_arn = module.iam.apigateway_cloudwatch_role_arn
  lambda_memory_mb               = var.lambda_memory_mb
  log_level                      = var.log_level
  api_rate_limit_per_minute      = var.api_rate_limit_per_minute
}

module "monitoring" {
  source = "./modules/monitoring"

  project               = var.project
  environment           = var.environment
  kms_key_arn           = module.security.kms_key_arn
  table_name            = module.database.table_name
  lambda_function_name  = local.sam_function_name
  lambda_log_group_name = module.compute.lambda_log_group_name
  api_name              = local.sam_api_name
  api_stage_name        = local.sam_stage_name
  alarm_email           = var.alarm_email
}

module "hosting" {
  source = "./modules/hosting"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  project         = var.project
  environment     = var.environment
  root_domain     = var.root_domain
  frontend_domain = var.frontend_domain
  kms_key_arn     = module.security.kms_key_arn
}
