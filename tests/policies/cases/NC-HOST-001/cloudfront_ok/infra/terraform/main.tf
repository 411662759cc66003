# Where NC-HOST-008 would point if the distribution below were missing.
# ok: NC-HOST-008
data "aws_acm_certificate" "frontend" {
  domain   = "p1.fikri.dev"
  statuses = ["ISSUED"]
}

# ok: NC-HOST-005, NC-HOST-006
resource "aws_s3_bucket" "site" {
  bucket = "notes-prod-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "notes-prod-site"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# ok: NC-HOST-001, NC-HOST-002, NC-HOST-003, NC-HOST-004
resource "aws_cloudfront_distribution" "site" {
  enabled             = true
  aliases             = ["p1.fikri.dev"]
  default_root_object = "index.html"

  origin {
    origin_id                = "site"
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  # The API is a custom origin, not S3: it needs no origin access control.
  origin {
    origin_id   = "api"
    domain_name = "api.p1.fikri.dev"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id = "site"
    # ok: NC-HOST-001
    viewer_protocol_policy = "redirect-to-https"
  }

  ordered_cache_behavior {
    path_pattern     = "/api/*"
    target_origin_id = "api"
    # ok: NC-HOST-001
    viewer_protocol_policy = "https-only"
  }

  viewer_certificate {
    acm_certificate_arn = data.aws_acm_certificate.frontend.arn
    ssl_support_method  = "sni-only"
    # ok: NC-HOST-002
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

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
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  # ok: NC-HOST-006
  policy = data.aws_iam_policy_document.site.json
}

# A certificate for a name outside the root domain is not the spec's frontend or API certificate.
# ok: NC-HOST-007
resource "aws_acm_certificate" "internal" {
  domain_name       = "notes.internal.example"
  validation_method = "DNS"
}
