# REST and HTTP APIs written in Terraform. A REST API stage is throttled as a whole only by method
# settings for every method ("*/*"); settings for one method leave the others unthrottled.
variable "environment" {
  type = string
}

variable "api_rate_limit_per_minute" {
  type = number
  validation {
    condition     = var.api_rate_limit_per_minute >= 1000 && var.api_rate_limit_per_minute <= 10000
    error_message = "Between 1,000 and 10,000 requests per minute."
  }
}

locals {
  rate_per_second = var.api_rate_limit_per_minute / 60
  burst           = ceil(var.api_rate_limit_per_minute / 60)
  stages          = toset(["public", "admin"])
}

resource "aws_api_gateway_rest_api" "notes" {
  name = "notes-${var.environment}-api"
}

resource "aws_api_gateway_deployment" "notes" {
  rest_api_id = aws_api_gateway_rest_api.notes.id
}

# ok: NC-LIMIT-003 (the catch-all below, tied by the API and the stage name)
resource "aws_api_gateway_stage" "notes" {
  rest_api_id   = aws_api_gateway_rest_api.notes.id
  deployment_id = aws_api_gateway_deployment.notes.id
  stage_name    = var.environment
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.notes.id
  stage_name  = var.environment
  method_path = "*/*"
  settings {
    throttling_rate_limit  = local.rate_per_second
    throttling_burst_limit = local.burst
  }
}

resource "aws_api_gateway_rest_api" "admin" {
  name = "notes-${var.environment}-admin"
}

resource "aws_api_gateway_deployment" "admin" {
  rest_api_id = aws_api_gateway_rest_api.admin.id
}

# ruleid: NC-LIMIT-003
resource "aws_api_gateway_stage" "admin" {
  for_each      = local.stages
  rest_api_id   = aws_api_gateway_rest_api.admin.id
  deployment_id = aws_api_gateway_deployment.admin.id
  stage_name    = each.key
}

# one method of each stage only: every other method of the stages is unthrottled
resource "aws_api_gateway_method_settings" "admin_list" {
  for_each    = aws_api_gateway_stage.admin
  rest_api_id = aws_api_gateway_rest_api.admin.id
  stage_name  = each.value.stage_name
  method_path = "notes/GET"
  settings {
    throttling_rate_limit  = local.rate_per_second
    throttling_burst_limit = local.burst
  }
}

resource "aws_apigatewayv2_api" "hooks" {
  name          = "notes-${var.environment}-hooks"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "hooks" {
  api_id = aws_apigatewayv2_api.hooks.id
  name   = "$default"
  default_route_settings {
    # ruleid: NC-LIMIT-003
    throttling_rate_limit  = var.environment == "prod" ? 5000 : local.rate_per_second
    throttling_burst_limit = 10000
  }
}

resource "aws_apigatewayv2_api" "events" {
  name          = "notes-${var.environment}-events"
  protocol_type = "HTTP"
}

# ok: NC-LIMIT-003
resource "aws_apigatewayv2_stage" "events" {
  api_id = aws_apigatewayv2_api.events.id
  name   = "$default"
  default_route_settings {
    # ok: NC-LIMIT-003
    throttling_rate_limit  = local.rate_per_second
    throttling_burst_limit = local.burst
  }
}
