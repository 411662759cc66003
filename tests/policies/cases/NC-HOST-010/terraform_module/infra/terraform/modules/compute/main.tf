variable "domain" {
  type = string
}

variable "security_policy" {
  type = string
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = var.domain
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ok: NC-HOST-010
  security_policy = var.security_policy
}
