data "aws_acm_certificate" "frontend" {
  # A wildcard one level above covers p1.fikri.dev.
  # ok: NC-ENV-004
  domain = "*.fikri.dev"
}

data "aws_acm_certificate" "api" {
  # ruleid: NC-ENV-004, NC-ENV-002
  domain = "api.p1-dev.fikri.dev"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  # ruleid: NC-ENV-004, NC-ENV-002
  aliases = [var.frontend_domain]
}

resource "aws_api_gateway_domain_name" "api" {
  # ok: NC-ENV-004
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = data.aws_acm_certificate.api.arn
}

resource "aws_route53_record" "frontend" {
  zone_id = "Z123"
  # Relative to the zone: p1.fikri.dev.
  # ok: NC-ENV-004
  name = "p1"
  type = "A"
}

resource "aws_route53_record" "validation" {
  zone_id = "Z123"
  # ok: NC-ENV-004
  name    = "_3f2a.api.p1.fikri.dev."
  type    = "CNAME"
  records = ["_x.acm-validations.aws."]
  ttl     = 300
}

resource "aws_route53_record" "www" {
  zone_id = "Z123"
  # ruleid: NC-ENV-004
  name = "www.fikri.dev"
  type = "CNAME"
}
