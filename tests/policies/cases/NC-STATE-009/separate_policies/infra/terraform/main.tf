# IAM evaluates all the policies of a role together: an explicit Deny in one refuses what another allows,
# AWS-managed policies included. So a Deny reaches every policy of the same role, whichever resource gives it
# (an aws_iam_role_policy, an aws_iam_policy through an attachment, an inline_policy block), and however the
# role is named (its resource's id or name, or the name written out). A Deny held by another role, or by a
# policy attached to nothing, refuses nothing here.

data "aws_partition" "current" {}

locals {
  state_arn = "arn:aws:s3:::${var.state_bucket}"
  lock_arn  = "arn:aws:dynamodb:*:*:table/notes-terraform-locks"
  state_guard = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", Action = "s3:*", Resource = [local.state_arn, "${local.state_arn}/*"] },
      { Effect = "Deny", Action = "dynamodb:*", Resource = local.lock_arn },
    ]
  })
}

# The developer role: everything in S3 and DynamoDB in one policy, the state refused in another (through the
# role's name written out).
resource "aws_iam_role" "developer" {
  name               = "notes-${var.environment}-developer"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "developer_storage" {
  role = aws_iam_role.developer.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:*", "dynamodb:*"], Resource = "*" }] })
}

resource "aws_iam_role_policy" "developer_guard" {
  role   = "notes-${var.environment}-developer"
  policy = local.state_guard
}

# The support role: AdministratorAccess, and the guard as a managed policy attached by aws_iam_policy_attachment.
resource "aws_iam_role" "support" {
  name               = "notes-${var.environment}-support"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "support_admin" {
  role = aws_iam_role.support.name
  # ok: NC-STATE-009
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_policy" "state_guard" {
  name   = "notes-${var.environment}-state-guard"
  policy = local.state_guard
}

resource "aws_iam_policy_attachment" "state_guard" {
  name       = "notes-${var.environment}-state-guard"
  roles      = [aws_iam_role.support.name, aws_iam_role.ops.name]
  policy_arn = aws_iam_policy.state_guard.arn
}

# The ops role: AmazonS3FullAccess among its managed_policy_arns (the ARN through the partition, known only
# after apply but for its end); the guard above, and an inline_policy block refusing the state's objects.
resource "aws_iam_role" "ops" {
  name               = "notes-${var.environment}-ops"
  assume_role_policy = "{}"
  # ok: NC-STATE-009
  managed_policy_arns = ["arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonS3FullAccess"]

  inline_policy {
    name   = "state-objects"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "${local.state_arn}/*" }] })
  }
}

# The analyst role: ReadOnlyAccess, with a Deny in a policy document on the bucket and its objects only; the
# lock table's items can still be read.
resource "aws_iam_role" "analyst" {
  name               = "notes-${var.environment}-analyst"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "analyst_read" {
  role = aws_iam_role.analyst.name
  # ruleid: NC-STATE-009
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "analyst_guard" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.state_arn, "${local.state_arn}/*"]
  }
}

resource "aws_iam_role_policy" "analyst_guard" {
  role   = aws_iam_role.analyst.id
  policy = data.aws_iam_policy_document.analyst_guard.json
}

# The Lambda role: its storage policy is not refused by the developer's guard (another role), nor by a guard
# policy attached to nothing.
resource "aws_iam_role" "lambda" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "lambda_storage" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${local.state_arn}/*" }] })
}

resource "aws_iam_policy" "unattached_guard" {
  name   = "notes-${var.environment}-unattached-guard"
  policy = local.state_guard
}

# The reporting role: AmazonDynamoDBFullAccess through its partition-built ARN and no Deny; a guard whose Deny
# holds only under a Condition takes nothing out.
resource "aws_iam_role" "reporting" {
  name               = "notes-${var.environment}-reporting"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "reporting_tables" {
  role = aws_iam_role.reporting.name
  # ruleid: NC-STATE-009
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonDynamoDBFullAccess"
}

resource "aws_iam_role_policy" "reporting_guard" {
  role = aws_iam_role.reporting.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Deny", Action = "dynamodb:*", Resource = local.lock_arn, Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } },
  ] })
}

# dev's deployment role: the whole state bucket in one policy, the other environments' keys refused in a
# managed policy attached to it; its lock items are under its own key.
resource "aws_iam_role" "dev_deployment" {
  name               = "notes-dev-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "dev_state" {
  role = aws_iam_role.dev_deployment.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${local.state_arn}/*" }] })
}

resource "aws_iam_policy" "dev_keys_only" {
  name = "notes-dev-keys-only"
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Deny", Action = "s3:*", Resource = ["${local.state_arn}/staging/*", "${local.state_arn}/prod/*"] },
  ] })
}

resource "aws_iam_role_policy_attachment" "dev_keys_only" {
  role       = "notes-dev-deployment"
  policy_arn = aws_iam_policy.dev_keys_only.arn
}

# prod's deployment role: AdministratorAccess beside the same kind of guard still reaches every
# environment's lock items (no dynamodb:LeadingKeys condition).
resource "aws_iam_role" "deployment" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "deployment_admin" {
  role = aws_iam_role.deployment.name
  # ruleid: NC-STATE-009
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy" "deployment_keys_only" {
  role = aws_iam_role.deployment.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Deny", Action = "s3:*", Resource = ["${local.state_arn}/dev/*", "${local.state_arn}/staging/*"] },
  ] })
}
