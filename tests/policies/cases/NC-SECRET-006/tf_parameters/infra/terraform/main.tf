terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
}

variable "env" {
  type    = string
  default = "prod"
}

variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
  plain = "String"
}

resource "random_password" "db" {
  length = 24
}

resource "aws_ssm_parameter" "db_password" {
  name = "/notes/prod/db_password"
  # ruleid: NC-SECRET-006
  type  = "String"
  value = random_password.db.result
  tags  = local.tags
}

resource "aws_ssm_parameter" "api_token" {
  name = "/notes/${var.env}/api_token"
  # ruleid: NC-SECRET-006
  type  = local.plain
  value = "placeholder"
  tags  = local.tags
}

resource "aws_ssm_parameter" "innocent_name" {
  name = "/notes/prod/config"
  # ruleid: NC-SECRET-006
  type  = "StringList"
  value = var.db_password
  tags  = local.tags
}

data "aws_ssm_parameter" "template" {
  name = "/notes/templates/parameter-type"
}

resource "aws_ssm_parameter" "unknown_type" {
  name = "/notes/prod/jwt_signing_key"
  # ruleid: NC-SECRET-006
  type  = data.aws_ssm_parameter.template.value
  value = random_password.db.result
  tags  = local.tags
}

resource "aws_ssm_parameter" "secure" {
  name = "/notes/prod/oauth_client_secret"
  # ok: NC-SECRET-006
  type     = "SecureString"
  value_wo = random_password.db.result
  tags     = local.tags
}

resource "aws_secretsmanager_secret" "db" {
  name = "notes/prod/db"
  tags = local.tags
}

resource "aws_ssm_parameter" "secret_arn" {
  name = "/notes/prod/db_secret_arn"
  # ok: NC-SECRET-006
  type  = "String"
  value = aws_secretsmanager_secret.db.arn
  tags  = local.tags
}

resource "aws_ssm_parameter" "table" {
  name = "/notes/prod/table_name"
  # ok: NC-SECRET-006
  type  = "String"
  value = "notes-prod"
  tags  = local.tags
}

module "publish" {
  source = "./modules/publish"
  prefix = "/notes/${var.env}"
  tags   = local.tags
}

resource "aws_ssm_parameter" "ci_user" {
  name = "/notes/prod/ci-user"
  # ruleid: NC-SECRET-006
  type  = "String"
  value = "AKIAQ3EXAMPLEZ7KD2XY"
  tags  = local.tags
}

# Content: a String holding a JSON document with a password inside (the name says nothing).
resource "aws_ssm_parameter" "db_config" {
  name = "/notes/prod/db_config"
  # ruleid: NC-SECRET-006
  type  = "String"
  value = jsonencode({ host = "db.internal", username = "notes", password = "hT7s9Kq2LmXw8vRz3NpY" })
  tags  = local.tags
}

# The same document through a local, as a StringList's `key=value` lines.
locals {
  mail_settings = <<-EOT
    smtp_host=mail.internal
    smtp_password=Zx4Rt8Lp2Vn6Qs1Mk9Wd
  EOT
}

resource "aws_ssm_parameter" "mail" {
  name = "/notes/prod/mail"
  # ruleid: NC-SECRET-006
  type  = "StringList"
  value = local.mail_settings
  tags  = local.tags
}

# Near misses: a document without a secret, and the secret document as a SecureString.
resource "aws_ssm_parameter" "app_config" {
  name = "/notes/prod/app_config"
  # ok: NC-SECRET-006
  type  = "String"
  value = jsonencode({ table = "notes-prod-notes", region = "us-east-1", log_level = "WARN" })
  tags  = local.tags
}

resource "aws_ssm_parameter" "db_config_secure" {
  name = "/notes/prod/db_settings"
  # ok: NC-SECRET-006
  type  = "SecureString"
  value = jsonencode({ username = "notes", password = "hT7s9Kq2LmXw8vRz3NpY" })
  tags  = local.tags
}
