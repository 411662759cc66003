variable "project" {
  type    = string
  default = "notes"
}

variable "environment" {
  type = string
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  # Every environment's tables and parameters: the wildcard stands where the environment goes.
  project_tables     = "arn:aws:dynamodb:us-east-1:${local.account_id}:table/${var.project}-*"
  project_parameters = "arn:aws:ssm:us-east-1:${local.account_id}:parameter/${var.project}/*"
}

data "aws_iam_policy_document" "every_env" {
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [local.project_tables]
  }

  statement {
    actions   = ["ssm:GetParameter"]
    resources = [local.project_parameters]
  }
}

resource "aws_iam_policy" "every_env" {
  name = "${var.project}-${var.environment}-every-env"
  # ruleid: NC-ENV-003
  policy = data.aws_iam_policy_document.every_env.json
}

data "aws_iam_policy_document" "near_misses" {
  # The environment right after the project: only this environment's names.
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = ["arn:aws:dynamodb:us-east-1:${local.account_id}:table/${var.project}-${var.environment}-*"]
  }

  # A wildcard after another name (SAM's managed artifact bucket, shared by the account), not after the project.
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::aws-sam-cli-managed-default-samclisourcebucket-*/${var.project}-${var.environment}-*"]
  }

  # Every environment's parameters, narrowed by the Environment tag.
  statement {
    actions   = ["ssm:GetParameter"]
    resources = [local.project_parameters]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = [var.environment]
    }
  }
}

resource "aws_iam_policy" "near_misses" {
  name = "${var.project}-${var.environment}-near-misses"
  # ok: NC-ENV-003
  policy = data.aws_iam_policy_document.near_misses.json
}
