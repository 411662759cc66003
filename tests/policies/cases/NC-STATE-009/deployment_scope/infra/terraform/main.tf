# Section 3: the key is ${environment}/terraform.tfstate ("separate state files per environment") and the
# deployment role is one per environment (notes-<env>-deployment). Each may use its own state file only.
# A role's policies are evaluated together (a Deny in one refuses what another allows: see separate_policies),
# so each policy here that holds a Deny has a role of its own, of the same name: notescheck tells same-named
# roles apart by resource (a configuration AWS would refuse), and each case is judged alone.

data "aws_caller_identity" "current" {}

locals {
  state_arn = "arn:aws:s3:::${var.state_bucket}"
  lock_arn  = "arn:aws:dynamodb:us-east-1:${data.aws_caller_identity.current.account_id}:table/notes-terraform-locks"
}

resource "aws_iam_role" "deployment" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# dev's deployment role, defined here too (as a shared CI module might).
resource "aws_iam_role" "dev_deployment" {
  name               = "notes-dev-deployment"
  assume_role_policy = "{}"
}

# Compliant: its own key, the bucket listing, and lock items under its own key.
data "aws_iam_policy_document" "own" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.state_arn}/${var.environment}/*"]
  }
  statement {
    actions   = ["s3:ListBucket"]
    resources = [local.state_arn]
  }
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [local.lock_arn]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${var.state_bucket}/${var.environment}/*"]
    }
  }
}

resource "aws_iam_role_policy" "own" {
  role = aws_iam_role.deployment.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.own.json
}

# The whole bucket: every environment's state file.
resource "aws_iam_role_policy" "whole_bucket" {
  role = aws_iam_role.deployment.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${local.state_arn}/*" }] })
}

# Another environment's key.
resource "aws_iam_role_policy" "dev_key" {
  role = aws_iam_role.deployment.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/dev/terraform.tfstate" }] })
}

# dev's role on dev's key: its own.
resource "aws_iam_role_policy" "dev_own" {
  role = aws_iam_role.dev_deployment.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::notes-terraform-state/dev/*" }] })
}

# dev's role on prod's key.
resource "aws_iam_role_policy" "dev_on_prod" {
  role = aws_iam_role.dev_deployment.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::notes-terraform-state/prod/terraform.tfstate" }] })
}

# Lock items without a dynamodb:LeadingKeys condition: any environment's lock can be taken or broken.
data "aws_iam_policy_document" "any_lock" {
  statement {
    actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [local.lock_arn]
  }
}

resource "aws_iam_role_policy" "any_lock" {
  role = aws_iam_role.deployment.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.any_lock.json
}

# LeadingKeys naming the whole bucket is no narrower.
data "aws_iam_policy_document" "bucket_locks" {
  statement {
    actions   = ["dynamodb:DeleteItem"]
    resources = [local.lock_arn]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${var.state_bucket}/*"]
    }
  }
}

resource "aws_iam_role_policy" "bucket_locks" {
  role = aws_iam_role.deployment.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.bucket_locks.json
}

# NotResource: every resource but the site bucket, the other state files included.
resource "aws_iam_role_policy" "not_resource" {
  role = aws_iam_role.deployment.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", NotResource = "arn:aws:s3:::notes-prod-site/*" }] })
}

# The whole bucket with a Deny on the other environments' keys: only its own is left.
data "aws_iam_policy_document" "guarded" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.state_arn}/*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["${local.state_arn}/dev/*", "${local.state_arn}/staging/*"]
  }
}

resource "aws_iam_role" "deployment_guarded" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "guarded" {
  role = aws_iam_role.deployment_guarded.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.guarded.json
}

# An AWS-managed administrator policy on the deployment role: every state file.
resource "aws_iam_role_policy_attachment" "admin" {
  role = aws_iam_role.deployment.name
  # ruleid: NC-STATE-009
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# A key not known statically: said so, not passed.
variable "state_prefix" {
  type = string
}

resource "aws_iam_role_policy" "unknown_key" {
  role = aws_iam_role.deployment.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${local.state_arn}/${var.state_prefix}/*" }] })
}

# A key with a part known only after apply, through a policy document: may reach another environment.
data "aws_iam_policy_document" "partly_known_key" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${local.state_arn}/${data.aws_caller_identity.current.user_id}/*"]
  }
}

resource "aws_iam_role_policy" "partly_known_key" {
  role = aws_iam_role.deployment.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.partly_known_key.json
}
