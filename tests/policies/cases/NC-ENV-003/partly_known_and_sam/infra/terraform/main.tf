variable "environment" {
  type = string
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

data "aws_iam_policy_document" "app" {
  # The account comes from a data source, so the ARN is only partly known: still every table.
  statement {
    actions = ["dynamodb:DeleteItem"]
    resources = ["arn:aws:dynamodb:us-east-1:${local.account_id}:table/*"]
  }

  statement {
    actions = ["dynamodb:GetItem"]
    # ok: NC-ENV-003
    resources = ["arn:aws:dynamodb:us-east-1:${local.account_id}:table/notes-${var.environment}-*"]
  }

  # An apigateway action on CloudFront ARNs grants nothing there; the CloudFront actions on origin access
  # controls cannot be scoped (no tags, ids in the ARN).
  statement {
    actions = ["apigateway:PATCH", "cloudfront:UpdateOriginAccessControl"]
    # ok: NC-ENV-003
    resources = ["arn:aws:cloudfront::${local.account_id}:origin-access-control/*"]
  }
}

resource "aws_iam_policy" "app" {
  name = "notes-${var.environment}-app"
  # ruleid: NC-ENV-003
  policy = data.aws_iam_policy_document.app.json
}
