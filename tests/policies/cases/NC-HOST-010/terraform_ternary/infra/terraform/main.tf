locals {
  # Only prod gets TLS 1.2: dev and staging keep accepting TLS 1.0.
  api_policy   = var.environment == "prod" ? "TLS_1_2" : "TLS_1_0"
  admin_policy = var.environment == "prod" ? "SecurityPolicy_TLS13_1_2_2021_06" : "TLS_1_2"
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ruleid: NC-HOST-010
  security_policy = local.api_policy
}

resource "aws_api_gateway_domain_name" "admin" {
  domain_name              = "admin.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  endpoint_access_mode     = "STRICT"
  # ok: NC-HOST-010
  security_policy = local.admin_policy
}
