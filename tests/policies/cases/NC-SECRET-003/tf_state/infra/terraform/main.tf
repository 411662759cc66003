resource "aws_secretsmanager_secret" "jwt" {
  name = "notes/prod/jwt"
}

resource "aws_secretsmanager_secret_version" "jwt" {
  secret_id = aws_secretsmanager_secret.jwt.id
  # ruleid: NC-SECRET-003
  secret_string = random_password.jwt.result
}

# ok: NC-SECRET-003
resource "aws_secretsmanager_secret_version" "write_only" {
  secret_id                = aws_secretsmanager_secret.jwt.id
  secret_string_wo         = var.oauth_client_secret
  secret_string_wo_version = 1
}

# ruleid: NC-SECRET-003
resource "random_password" "jwt" {
  length  = 32
  special = true
}

# ok: NC-SECRET-003
resource "random_string" "bucket_suffix" {
  length  = 6
  special = false
}

# ruleid: NC-SECRET-003
resource "random_string" "api_token" {
  length = 24
}

resource "aws_ssm_parameter" "oauth" {
  name = "/notes/prod/oauth-client-secret"
  type = "SecureString"
  # ruleid: NC-SECRET-003
  value = var.oauth_client_secret
}

resource "aws_ssm_parameter" "table" {
  name = "/notes/prod/table-name"
  type = "String"
  # ok: NC-SECRET-003
  value = "notes-prod"
}

# ruleid: NC-SECRET-003
resource "aws_iam_access_key" "ci" {
  user = "notes-ci"
}

# ok: NC-SECRET-003
resource "aws_iam_access_key" "ci_encrypted" {
  user    = "notes-ci"
  pgp_key = "keybase:notes-ci"
}

# ruleid: NC-SECRET-003
resource "tls_private_key" "signing" {
  algorithm = "RSA"
}

resource "aws_db_instance" "legacy" {
  identifier = "notes-legacy"
  username   = "notes"
  # ruleid: NC-SECRET-003
  password = var.db_password
}

# ok: NC-SECRET-003
resource "aws_db_instance" "managed" {
  identifier                  = "notes-prod"
  username                    = "notes"
  manage_master_user_password = true
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "notes-analytics"
  # ruleid: NC-SECRET-003
  master_password = random_password.jwt.result
}

resource "aws_cognito_user_pool_client" "backend" {
  name         = "notes-backend"
  user_pool_id = "us-east-1_AbCdEfGhI"
  # ruleid: NC-SECRET-003
  generate_secret = true
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "notes-web"
  user_pool_id = "us-east-1_AbCdEfGhI"
  # ok: NC-SECRET-003
  generate_secret = false
}

# ruleid: NC-SECRET-003
data "aws_secretsmanager_secret_version" "oauth" {
  secret_id = aws_secretsmanager_secret.jwt.id
}
