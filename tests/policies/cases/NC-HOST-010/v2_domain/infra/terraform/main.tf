resource "aws_apigatewayv2_domain_name" "http" {
  domain_name = "http.p1.fikri.dev"

  domain_name_configuration {
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
    endpoint_type   = "REGIONAL"
    # ruleid: NC-HOST-010
    security_policy = "TLS_1_0"
  }
}

resource "aws_apigatewayv2_domain_name" "ws" {
  domain_name = "ws.p1.fikri.dev"

  domain_name_configuration {
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
    endpoint_type   = "REGIONAL"
    # ok: NC-HOST-010
    security_policy = "TLS_1_2"
  }
}
