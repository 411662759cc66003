# How IAM evaluates the Deny guards of a deployment role's policy: an explicit Deny wins over any Allow, so a
# Deny that refuses the other environments' state files takes them out of what the role reaches. NotResource
# refuses every resource except those listed; NotAction refuses every action except those listed. A Deny that
# may not refuse (a Condition, a value known only after apply) takes nothing out.
# A role's policies are evaluated together (a Deny in one refuses what another allows: see separate_policies),
# so each policy here that holds a Deny has a role of its own, of the same name: notescheck tells same-named
# roles apart by resource (a configuration AWS would refuse), and each case is judged alone.

data "aws_caller_identity" "current" {}

locals {
  state_arn = "arn:aws:s3:::${var.state_bucket}"
}

resource "aws_iam_role" "deployment" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "deployment_not_resource" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# NotResource: everything but prod's own key is refused, dev's and staging's keys included.
resource "aws_iam_role_policy" "not_resource" {
  role = aws_iam_role.deployment_not_resource.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${local.state_arn}/*" },
    { Effect = "Deny", Action = "s3:*", NotResource = ["${local.state_arn}/prod/*", "arn:aws:s3:::notes-prod-site/*"] },
  ] })
}

# The same through a policy document.
data "aws_iam_policy_document" "not_resource" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.state_arn}/*"]
  }
  statement {
    effect        = "Deny"
    actions       = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject*", "s3:GetObjectVersion"]
    not_resources = ["${local.state_arn}/${var.environment}/*"]
  }
}

resource "aws_iam_role" "deployment_not_resource_document" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "not_resource_document" {
  role = aws_iam_role.deployment_not_resource_document.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.not_resource.json
}

resource "aws_iam_role" "deployment_not_resource_dev" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# NotResource that leaves dev's key out of the refusal: dev's state file is still reached.
resource "aws_iam_role_policy" "not_resource_dev" {
  role = aws_iam_role.deployment_not_resource_dev.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "s3:GetObject", Resource = "${local.state_arn}/*" },
    { Effect = "Deny", Action = "s3:*", NotResource = ["${local.state_arn}/prod/*", "${local.state_arn}/dev/*"] },
  ] })
}

# NotResource with a key known only after apply: it may leave another environment's key out.
data "aws_iam_policy_document" "not_resource_unknown" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${local.state_arn}/*"]
  }
  statement {
    effect        = "Deny"
    actions       = ["s3:*"]
    not_resources = ["${local.state_arn}/${data.aws_caller_identity.current.user_id}/*"]
  }
}

resource "aws_iam_role" "deployment_not_resource_unknown" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "not_resource_unknown" {
  role = aws_iam_role.deployment_not_resource_unknown.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.not_resource_unknown.json
}

resource "aws_iam_role" "deployment_not_resource_condition" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# NotResource under a Condition: not certain to refuse, so nothing is taken out.
resource "aws_iam_role_policy" "not_resource_condition" {
  role = aws_iam_role.deployment_not_resource_condition.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "s3:GetObject", Resource = "${local.state_arn}/*" },
    { Effect = "Deny", Action = "s3:*", NotResource = "${local.state_arn}/prod/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
  ] })
}

resource "aws_iam_role" "deployment_not_action" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# NotAction: every action but listing is refused on the other keys.
resource "aws_iam_role_policy" "not_action" {
  role = aws_iam_role.deployment_not_action.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${local.state_arn}/*" },
    { Effect = "Deny", NotAction = ["s3:ListBucket", "s3:ListBucketVersions"], Resource = ["${local.state_arn}/dev/*", "${local.state_arn}/staging/*"] },
  ] })
}

# NotAction and NotResource together: every action but listing, on every resource but prod's key.
data "aws_iam_policy_document" "not_action_not_resource" {
  statement {
    actions   = ["s3:*"]
    resources = ["${local.state_arn}/*"]
  }
  statement {
    effect        = "Deny"
    not_actions   = ["s3:ListBucket"]
    not_resources = ["${local.state_arn}/prod/*"]
  }
}

resource "aws_iam_role" "deployment_not_action_not_resource" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "not_action_not_resource" {
  role = aws_iam_role.deployment_not_action_not_resource.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.not_action_not_resource.json
}

resource "aws_iam_role" "deployment_not_action_get" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# NotAction that lists GetObject: GetObject is not refused, dev's and staging's files can be read.
resource "aws_iam_role_policy" "not_action_get" {
  role = aws_iam_role.deployment_not_action_get.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${local.state_arn}/*" },
    { Effect = "Deny", NotAction = "s3:Get*", Resource = ["${local.state_arn}/dev/*", "${local.state_arn}/staging/*"] },
  ] })
}

# NotAction with an action known only after apply: it may be the one that is allowed.
data "aws_iam_policy_document" "not_action_unknown" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${local.state_arn}/*"]
  }
  statement {
    effect      = "Deny"
    not_actions = [data.aws_caller_identity.current.user_id]
    resources   = ["${local.state_arn}/dev/*", "${local.state_arn}/staging/*"]
  }
}

resource "aws_iam_role" "deployment_not_action_unknown" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "not_action_unknown" {
  role = aws_iam_role.deployment_not_action_unknown.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.not_action_unknown.json
}

resource "aws_iam_role" "deployment_lock_not_action" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# Lock items: a Deny that refuses the lock table's item calls takes them out too (the table's region and
# account are not in the spec: the Deny must cover the Allow's ARN as written).
resource "aws_iam_role_policy" "lock_not_action" {
  role = aws_iam_role.deployment_lock_not_action.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["dynamodb:PutItem", "dynamodb:DeleteItem"], Resource = "arn:aws:dynamodb:us-east-1:123456789012:table/notes-terraform-locks" },
    { Effect = "Deny", NotAction = "dynamodb:GetItem", Resource = "arn:aws:dynamodb:*:123456789012:table/notes-terraform-*" },
  ] })
}

resource "aws_iam_role" "deployment_lock_other_region" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

# A Deny on one region only does not cover an Allow on every region's lock table.
resource "aws_iam_role_policy" "lock_other_region" {
  role = aws_iam_role.deployment_lock_other_region.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "dynamodb:PutItem", Resource = "arn:aws:dynamodb:*:*:table/notes-terraform-locks" },
    { Effect = "Deny", Action = "dynamodb:*", Resource = "arn:aws:dynamodb:us-east-1:*:table/notes-terraform-locks" },
  ] })
}

# Own lock items, and DeleteTable refused on every table but the environment's own.
data "aws_iam_policy_document" "lock_delete_table" {
  statement {
    actions   = ["dynamodb:*"]
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/notes-terraform-locks"]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${var.state_bucket}/${var.environment}/*"]
    }
  }
  statement {
    effect        = "Deny"
    actions       = ["dynamodb:DeleteTable"]
    not_resources = ["arn:aws:dynamodb:*:*:table/notes-${var.environment}-*"]
  }
}

resource "aws_iam_role" "deployment_lock_delete_table" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "lock_delete_table" {
  role = aws_iam_role.deployment_lock_delete_table.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.lock_delete_table.json
}

# NotResource that may list the lock table (notes-*): DeleteTable is not certainly refused.
data "aws_iam_policy_document" "lock_delete_kept" {
  statement {
    actions   = ["dynamodb:*"]
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/notes-terraform-locks"]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${var.state_bucket}/${var.environment}/*"]
    }
  }
  statement {
    effect        = "Deny"
    actions       = ["dynamodb:DeleteTable"]
    not_resources = ["arn:aws:dynamodb:*:*:table/notes-*"]
  }
}

resource "aws_iam_role" "deployment_lock_delete_kept" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "lock_delete_kept" {
  role = aws_iam_role.deployment_lock_delete_kept.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.lock_delete_kept.json
}
