# A role's policies are evaluated together (a Deny in one refuses what another allows: see separate_policies),
# so each policy here that holds a Deny has a role of its own, of the same name: notescheck tells same-named
# roles apart by resource (a configuration AWS would refuse), and each case is judged alone.

data "aws_caller_identity" "current" {}

locals {
  # An ARN built by interpolation of a variable.
  state_arn = "arn:aws:s3:::${var.state_bucket}"
  lock_arn  = "arn:aws:dynamodb:us-east-1:${data.aws_caller_identity.current.account_id}:table/notes-terraform-locks"
}

resource "aws_iam_role" "lambda" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "deployment" {
  name               = "notes-${var.environment}-deployment"
  assume_role_policy = "{}"
}

resource "aws_s3_bucket" "site" {
  bucket = "notes-${var.environment}-site"
}

# A literal ARN, in jsonencode.
resource "aws_iam_role_policy" "literal" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::notes-terraform-state/prod/terraform.tfstate" }]
  })
}

# An ARN from a local, in a policy document read through .json.
data "aws_iam_policy_document" "from_local" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${local.state_arn}/*"]
  }
}

resource "aws_iam_role_policy" "from_local" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.from_local.json
}

# The lock table, with an account id known only after apply: its name is still in the ARN.
data "aws_iam_policy_document" "lock" {
  statement {
    actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [local.lock_arn]
  }
}

resource "aws_iam_role_policy" "lock" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = jsonencode(jsondecode(data.aws_iam_policy_document.lock.json))
}

# A wildcard resource, in a managed policy attached to the Lambda role.
resource "aws_iam_policy" "everything" {
  name   = "notes-${var.environment}-everything"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "everything" {
  # ruleid: NC-STATE-009
  role       = aws_iam_role.lambda.name
  policy_arn = aws_iam_policy.everything.arn
}

# The same managed policy on the deployment role: s3:* on every resource reaches the other
# environments' state files (dev/, staging/), not only prod's own.
resource "aws_iam_role_policy_attachment" "everything_deployment" {
  # ruleid: NC-STATE-009
  role       = aws_iam_role.deployment.name
  policy_arn = aws_iam_policy.everything.arn
}

# A policy attached to nothing here: who holds it cannot be known.
resource "aws_iam_policy" "unattached" {
  name = "notes-${var.environment}-unattached"
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::notes-*" }] })
}

# An inline policy of a role, and an AWS-managed policy granting S3 on every resource.
resource "aws_iam_role" "reporting" {
  name               = "notes-${var.environment}-reporting"
  assume_role_policy = "{}"
  # ruleid: NC-STATE-009
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]

  inline_policy {
    name = "state"
    # ruleid: NC-STATE-009
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:List*", Resource = local.state_arn }] })
  }
}

# A resource not known until apply: whether it is the state bucket cannot be known (said so, not passed).
data "aws_iam_policy_document" "unknown_bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
  }
}

resource "aws_iam_role_policy" "unknown_bucket" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.unknown_bucket.json
}

# jsonencode of a document holding an unknown value is itself unknown: reported, not passed.
resource "aws_iam_role_policy" "unknown_policy" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.site.arn}/*" }] })
}

# Near misses. The deployment role itself, on its own key and its own lock items:
data "aws_iam_policy_document" "deployment" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.state_arn}/prod/*"]
  }
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [local.lock_arn]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${var.state_bucket}/prod/*"]
    }
  }
}

resource "aws_iam_role_policy" "deployment" {
  role = aws_iam_role.deployment.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.deployment.json
}
resource "aws_iam_role" "lambda_near_misses" {
  name               = "notes-${var.environment}-lambda-execution"
  assume_role_policy = "{}"
}

# A different bucket, a Deny, metadata and unscoped listing calls.
resource "aws_iam_role_policy" "near_misses" {
  role = aws_iam_role.lambda_near_misses.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:*", Resource = ["arn:aws:s3:::notes-prod-site", "arn:aws:s3:::notes-prod-site/*"] },
      { Effect = "Deny", Action = "s3:*", Resource = ["${local.state_arn}", "${local.state_arn}/*"] },
      { Effect = "Allow", Action = "s3:GetBucketVersioning", Resource = local.state_arn },
      { Effect = "Allow", Action = ["dynamodb:ListTables", "s3:ListAllMyBuckets"], Resource = "*" },
    ]
  })
}

# Another table, with an account id known only after apply.
data "aws_iam_policy_document" "notes_table" {
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = ["arn:aws:dynamodb:us-east-1:${data.aws_caller_identity.current.account_id}:table/notes-prod-notes"]
  }
}

resource "aws_iam_role_policy" "notes_table" {
  role = aws_iam_role.lambda.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.notes_table.json
}

# NotAction: everything but IAM, so the state too.
resource "aws_iam_role_policy" "not_action" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", NotAction = ["iam:*", "organizations:*"], Resource = "*" }] })
}

# NotAction through an aws_iam_policy_document: every action but S3's still reaches the lock table.
data "aws_iam_policy_document" "not_s3" {
  statement {
    not_actions = ["s3:*"]
    resources   = ["*"]
  }
}

resource "aws_iam_role_policy" "not_s3" {
  role = aws_iam_role.lambda.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.not_s3.json
}

# Near miss: NotAction leaving out S3 and DynamoDB grants neither the bucket nor the lock table.
resource "aws_iam_role_policy" "not_state_services" {
  role = aws_iam_role.lambda.id
  # ok: NC-STATE-009
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", NotAction = ["s3:*", "dynamodb:*"], Resource = "*" }] })
}
