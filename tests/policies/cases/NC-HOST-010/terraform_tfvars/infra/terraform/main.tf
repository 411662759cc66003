resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ok: NC-HOST-010
  security_policy = var.api_security_policy
}

resource "aws_api_gateway_domain_name" "admin" {
  domain_name              = "admin.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ok: NC-HOST-010
  security_policy = var.admin_security_policy
}

resource "aws_api_gateway_domain_name" "defaulted" {
  domain_name              = "old.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ruleid: NC-HOST-010
  security_policy = var.default_policy
}

data "aws_ssm_parameter" "policy" {
  name = "/notes/prod/api/tls-policy"
}

resource "aws_api_gateway_domain_name" "from_ssm" {
  domain_name              = "ssm.p1.fikri.dev"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
  # ruleid: NC-HOST-010
  security_policy = data.aws_ssm_parameter.policy.value
}
