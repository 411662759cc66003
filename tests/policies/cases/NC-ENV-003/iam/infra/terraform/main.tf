# A trust policy names a principal: it is not an identity policy and is not checked.
# ok: NC-ENV-003
resource "aws_iam_role" "app" {
  name = "notes-${var.environment}-app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "too_wide" {
  name = "notes-${var.environment}-too-wide"
  role = aws_iam_role.app.id
  # ruleid: NC-ENV-003
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "scoped" {
  name = "notes-${var.environment}-scoped"
  role = aws_iam_role.app.id
  # ok: NC-ENV-003
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = "arn:aws:dynamodb:*:*:table/notes-${var.environment}-*" },
      {
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:ResourceTag/Environment" = var.environment } }
      },
      { Effect = "Allow", Action = ["xray:PutTraceSegments", "logs:DescribeLogGroups"], Resource = "*" },
      { Effect = "Allow", Action = ["sns:Publish"], Resource = "*" },
      { Effect = "Deny", Action = ["sns:Publish"], Resource = "arn:aws:sns:*:*:*" },
    ]
  })
}

resource "aws_iam_role_policy" "other_env_tag" {
  name = "notes-${var.environment}-other-env-tag"
  role = aws_iam_role.app.id
  # ruleid: NC-ENV-003
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": "kms:*",
        "Resource": "arn:aws:kms:us-east-1:123456789012:key/*",
        "Condition": {"StringEquals": {"aws:ResourceTag/Environment": "dev"}}
      }]
    }
  JSON
}

data "aws_iam_policy_document" "keys" {
  statement {
    sid       = "AllKeys"
    actions   = ["kms:Encrypt", "kms:Decrypt"]
    resources = ["arn:aws:kms:us-east-1:123456789012:key/*"]
  }
}

resource "aws_iam_policy" "keys" {
  name = "notes-${var.environment}-keys"
  # ruleid: NC-ENV-003
  policy = data.aws_iam_policy_document.keys.json
}

data "aws_iam_policy_document" "keys_by_tag" {
  statement {
    actions   = ["kms:Encrypt", "kms:Decrypt"]
    resources = ["arn:aws:kms:us-east-1:123456789012:key/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = [var.environment]
    }
  }
}

resource "aws_iam_policy" "keys_by_tag" {
  name = "notes-${var.environment}-keys-by-tag"
  # ok: NC-ENV-003
  policy = data.aws_iam_policy_document.keys_by_tag.json
}
