provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

resource "aws_s3_bucket" "state" {
  bucket = "notes-terraform-state"
}

# A bucket policy's Deny guard refuses only the principals it names: dev's deployment role is granted the whole
# bucket, and a Deny takes the other environments' state files out only when it certainly applies to that role.

# Principal "*" with NotResource: everything but dev's key is refused to everyone.
resource "aws_s3_bucket_policy" "everyone_not_resource" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", Principal = "*", Action = "s3:*", NotResource = "arn:aws:s3:::notes-terraform-state/dev/*" },
    ]
  })
}

# The role itself with NotAction: every action but listing refused on the other keys.
resource "aws_s3_bucket_policy" "role_not_action" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, NotAction = "s3:ListBucket", Resource = ["arn:aws:s3:::notes-terraform-state/prod/*", "arn:aws:s3:::notes-terraform-state/staging/*"] },
    ]
  })
}

# NotPrincipal naming prod's role: everyone else, dev's role included, is refused the other keys.
resource "aws_s3_bucket_policy" "not_principal_other" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", NotPrincipal = { AWS = "arn:aws:iam::123456789012:role/notes-prod-deployment" }, Action = "s3:*", Resource = ["arn:aws:s3:::notes-terraform-state/prod/*", "arn:aws:s3:::notes-terraform-state/staging/*"] },
    ]
  })
}

# A Deny on prod's role does not refuse dev's: dev's role still reaches prod's and staging's files.
resource "aws_s3_bucket_policy" "deny_other_role" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-prod-deployment" }, Action = "s3:*", Resource = ["arn:aws:s3:::notes-terraform-state/prod/*", "arn:aws:s3:::notes-terraform-state/staging/*"] },
    ]
  })
}

# NotPrincipal naming dev's own role exempts it from the Deny.
resource "aws_s3_bucket_policy" "not_principal_self" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", NotPrincipal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-deployment" }, Action = "s3:*", Resource = ["arn:aws:s3:::notes-terraform-state/prod/*", "arn:aws:s3:::notes-terraform-state/staging/*"] },
    ]
  })
}

# An Allow to another role, with a Deny that binds everyone and refuses every object action it allows.
resource "aws_s3_bucket_policy" "other_role_denied" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-developer" }, Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", Principal = "*", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::notes-terraform-state/*" },
    ]
  })
}

# The Deny binds a third role, not the one the Allow lets in: the developer role still reads the state.
resource "aws_s3_bucket_policy" "other_role_deny_elsewhere" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-developer" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", Principal = { AWS = "arn:aws:iam::123456789012:role/notes-dev-lambda" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" },
    ]
  })
}

# "Everyone but the deployment role": a Deny to `*` with a negated aws:PrincipalArn condition (or NotPrincipal)
# leaves what the Allow grants to the roles it spares alone; the account's Allow is then prod's role's only.
locals {
  prod_role = "arn:aws:iam::123456789012:role/notes-prod-deployment"
}

resource "aws_s3_bucket_policy" "all_but_deployment" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::notes-terraform-state/prod/*" },
      { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::notes-terraform-state/*", Condition = { ArnNotLike = { "aws:PrincipalArn" = [local.prod_role] } } },
    ]
  })
}

data "aws_iam_policy_document" "all_but_deployment" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::notes-terraform-state/prod/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
  statement {
    effect      = "Deny"
    actions     = ["s3:GetObject"]
    resources   = ["arn:aws:s3:::notes-terraform-state/*"]
    not_principals {
      type        = "AWS"
      identifiers = [local.prod_role]
    }
  }
}

resource "aws_s3_bucket_policy" "all_but_deployment_document" {
  bucket = aws_s3_bucket.state.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.all_but_deployment.json
}

# The spared role may still reach another environment's state: the Allow gives it the whole bucket.
resource "aws_s3_bucket_policy" "all_but_deployment_whole_bucket" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/*" },
      { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::notes-terraform-state/*", Condition = { StringNotEquals = { "aws:PrincipalArn" = [local.prod_role] } } },
    ]
  })
}

# Sparing a developer role too: the developer keeps the state.
resource "aws_s3_bucket_policy" "all_but_deployment_and_developer" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/prod/*" },
      { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::notes-terraform-state/*", Condition = { ArnNotLike = { "aws:PrincipalArn" = [local.prod_role, "arn:aws:iam::123456789012:role/notes-prod-developer"] } } },
    ]
  })
}

# The Deny refuses PutObject only: GetObject stays the account's.
resource "aws_s3_bucket_policy" "all_but_deployment_partial" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::notes-terraform-state/prod/*" },
      { Effect = "Deny", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::notes-terraform-state/*", Condition = { ArnNotLike = { "aws:PrincipalArn" = [local.prod_role] } } },
    ]
  })
}

# A condition beside the principal test (the Deny holds only over plain HTTP): it spares everyone else too.
resource "aws_s3_bucket_policy" "all_but_deployment_other_condition" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-009
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::notes-terraform-state/prod/*" },
      { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::notes-terraform-state/*", Condition = { ArnNotLike = { "aws:PrincipalArn" = [local.prod_role] }, Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}
