data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  tables  = "arn:aws:dynamodb:${data.aws_region.current.name}:${local.account}:table"
}

data "aws_iam_policy_document" "reach" {
  statement {
    actions = ["dynamodb:GetItem"]
    # ruleid: NC-ENV-002
    resources = ["arn:aws:dynamodb:us-east-1:${local.account}:table/notes-staging-notes"]
  }
}

resource "aws_iam_policy" "through_a_local" {
  # ruleid: NC-ENV-002
  name   = "notes-prod-${local.account}-dev-reader"
  policy = "{}"
}

resource "aws_iam_policy" "own_table" {
  # ok: NC-ENV-002
  name   = "notes-prod-own-${local.account}"
  policy = "{}"
}

resource "aws_ssm_parameter" "table" {
  name = "/notes/prod/table-arn"
  type = "String"
  # ok: NC-ENV-002
  value = "${local.tables}/notes-prod-notes"
}
