provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  state_bucket   = "notes-terraform-state"
  deployment_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/notes-prod-deployment"
}

resource "aws_s3_bucket" "state" {
  bucket = local.state_bucket
}

# Principal "*": everyone may read the state.
resource "aws_s3_bucket_policy" "public_read" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" }]
  })
}

# A wildcard role ARN: every role of every account.
data "aws_iam_policy_document" "wildcard_role" {
  statement {
    actions   = ["s3:*"]
    resources = ["${aws_s3_bucket.state.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::*:role/*"]
    }
  }
}

resource "aws_s3_bucket_policy" "wildcard_role" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.wildcard_role.json
}

# Named by the bucket's name, with another account's root as principal.
resource "aws_s3_bucket_policy" "other_account" {
  bucket = "notes-terraform-state"
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::210987654321:root" }, Action = ["s3:ListBucket"], Resource = "arn:aws:s3:::notes-terraform-state" }]
  })
}

# Near misses: the deployment role itself (an ARN with an account known after apply), a Deny guard, and
# "*" narrowed to the deployment role by aws:PrincipalArn.
data "aws_iam_policy_document" "guarded" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.state.arn}/prod/*"]
    principals {
      type        = "AWS"
      identifiers = [local.deployment_arn]
    }
  }

  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = ["arn:aws:iam::123456789012:role/notes-prod-deployment"]
    }
  }
}

resource "aws_s3_bucket_policy" "guarded" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.guarded.json
}

# Another bucket open to "*" is not about the state.
resource "aws_s3_bucket" "site" {
  bucket = "notes-shared-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-shared-site/*" }]
  })
}

# NotPrincipal with Allow: every principal except the deployment role may read the state.
resource "aws_s3_bucket_policy" "not_principal" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotPrincipal = { AWS = "arn:aws:iam::123456789012:role/notes-prod-deployment" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" }]
  })
}

# The same through a policy document's not_principals block.
data "aws_iam_policy_document" "not_principals" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.state.arn}/prod/*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:role/notes-prod-deployment"]
    }
  }
}

resource "aws_s3_bucket_policy" "not_principals" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.not_principals.json
}

# NotAction to everyone: every action but deleting, so reading and writing the state.
data "aws_iam_policy_document" "not_actions" {
  statement {
    not_actions = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
    resources   = ["${aws_s3_bucket.state.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "not_actions" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.not_actions.json
}

# dev's deployment role granted the whole bucket: prod's and staging's state files too.
resource "aws_s3_bucket_policy" "dev_whole_bucket" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::notes-terraform-state/*" }]
  })
}

# Near misses: a Deny with NotPrincipal (everyone but the deployment role is refused), and each deployment
# role on its own key.
resource "aws_s3_bucket_policy" "deny_others" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", NotPrincipal = { AWS = "arn:aws:iam::123456789012:role/notes-prod-deployment" }, Action = "s3:*", Resource = "arn:aws:s3:::notes-terraform-state/prod/*" },
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/dev/*" },
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-staging-deployment" }, Action = "s3:ListBucket", Resource = "arn:aws:s3:::notes-terraform-state" },
    ]
  })
}
