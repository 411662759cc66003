# Bucket policies that grant CloudFront (or everyone) with an AWS:SourceArn condition: only a condition
# that requires this distribution's ARN ties the grant to it. A wildcard ARN under ArnLike, a negated or
# IfExists operator, or a value known to nothing lets other distributions (any account's) read the site.
data "aws_caller_identity" "current" {}

locals {
  # every distribution of the account, written once for all the buckets
  any_distribution = "arn:aws:cloudfront::${data.aws_caller_identity.current.account_id}:distribution/*"
}

resource "aws_s3_bucket" "site" {
  bucket = "notes-prod-site"
}

resource "aws_s3_bucket" "assets" {
  bucket = "notes-prod-assets"
}

resource "aws_s3_bucket" "docs" {
  bucket = "notes-prod-docs"
}

resource "aws_s3_bucket" "media" {
  bucket = "notes-prod-media"
}

resource "aws_s3_bucket" "fonts" {
  bucket = "notes-prod-fonts"
}

resource "aws_s3_bucket" "exports" {
  bucket = "notes-prod-exports"
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "notes-prod-site"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true

  dynamic "origin" {
    for_each = {
      site   = aws_s3_bucket.site.bucket_regional_domain_name
      assets = aws_s3_bucket.assets.bucket_regional_domain_name
      docs   = aws_s3_bucket.docs.bucket_regional_domain_name
      media  = aws_s3_bucket.media.bucket_regional_domain_name
      fonts   = aws_s3_bucket.fonts.bucket_regional_domain_name
      exports = aws_s3_bucket.exports.bucket_regional_domain_name
    }
    content {
      origin_id                = origin.key
      domain_name              = origin.value
      origin_access_control_id = aws_cloudfront_origin_access_control.site.id
    }
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
  }

  viewer_certificate {
    cloudfront_default_certificate = true
    minimum_protocol_version       = "TLSv1.2_2021"
  }
}

# The recommended grant: this distribution's ARN, built from the account and its id.
data "aws_iam_policy_document" "site" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = ["arn:aws:cloudfront::${data.aws_caller_identity.current.account_id}:distribution/${aws_cloudfront_distribution.site.id}"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  # ok: NC-HOST-006
  policy = data.aws_iam_policy_document.site.json
}

data "aws_iam_policy_document" "assets" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.assets.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "AWS:SourceArn"
      values   = [local.any_distribution]
    }
  }
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  # ruleid: NC-HOST-006
  policy = data.aws_iam_policy_document.assets.json
}

data "aws_iam_policy_document" "docs" {
  statement {
    sid       = "PublicUnlessFromAnotherDistribution"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.docs.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    # IfExists: an anonymous request carries no AWS:SourceArn, so the condition holds for it
    condition {
      test     = "ArnLikeIfExists"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "docs" {
  bucket = aws_s3_bucket.docs.id
  # ruleid: NC-HOST-006
  policy = data.aws_iam_policy_document.docs.json
}

data "aws_iam_policy_document" "media" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.media.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "media" {
  bucket = aws_s3_bucket.media.id
  # ok: NC-HOST-006
  policy = data.aws_iam_policy_document.media.json
}

# The same policies written with jsonencode(): the distribution's ARN and the bucket's are known only after
# apply, the rest of the document is read as written.
resource "aws_s3_bucket_policy" "fonts" {
  bucket = aws_s3_bucket.fonts.id
  # ok: NC-HOST-006
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.fonts.arn}/*"
      Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.site.arn } }
    }]
  })
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  # ruleid: NC-HOST-006
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.exports.arn}/*"
      Condition = { ArnLike = { "AWS:SourceArn" = local.any_distribution } }
    }]
  })
}
