# The five roles of the IAM responsibility matrix (spec section 9, docs/02-iam.md) plus two
# service roles the foundation needs (AWS Backup, API Gateway logging). Isolation between
# environments is by name prefix (notes-<env>-*) and by the Environment tag
# (aws:ResourceTag/Environment), the spec's single-account, tag-based model (section 2).

data "aws_caller_identity" "current" {}

locals {
  name_prefix         = "${var.project}-${var.environment}"
  account_id          = data.aws_caller_identity.current.account_id
  account_root_arn    = "arn:aws:iam::${local.account_id}:root"
  cognito_external_id = "${local.name_prefix}-cognito-sms"
  ssm_prefix          = "/${var.project}/${var.environment}"

  table_arn_pattern = "arn:aws:dynamodb:${var.aws_region}:${local.account_id}:table/${local.name_prefix}-*"

  # Resources this environment owns, recognisable by name.
  named_resource_arns = [
    local.table_arn_pattern,
    "arn:aws:lambda:${var.aws_region}:${local.account_id}:function:${local.name_prefix}-*",
    "arn:aws:logs:${var.aws_region}:${local.account_id}:log-group:/aws/lambda/${local.name_prefix}-*",
    "arn:aws:logs:${var.aws_region}:${local.account_id}:log-group:/aws/apigateway/${local.name_prefix}-*",
    "arn:aws:cloudformation:${var.aws_region}:${local.account_id}:stack/${local.name_prefix}-*/*",
    "arn:aws:s3:::${local.name_prefix}-*",
    "arn:aws:s3:::${local.name_prefix}-*/*",
    "arn:aws:sqs:${var.aws_region}:${local.account_id}:${local.name_prefix}-*",
    "arn:aws:sns:${var.aws_region}:${local.account_id}:${local.name_prefix}-*",
    "arn:aws:cloudwatch:${var.aws_region}:${local.account_id}:alarm:${local.name_prefix}-*",
    "arn:aws:ssm:${var.aws_region}:${local.account_id}:parameter${local.ssm_prefix}/*",
    "arn:aws:secretsmanager:${var.aws_region}:${local.account_id}:secret:${var.project}/${var.environment}/*",
    "arn:aws:backup:${var.aws_region}:${local.account_id}:backup-vault:${local.name_prefix}-*",
  ]

  # Resources whose ARNs carry generated ids: reachable only through the Environment tag.
  tagged_resource_arns = [
    "arn:aws:apigateway:${var.aws_region}::/*",
    "arn:aws:cognito-idp:${var.aws_region}:${local.account_id}:userpool/*",
    "arn:aws:kms:${var.aws_region}:${local.account_id}:key/*",
    "arn:aws:cloudfront::${local.account_id}:distribution/*",
    "arn:aws:cloudfront::${local.account_id}:origin-access-control/*",
    "arn:aws:cloudfront::${local.account_id}:response-headers-policy/*",
    "arn:aws:backup:${var.aws_region}:${local.account_id}:backup-plan:*",
  ]

  tagged_services = [
    "apigateway:*",
    "cognito-idp:*",
    "kms:*",
    "cloudfront:*",
    "backup:*",
  ]

  named_services = [
    "dynamodb:*",
    "lambda:*",
    "logs:*",
    "cloudformation:*",
    "s3:*",
    "sqs:*",
    "sns:*",
    "cloudwatch:*",
    "ssm:*",
    "secretsmanager:*",
    "backup:*",
  ]

  # Read-only calls that have no resource-level scope (data sources and consoles need them).
  discovery_actions = [
    "acm:ListCertificates",
    "apigateway:GET",
    "cloudformation:ListStacks",
    "cloudformation:ValidateTemplate",
    "cloudfront:ListDistributions",
    "cloudwatch:DescribeAlarms",
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "cognito-idp:ListUserPools",
    "dynamodb:ListTables",
    "kms:ListAliases",
    "lambda:ListFunctions",
    "logs:DescribeLogGroups",
    "route53:ListHostedZones",
    "route53:ListHostedZonesByName",
    "tag:GetResources",
  ]

  service_roles_passed = [
    "arn:aws:iam::${local.account_id}:role/${local.name_prefix}-lambda-execution",
    "arn:aws:iam::${local.account_id}:role/${local.name_prefix}-cognito-service",
    "arn:aws:iam::${local.account_id}:role/${local.name_prefix}-backup",
    "arn:aws:iam::${local.account_id}:role/${local.name_prefix}-apigateway-cloudwatch",
  ]
}

# ---------------------------------------------------------------------------------------------
# DeveloperRole: humans of this account, MFA required; read everywhere in its environment,
# write only outside prod.

data "aws_iam_policy_document" "developer_trust" {
  statement {
    sid     = "AccountPrincipalsWithMfa"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "developer" {
  name                 = "${local.name_prefix}-developer"
  description          = "DeveloperRole: local development and testing against ${var.environment}."
  assume_role_policy   = data.aws_iam_policy_document.developer_trust.json
  max_session_duration = 14400
}

data "aws_iam_policy_document" "developer_read" {
  statement {
    sid = "ReadOwnEnvironmentByName"
    actions = [
      "cloudformation:DescribeStackEvents",
      "cloudformation:DescribeStackResources",
      "cloudformation:DescribeStacks",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "logs:DescribeLogStreams",
      "logs:FilterLogEvents",
      "logs:GetLogEvents",
      "logs:StartQuery",
    ]
    resources = local.named_resource_arns
  }

  statement {
    sid = "ReadOwnEnvironmentByTag"
    actions = [
      "cognito-idp:DescribeUserPool",
      "cognito-idp:DescribeUserPoolClient",
      "cognito-idp:ListUsers",
      "kms:DescribeKey",
    ]
    resources = local.tagged_resource_arns

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = [var.environment]
    }
  }

  statement {
    sid       = "Discovery"
    actions   = local.discovery_actions
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "developer_read" {
  name   = "${local.name_prefix}-developer-read"
  role   = aws_iam_role.developer.id
  policy = data.aws_iam_policy_document.developer_read.json
}

data "aws_iam_policy_document" "developer_write" {
  statement {
    sid = "WriteOwnEnvironmentByName"
    actions = [
      "dynamodb:DeleteItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "lambda:InvokeFunction",
      "lambda:UpdateFunctionCode",
    ]
    resources = local.named_resource_arns
  }

  statement {
    sid = "ManageTestUsersByTag"
    actions = [
      "cognito-idp:AdminCreateUser",
      "cognito-idp:AdminDeleteUser",
      "cognito-idp:AdminSetUserPassword",
    ]
    resources = local.tagged_resource_arns

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = [var.environment]
    }
  }
}

resource "aws_iam_role_policy" "developer_write" {
  count = var.environment == "prod" ? 0 : 1

  name   = "${local.name_prefix}-developer-write"
  role   = aws_iam_role.developer.id
  policy = data.aws_iam_policy_document.developer_write.json
}

# ---------------------------------------------------------------------------------------------
# DeploymentRole: the CI/CD pipeline (terraform apply + sam deploy) of this environment. The only
# role allowed to read and write this environment's state file.

data "aws_iam_policy_document" "deployment_trust" {
  statement {
    sid     = "AccountPrincipals"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/Project"
      values   = [var.project]
    }
  }
}

resource "aws_iam_role" "deployment" {
  name                 = "${local.name_prefix}-deployment"
  description          = "DeploymentRole: CI/CD pipeline for ${var.environment}."
  assume_role_policy   = data.aws_iam_policy_document.deployment_trust.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "deployment" {
  statement {
    sid       = "TerraformStateObject"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:aws:s3:::${var.state_bucket}/${var.environment}/*"]
  }

  statement {
    sid       = "TerraformStateListing"
    actions   = ["s3:ListBucket", "s3:GetBucketVersioning"]
    resources = ["arn:aws:s3:::${var.state_bucket}"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.environment}/*"]
    }
  }

  statement {
    sid       = "TerraformStateLock"
    actions   = ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = ["arn:aws:dynamodb:*:${local.account_id}:table/${var.lock_table}"]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${var.state_bucket}/${var.environment}/*"]
    }
  }

  statement {
    sid       = "ManageOwnEnvironmentByName"
    actions   = local.named_services
    resources = local.named_resource_arns
  }

  statement {
    sid       = "ManageOwnEnvironmentByTag"
    actions   = local.tagged_services
    resources = local.tagged_resource_arns

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = [var.environment]
    }
  }

  statement {
    sid       = "CreateOnlyWithOwnEnvironmentTag"
    actions   = local.tagged_services
    resources = local.tagged_resource_arns

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/Environment"
      values   = [var.environment]
    }
  }

  statement {
    sid = "ManageOwnEnvironmentRoles"
    actions = [
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies",
      "iam:PutRolePolicy",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
    ]
    resources = ["arn:aws:iam::${local.account_id}:role/${local.name_prefix}-*"]
  }

  statement {
    sid       = "PassServiceRoles"
    actions   = ["iam:PassRole"]
    resources = local.service_roles_passed

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values = [
        "apigateway.amazonaws.com",
        "backup.amazonaws.com",
        "cognito-idp.amazonaws.com",
        "lambda.amazonaws.com",
      ]
    }
  }

  statement {
    sid       = "OwnEnvironmentDnsRecords"
    actions   = ["route53:ChangeResourceRecordSets"]
    resources = ["arn:aws:route53:::hostedzone/*"]

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      values   = [var.frontend_domain, var.api_domain]
    }
  }

  statement {
    sid = "ReadDnsAndCertificates"
    actions = [
      "acm:DescribeCertificate",
      "acm:ListTagsForCertificate",
      "route53:GetChange",
      "route53:GetHostedZone",
      "route53:ListResourceRecordSets",
      "route53:ListTagsForResource",
    ]
    resources = [
      "arn:aws:acm:*:${local.account_id}:certificate/*",
      "arn:aws:route53:::change/*",
      "arn:aws:route53:::hostedzone/*",
    ]
  }

  statement {
    sid       = "CreateUnscopedResourcesOnlyWithOwnEnvironmentTag"
    actions   = ["cognito-idp:CreateUserPool", "kms:CreateKey"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/Environment"
      values   = [var.environment]
    }
  }

  statement {
    sid     = "OwnEnvironmentKeyAliasAndApiDomain"
    actions = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "apigateway:*"]
    resources = [
      "arn:aws:kms:${var.aws_region}:${local.account_id}:alias/${local.name_prefix}-*",
      "arn:aws:apigateway:${var.aws_region}::/domainnames/${var.api_domain}",
      "arn:aws:apigateway:${var.aws_region}::/domainnames/${var.api_domain}/*",
    ]
  }

  # Untaggable, account-level API Gateway and CloudFront configuration the modules manage.
  statement {
    sid = "UntaggableEdgeConfiguration"
    actions = [
      "apigateway:GET",
      "apigateway:PATCH",
      "cloudfront:CreateOriginAccessControl",
      "cloudfront:CreateResponseHeadersPolicy",
      "cloudfront:DeleteOriginAccessControl",
      "cloudfront:DeleteResponseHeadersPolicy",
      "cloudfront:GetOriginAccessControl",
      "cloudfront:GetResponseHeadersPolicy",
      "cloudfront:UpdateOriginAccessControl",
      "cloudfront:UpdateResponseHeadersPolicy",
    ]
    resources = [
      "arn:aws:apigateway:${var.aws_region}::/account",
      "arn:aws:cloudfront::${local.account_id}:origin-access-control/*",
      "arn:aws:cloudfront::${local.account_id}:response-headers-policy/*",
    ]
  }

  statement {
    sid       = "SamTransformAndArtifacts"
    actions   = ["cloudformation:CreateChangeSet"]
    resources = ["arn:aws:cloudformation:${var.aws_region}:aws:transform/Serverless-2016-10-31"]
  }

  statement {
    sid     = "SamManagedArtifactBucket"
    actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "cloudformation:DescribeStacks"]
    resources = [
      "arn:aws:s3:::aws-sam-cli-managed-default-samclisourcebucket-*",
      "arn:aws:s3:::aws-sam-cli-managed-default-samclisourcebucket-*/${local.name_prefix}-*",
      "arn:aws:cloudformation:${var.aws_region}:${local.account_id}:stack/aws-sam-cli-managed-default/*",
    ]
  }

  statement {
    sid       = "Discovery"
    actions   = local.discovery_actions
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deployment" {
  name   = "${local.name_prefix}-deployment"
  role   = aws_iam_role.deployment.id
  policy = data.aws_iam_policy_document.deployment.json
}

# ---------------------------------------------------------------------------------------------
# ProductionAdminRole: emergency break-glass. MFA within the last hour, one-hour sessions, and
# only over this environment's resources (names and Environment tag).

data "aws_iam_policy_document" "production_admin_trust" {
  statement {
    sid     = "BreakGlassWithRecentMfa"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "aws:MultiFactorAuthAge"
      values   = ["3600"]
    }
  }
}

resource "aws_iam_role" "production_admin" {
  name                 = "${local.name_prefix}-production-admin"
  description          = "ProductionAdminRole: break-glass administration of ${var.environment}."
  assume_role_policy   = data.aws_iam_policy_document.production_admin_trust.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "production_admin" {
  statement {
    sid       = "AdministerOwnEnvironmentByName"
    actions   = local.named_services
    resources = local.named_resource_arns
  }

  statement {
    sid       = "AdministerOwnEnvironmentByTag"
    actions   = concat(local.tagged_services, ["lambda:*", "dynamodb:*", "secretsmanager:*"])
    resources = local.tagged_resource_arns

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = [var.environment]
    }
  }

  statement {
    sid       = "Discovery"
    actions   = local.discovery_actions
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "production_admin" {
  name   = "${local.name_prefix}-production-admin"
  role   = aws_iam_role.production_admin.id
  policy = data.aws_iam_policy_document.production_admin.json
}

# ---------------------------------------------------------------------------------------------
# LambdaExecutionRole: runtime identity of the SAM functions of this environment only.

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    sid     = "LambdaService"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "lambda_execution" {
  name               = "${local.name_prefix}-lambda-execution"
  description        = "LambdaExecutionRole: runtime identity of the ${var.environment} notes API."
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

data "aws_iam_policy_document" "lambda_execution" {
  statement {
    sid = "OwnNotesTable"
    actions = [
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [
      "arn:aws:dynamodb:${var.aws_region}:${local.account_id}:table/${local.name_prefix}-notes",
      "arn:aws:dynamodb:${var.aws_region}:${local.account_id}:table/${local.name_prefix}-notes/index/*",
    ]
  }

  statement {
    sid     = "OwnLogGroups"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      "arn:aws:logs:${var.aws_region}:${local.account_id}:log-group:/aws/lambda/${local.name_prefix}-*:*",
    ]
  }

  statement {
    sid       = "OwnKeyThroughServices"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:${var.aws_region}:${local.account_id}:key/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = [var.environment]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values = [
        "dynamodb.${var.aws_region}.amazonaws.com",
        "lambda.${var.aws_region}.amazonaws.com",
        "secretsmanager.${var.aws_region}.amazonaws.com",
        "sqs.${var.aws_region}.amazonaws.com",
      ]
    }
  }

  statement {
    sid     = "OwnSecretsAndParameters"
    actions = ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters"]
    resources = [
      "arn:aws:secretsmanager:${var.aws_region}:${local.account_id}:secret:${var.project}/${var.environment}/*",
      "arn:aws:ssm:${var.aws_region}:${local.account_id}:parameter${local.ssm_prefix}/*",
    ]
  }

  statement {
    sid       = "OwnDeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:${var.aws_region}:${local.account_id}:${local.name_prefix}-*"]
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "lambda_execution" {
  name   = "${local.name_prefix}-lambda-execution"
  role   = aws_iam_role.lambda_execution.id
  policy = data.aws_iam_policy_document.lambda_execution.json
}

# ---------------------------------------------------------------------------------------------
# CognitoServiceRole: the user pool's identity for SMS (verification codes, SMS MFA).

data "aws_iam_policy_document" "cognito_trust" {
  statement {
    sid     = "CognitoUserPools"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["cognito-idp.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [local.cognito_external_id]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "cognito_service" {
  name               = "${local.name_prefix}-cognito-service"
  description        = "CognitoServiceRole: SMS delivery for the ${var.environment} user pool."
  assume_role_policy = data.aws_iam_policy_document.cognito_trust.json
}

data "aws_iam_policy_document" "cognito_service" {
  #checkov:skip=CKV_AWS_111:sns:Publish to a phone number has no resource ARN; the NoTopics statement denies every topic
  #checkov:skip=CKV_AWS_356:sns:Publish to a phone number has no resource ARN; the NoTopics statement denies every topic
  statement {
    sid     = "SendSms"
    actions = ["sns:Publish"]
    # Publishing SMS to a phone number has no resource ARN to scope to.
    resources = ["*"]
  }

  statement {
    sid     = "NoTopics"
    effect  = "Deny"
    actions = ["sns:Publish"]
    # ...so every topic (of any environment, prod alarms included) is denied: only SMS remains.
    resources = ["arn:aws:sns:*:*:*"]
  }
}

resource "aws_iam_role_policy" "cognito_service" {
  name   = "${local.name_prefix}-cognito-service"
  role   = aws_iam_role.cognito_service.id
  policy = data.aws_iam_policy_document.cognito_service.json
}

# ---------------------------------------------------------------------------------------------
# Service roles of the foundation (not in the matrix of section 9, listed in docs/02-iam.md).

data "aws_iam_policy_document" "backup_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "backup" {
  name               = "${local.name_prefix}-backup"
  description        = "AWS Backup service role for the ${var.environment} notes table."
  assume_role_policy = data.aws_iam_policy_document.backup_trust.json
}

resource "aws_iam_role_policy_attachment" "backup" {
  role       = aws_iam_role.backup.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
}

resource "aws_iam_role_policy_attachment" "backup_restores" {
  role       = aws_iam_role.backup.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"
}

data "aws_iam_policy_document" "apigateway_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "apigateway_cloudwatch" {
  name               = "${local.name_prefix}-apigateway-cloudwatch"
  description        = "API Gateway logging role used by the ${var.environment} account settings."
  assume_role_policy = data.aws_iam_policy_document.apigateway_trust.json
}

resource "aws_iam_role_policy_attachment" "apigateway_cloudwatch" {
  role       = aws_iam_role.apigateway_cloudwatch.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

# Published for SAM (sam/template.yaml reads it as an SSM parameter).
resource "aws_ssm_parameter" "lambda_execution_role_arn" {
  name        = "${local.ssm_prefix}/iam/lambda-execution-role-arn"
  description = "LambdaExecutionRole of ${var.environment} (non-secret, read by SAM)."
  type        = "String"
  value       = aws_iam_role.lambda_execution.arn
}
