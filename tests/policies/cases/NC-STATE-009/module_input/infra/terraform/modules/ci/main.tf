variable "environment" {
  type = string
}

variable "state_bucket_arn" {
  type = string
}

variable "site_bucket_arn" {
  type = string
}

resource "aws_iam_role" "ci_reader" {
  name               = "notes-${var.environment}-ci-reader"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [var.state_bucket_arn, "${var.state_bucket_arn}/*"]
  }
}

resource "aws_iam_role_policy" "reader" {
  role = aws_iam_role.ci_reader.id
  # ruleid: NC-STATE-009
  policy = data.aws_iam_policy_document.reader.json
}

data "aws_iam_policy_document" "site" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.site_bucket_arn}/*"]
  }
}

resource "aws_iam_role_policy" "site" {
  role = aws_iam_role.ci_reader.id
  # ok: NC-STATE-009
  policy = data.aws_iam_policy_document.site.json
}
