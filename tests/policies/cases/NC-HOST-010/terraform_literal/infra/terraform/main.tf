resource "aws_api_gateway_domain_name" "tls10" {
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ruleid: NC-HOST-010
  security_policy = "TLS_1_0"
}

resource "aws_api_gateway_domain_name" "tls12" {
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ok: NC-HOST-010
  security_policy = "TLS_1_2"
}

resource "aws_api_gateway_domain_name" "enhanced" {
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  endpoint_access_mode     = "STRICT"
  # ok: NC-HOST-010
  security_policy = "SecurityPolicy_TLS13_1_3_2025_09"
}

resource "aws_api_gateway_domain_name" "lowercase" {
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ruleid: NC-HOST-010
  security_policy = "tls_1_2"
}

# Omitted: API Gateway applies TLS_1_0.
# ruleid: NC-HOST-010
resource "aws_api_gateway_domain_name" "omitted" {
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
}
