# A role that is not the deployment role may hold a broad Allow when the same policy refuses it the state
# with an explicit Deny: IAM lets an explicit Deny win over any Allow, so what the Deny certainly refuses (no
# Condition, every value known, covering the state bucket, its objects and the lock table for each action the
# Allow grants there) is taken out. What a Deny leaves, or may leave, is still reported.
# A role's policies are evaluated together (a Deny in one refuses what another allows: see separate_policies),
# so each policy here that holds a Deny has a role of its own, of the same name: notescheck tells same-named
# roles apart by resource (a configuration AWS would refuse), and each case is judged alone.

data "aws_caller_identity" "current" {}

locals {
  state_arn = "arn:aws:s3:::${var.state_bucket}"
  lock_arn  = "arn:aws:dynamodb:*:*:table/notes-terraform-locks"

  # Everything in S3 and DynamoDB, but neither the state bucket, its objects nor the lock table.
  developer_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:*", "dynamodb:*"], Resource = "*" },
      { Effect = "Deny", Action = "s3:*", Resource = [local.state_arn, "${local.state_arn}/*"] },
      { Effect = "Deny", Action = "dynamodb:*", Resource = local.lock_arn },
    ]
  })

  # The same Deny, but only while a condition holds: when it does not, the Allow stands.
  conditional_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:*", Resource = "*" },
      {
        Effect    = "Deny", Action = "s3:*", Resource = [local.state_arn, "${local.state_arn}/*"],
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }
      },
    ]
  })
}

resource "aws_iam_role" "developer" {
  name               = "notes-${var.environment}-developer"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "lambda" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "developer" {
  role = aws_iam_role.developer.id
  # ok: NC-STATE-009
  policy = local.developer_policy
}

resource "aws_iam_role" "developer_conditional" {
  name               = "notes-${var.environment}-developer"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "conditional" {
  role = aws_iam_role.developer_conditional.id
  # ruleid: NC-STATE-009
  policy = local.conditional_policy
}

# Two statements of a policy document, in a managed policy attached to the Lambda role: the Deny lists every
# action the Allow gives on the state's objects.
data "aws_iam_policy_document" "site" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["arn:aws:s3:::notes-*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.state_arn}/*"]
  }
}

resource "aws_iam_policy" "site" {
  name   = "notes-${var.environment}-site"
  policy = data.aws_iam_policy_document.site.json
}

resource "aws_iam_role" "lambda_site" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "site" {
  # ok: NC-STATE-009
  role       = aws_iam_role.lambda_site.name
  policy_arn = aws_iam_policy.site.arn
}

# A partial Deny: GetObject is refused, PutObject (and the rest of s3:*) is not.
data "aws_iam_policy_document" "partial" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.state_arn}/*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:GetObject"]
    resources = ["${local.state_arn}/*"]
  }
}

resource "aws_iam_role" "lambda_partial" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "partial" {
  role = aws_iam_role.lambda_partial.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.partial.json
}

resource "aws_iam_role" "lambda_bucket_only" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

# A Deny on the bucket but not on its objects: reading and writing the state files is still allowed.
resource "aws_iam_role_policy" "bucket_only" {
  role = aws_iam_role.lambda_bucket_only.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "s3:*", Resource = "*" },
    { Effect = "Deny", Action = "s3:*", Resource = local.state_arn },
  ] })
}

resource "aws_iam_role" "lambda_not_resource" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

# NotResource: every resource but the site's is refused, the state's included.
resource "aws_iam_role_policy" "not_resource" {
  role = aws_iam_role.lambda_not_resource.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["s3:*", "dynamodb:*"], Resource = "*" },
    { Effect = "Deny", NotAction = "s3:ListAllMyBuckets", NotResource = ["arn:aws:s3:::notes-prod-site", "arn:aws:s3:::notes-prod-site/*"] },
  ] })
}

resource "aws_iam_role" "lambda_not_resource_state" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

# NotResource listing a pattern that may be the state bucket: the state is not certainly refused.
resource "aws_iam_role_policy" "not_resource_state" {
  role = aws_iam_role.lambda_not_resource_state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "s3:*", Resource = "*" },
    { Effect = "Deny", Action = "s3:*", NotResource = ["arn:aws:s3:::notes-*"] },
  ] })
}

# A Deny on a bucket known only after apply: it may not be the state bucket.
resource "aws_s3_bucket" "other" {
  bucket_prefix = "notes-"
}

data "aws_iam_policy_document" "unknown_deny" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.other.arn, "${aws_s3_bucket.other.arn}/*"]
  }
}

resource "aws_iam_role" "lambda_unknown_deny" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "unknown_deny" {
  role = aws_iam_role.lambda_unknown_deny.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.unknown_deny.json
}

resource "aws_iam_role" "lambda_lock_one_region" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

# The lock table refused in one region and account: the table may be elsewhere (its ARN is not in the spec).
resource "aws_iam_role_policy" "lock_one_region" {
  role = aws_iam_role.lambda_lock_one_region.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "dynamodb:*", Resource = "*" },
    { Effect = "Deny", Action = "dynamodb:*", Resource = "arn:aws:dynamodb:us-east-1:123456789012:table/notes-terraform-locks" },
  ] })
}

# A role's inline policies are all the role's: a Deny in one takes out what another allows.
resource "aws_iam_role" "worker" {
  name               = "notes-${var.environment}-worker"
  assume_role_policy = "{}"

  inline_policy {
    name = "allow"
    # ok: NC-STATE-009
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:Get*", Resource = "*" }] })
  }

  inline_policy {
    name   = "deny"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:*", Resource = ["${local.state_arn}", "${local.state_arn}/*"] }] })
  }
}

resource "aws_iam_role" "developer_not_action_allow" {
  name               = "notes-${var.environment}-developer"
  assume_role_policy = "{}"
}

# NotAction in the Allow (every action but IAM's), with every state action refused on the whole state.
resource "aws_iam_role_policy" "not_action_allow" {
  role = aws_iam_role.developer_not_action_allow.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", NotAction = "iam:*", Resource = "*" },
    { Effect = "Deny", Action = ["s3:*", "dynamodb:*"], Resource = [local.state_arn, "${local.state_arn}/*", local.lock_arn] },
  ] })
}

# An Allow whose action is known only after apply: it may be any state action, and every one is refused.
data "aws_iam_policy_document" "unknown_action_denied" {
  statement {
    actions   = [data.aws_caller_identity.current.user_id]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = [local.state_arn, "${local.state_arn}/*", local.lock_arn]
  }
}

resource "aws_iam_role" "developer_unknown_action_denied" {
  name               = "notes-${var.environment}-developer"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "unknown_action_denied" {
  role = aws_iam_role.developer_unknown_action_denied.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.unknown_action_denied.json
}

# The same with the lock table left out of the Deny: the unknown action may be a lock table call.
data "aws_iam_policy_document" "unknown_action_lock" {
  statement {
    actions   = [data.aws_caller_identity.current.user_id]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = [local.state_arn, "${local.state_arn}/*"]
  }
}

resource "aws_iam_role" "developer_unknown_action_lock" {
  name               = "notes-${var.environment}-developer"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "unknown_action_lock" {
  role = aws_iam_role.developer_unknown_action_lock.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.unknown_action_lock.json
}

# A Deny whose NotAction is known only after apply: it may list the very action allowed.
data "aws_iam_policy_document" "deny_not_action_unknown" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${local.state_arn}/*"]
  }
  statement {
    effect      = "Deny"
    not_actions = [data.aws_caller_identity.current.user_id]
    resources   = ["${local.state_arn}/*"]
  }
}

resource "aws_iam_role" "developer_deny_not_action_unknown" {
  name               = "notes-${var.environment}-developer"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "deny_not_action_unknown" {
  role = aws_iam_role.developer_deny_not_action_unknown.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.deny_not_action_unknown.json
}
