# Encryption and secret containers of one environment (spec sections 3 and 6). Secret values are
# never written by Terraform: only the containers exist here, values are put with
# `aws secretsmanager put-secret-value` (docs/runbooks/initial-setup.md), so no secret reaches
# the state file.

data "aws_caller_identity" "current" {}

locals {
  name_prefix = "${var.project}-${var.environment}"
  account_id  = data.aws_caller_identity.current.account_id
  ssm_prefix  = "/${var.project}/${var.environment}"
}

# A key policy's "*" resource means "this key"; written with jsonencode so that it reads as the
# resource policy it is.
locals {
  key_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountRootAdministersKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "EnvironmentAdministrators"
        Effect    = "Allow"
        Principal = { AWS = [var.deployment_role_arn, var.production_admin_role_arn] }
        Action = [
          "kms:CancelKeyDeletion",
          "kms:Describe*",
          "kms:DisableKeyRotation",
          "kms:EnableKeyRotation",
          "kms:Get*",
          "kms:List*",
          "kms:PutKeyPolicy",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateAlias",
        ]
        Resource = "*"
      },
      {
        Sid       = "LambdaThroughServices" # table, environment variables, secrets, dead-letter queue
        Effect    = "Allow"
        Principal = { AWS = var.lambda_execution_role_arn }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService" = [
              "dynamodb.${var.aws_region}.amazonaws.com",
              "lambda.${var.aws_region}.amazonaws.com",
              "secretsmanager.${var.aws_region}.amazonaws.com",
              "sqs.${var.aws_region}.amazonaws.com",
            ]
          }
        }
      },
      {
        Sid       = "CloudWatchLogsOfThisEnvironment"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.aws_region}.amazonaws.com" }
        Action    = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${var.aws_region}:${local.account_id}:log-group:/aws/*/${local.name_prefix}-*"
          }
        }
      },
      {
        Sid       = "CloudWatchAlarmsToEncryptedTopic"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
      {
        Sid       = "CloudFrontReadsSiteBucket"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          StringLike = { "aws:SourceArn" = "arn:aws:cloudfront::${local.account_id}:distribution/*" }
        }
      },
    ]
  }
}

resource "aws_kms_key" "data" {
  description             = "${local.name_prefix}: notes table, logs, secrets, site bucket"
  enable_key_rotation     = true
  deletion_window_in_days = var.environment == "prod" ? 30 : 7
  policy                  = jsonencode(local.key_policy)
}

resource "aws_kms_alias" "data" {
  name          = "alias/${local.name_prefix}-data"
  target_key_id = aws_kms_key.data.key_id
}

# Containers only: no aws_secretsmanager_secret_version, so no value is ever in state.
resource "aws_secretsmanager_secret" "oauth_credentials" {
  name                    = "${var.project}/${var.environment}/oauth-credentials"
  description             = "OAuth client credentials of ${var.environment}; value put out of band."
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = var.environment == "prod" ? 30 : 0 # dev/staging are recreated each morning (NC-REPRO-001)
}

resource "aws_secretsmanager_secret" "api_keys" {
  name                    = "${var.project}/${var.environment}/api-keys"
  description             = "Third-party API keys of ${var.environment}; value put out of band."
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = var.environment == "prod" ? 30 : 0 # dev/staging are recreated each morning (NC-REPRO-001)
}

# Non-secret identifiers published for SAM (the cross-tool link).
resource "aws_ssm_parameter" "kms_key_arn" {
  name        = "${local.ssm_prefix}/security/kms-key-arn"
  description = "KMS key of ${var.environment} (non-secret, read by SAM)."
  type        = "String"
  value       = aws_kms_key.data.arn
}

resource "aws_ssm_parameter" "oauth_credentials_secret_arn" {
  name        = "${local.ssm_prefix}/security/oauth-credentials-secret-arn"
  description = "ARN (not value) of the OAuth credentials secret of ${var.environment}."
  type        = "String"
  value       = aws_secretsmanager_secret.oauth_credentials.arn
}

resource "aws_ssm_parameter" "api_keys_secret_arn" {
  name        = "${local.ssm_prefix}/security/api-keys-secret-arn"
  description = "ARN (not value) of the API keys secret of ${var.environment}."
  type        = "String"
  value       = aws_secretsmanager_secret.api_keys.arn
}
