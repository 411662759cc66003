resource "aws_acm_certificate" "frontend" {
  # ruleid: NC-HOST-007
  domain_name       = "p1.fikri.dev"
  validation_method = "DNS"
}

resource "aws_s3_bucket" "site" {
  bucket = "notes-prod-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket            = aws_s3_bucket.site.id
  block_public_acls = true
  # ruleid: NC-HOST-005
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ruleid: NC-HOST-006
resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  # ruleid: NC-HOST-006
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
    }]
  })
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["p1.fikri.dev"]

  # ruleid: NC-HOST-004
  origin {
    origin_id   = "site"
    domain_name = aws_s3_bucket.site.bucket_regional_domain_name
  }

  origin {
    origin_id = "website"
    # ruleid: NC-HOST-004
    domain_name = aws_s3_bucket_website_configuration.site.website_endpoint
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id = "site"
    # ruleid: NC-HOST-001
    viewer_protocol_policy = "allow-all"
  }

  viewer_certificate {
    # ruleid: NC-HOST-003, NC-HOST-002
    cloudfront_default_certificate = true
    # ruleid: NC-HOST-002
    minimum_protocol_version = "TLSv1.2_2018"
  }
}
