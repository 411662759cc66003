# API ingress of one environment (spec section 2, "Networking & Content Delivery"): the custom
# domain api.<env domain> with its existing regional certificate, its Route53 alias, API Gateway
# logging settings and the log groups of the SAM-owned function and stage. The Lambda function
# and the REST API themselves belong to SAM (section 1); SAM maps its stage onto this domain.

locals {
  ssm_prefix = "/${var.project}/${var.environment}"
}

data "aws_route53_zone" "root" {
  name         = var.root_domain
  private_zone = false
}

data "aws_acm_certificate" "api" {
  domain      = var.api_domain
  statuses    = ["ISSUED"]
  most_recent = true
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = var.api_domain
  regional_certificate_arn = data.aws_acm_certificate.api.arn
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_route53_record" "api" {
  zone_id = data.aws_route53_zone.root.zone_id
  name    = var.api_domain
  type    = "A"

  alias {
    name                   = aws_api_gateway_domain_name.api.regional_domain_name
    zone_id                = aws_api_gateway_domain_name.api.regional_zone_id
    evaluate_target_health = false
  }
}

# Regional, account-wide setting: every environment points it at its own logging role
# (see docs/infrastructure.md, "API Gateway account settings").
resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = var.apigateway_cloudwatch_role_arn
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${var.lambda_function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${var.api_name}-access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_ssm_parameter" "api_domain_name" {
  name        = "${local.ssm_prefix}/api/domain-name"
  description = "API custom domain of ${var.environment} (read by SAM's base path mapping)."
  type        = "String"
  value       = aws_api_gateway_domain_name.api.domain_name
}

resource "aws_ssm_parameter" "api_access_log_group_arn" {
  name        = "${local.ssm_prefix}/api/access-log-group-arn"
  description = "Access log group of ${var.environment}'s API stage (read by SAM)."
  type        = "String"
  value       = aws_cloudwatch_log_group.api_access.arn
}

# Per-environment values of the spec's configuration table (section 2, stored in envs/<env>.tfvars),
# published for SAM: sam/template.yaml reads them as AWS::SSM::Parameter::Value<String>, so the
# tfvars file is their one source and samconfig.toml names only the parameters.
resource "aws_ssm_parameter" "lambda_memory_mb" {
  name        = "${local.ssm_prefix}/config/lambda-memory-mb"
  description = "Lambda memory of ${var.environment} (spec section 2)."
  type        = "String"
  value       = tostring(var.lambda_memory_mb)
}

resource "aws_ssm_parameter" "log_level" {
  name        = "${local.ssm_prefix}/config/log-level"
  description = "LOG_LEVEL of ${var.environment} (spec section 2)."
  type        = "String"
  value       = var.log_level
}

resource "aws_ssm_parameter" "api_rate_limit_per_minute" {
  name        = "${local.ssm_prefix}/config/api-rate-limit-per-minute"
  description = "API rate limit of ${var.environment} in requests per minute (spec section 2)."
  type        = "String"
  value       = tostring(var.api_rate_limit_per_minute)
}

# API Gateway throttles per second: the per-minute row divided by 60 (1,000/min = 16.67/s), and a
# burst of one second's worth, rounded up. CloudFormation cannot divide, so Terraform does.
resource "aws_ssm_parameter" "api_rate_limit_per_second" {
  name        = "${local.ssm_prefix}/config/api-rate-limit-per-second"
  description = "API Gateway steady-state rate of ${var.environment} (api_rate_limit_per_minute / 60)."
  type        = "String"
  value       = format("%.2f", var.api_rate_limit_per_minute / 60)
}

resource "aws_ssm_parameter" "api_burst_limit" {
  name        = "${local.ssm_prefix}/config/api-burst-limit"
  description = "API Gateway burst of ${var.environment}: one second of the rate, rounded up."
  type        = "String"
  value       = tostring(ceil(var.api_rate_limit_per_minute / 60))
}
