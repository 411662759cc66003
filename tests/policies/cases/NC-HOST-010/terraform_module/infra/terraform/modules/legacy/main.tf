resource "aws_api_gateway_domain_name" "legacy" {
  domain_name              = "legacy.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ruleid: NC-HOST-010
  security_policy = "TLS_1_0"
}
