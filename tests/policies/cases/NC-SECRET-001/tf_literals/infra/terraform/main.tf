terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
  # ruleid: NC-SECRET-001
  access_key = "AKIAQ3EXAMPLEZ7KD2XW"
}

locals {
  # ruleid: NC-SECRET-001
  api_token = "tok-live-9f8e7d6c5b4a"
  # ok: NC-SECRET-001
  db_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/db-AbCdEf"
  # ok: NC-SECRET-001
  password_parameter = "/notes/prod/db-password"
}

resource "aws_cognito_user_pool" "users" {
  name = "notes-prod-users"
  password_policy {
    # ok: NC-SECRET-001
    minimum_length = 12
  }
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}

resource "aws_ssm_parameter" "ci_user" {
  name = "/notes/prod/ci-user"
  type = "String"
  # ruleid: NC-SECRET-001
  value = "AKIAQ3EXAMPLEZ7KD2XX"
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}

resource "aws_ssm_parameter" "table" {
  name = "/notes/prod/table-name"
  type = "String"
  # ok: NC-SECRET-001
  value = "notes-prod"
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}

module "db" {
  source = "./modules/db"
  # ruleid: NC-SECRET-001
  admin_password = "m0dule-literal-pass"
  # ok: NC-SECRET-001
  reporting_password = var.reporting_password
}

output "table_parameter" {
  # ok: NC-SECRET-001
  value = aws_ssm_parameter.table.name
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "notes-web"
  user_pool_id = aws_cognito_user_pool.users.id
  # ok: NC-SECRET-001
  explicit_auth_flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  token_validity_units {
    # ok: NC-SECRET-001
    access_token = "hours"
    # ok: NC-SECRET-001
    refresh_token = "days"
  }
}

resource "aws_secretsmanager_secret" "oauth" {
  # ok: NC-SECRET-001
  name = "notes/prod/oauth-client-secret"
  # ok: NC-SECRET-001
  description = "OAuth client secret of prod; the value is put with the AWS CLI"
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}
