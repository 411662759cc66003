# Cognito user pool and web app client of one environment (spec section 6, step 4 "Auth").

data "aws_region" "current" {}

locals {
  name_prefix = "${var.project}-${var.environment}"
  ssm_prefix  = "/${var.project}/${var.environment}"
}

resource "aws_cognito_user_pool" "notes" {
  name                     = "${local.name_prefix}-auth-pool"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  deletion_protection      = var.environment == "prod" ? "ACTIVE" : "INACTIVE"
  mfa_configuration        = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  sms_configuration {
    external_id    = var.cognito_external_id
    sns_caller_arn = var.cognito_service_role_arn
    sns_region     = data.aws_region.current.name
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  verification_message_template {
    default_email_option = "CONFIRM_WITH_CODE"
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "${local.name_prefix}-web"
  user_pool_id = aws_cognito_user_pool.notes.id

  generate_secret               = false
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  supported_identity_providers  = ["COGNITO"]

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email"]
  callback_urls                        = ["https://${var.frontend_domain}/"]
  logout_urls                          = ["https://${var.frontend_domain}/"]

  access_token_validity  = 60
  id_token_validity      = 60
  refresh_token_validity = 30

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

resource "aws_ssm_parameter" "user_pool_id" {
  name        = "${local.ssm_prefix}/cognito/user-pool-id"
  description = "User pool id of ${var.environment} (non-secret, read by SAM)."
  type        = "String"
  value       = aws_cognito_user_pool.notes.id
}

resource "aws_ssm_parameter" "user_pool_arn" {
  name        = "${local.ssm_prefix}/cognito/user-pool-arn"
  description = "User pool ARN of ${var.environment} (non-secret, read by SAM)."
  type        = "String"
  value       = aws_cognito_user_pool.notes.arn
}

resource "aws_ssm_parameter" "user_pool_client_id" {
  name        = "${local.ssm_prefix}/cognito/user-pool-client-id"
  description = "Web app client id of ${var.environment} (public, used by the frontend)."
  type        = "String"
  value       = aws_cognito_user_pool_client.web.id
}
