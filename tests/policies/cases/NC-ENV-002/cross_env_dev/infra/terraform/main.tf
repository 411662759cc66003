resource "aws_ssm_parameter" "frontend" {
  name = "/notes/dev/frontend-url"
  type = "String"
  # When checking dev, prod's domain belongs to another environment.
  # ruleid: NC-ENV-002
  value = "https://p1.fikri.dev"
}

resource "aws_ssm_parameter" "own" {
  name = "/notes/dev/api-url"
  type = "String"
  # ok: NC-ENV-002
  value = "https://api.p1-dev.fikri.dev"
}

resource "aws_ssm_parameter" "state" {
  name = "/notes/dev/state-key"
  type = "String"
  # ruleid: NC-ENV-002
  value = "prod/terraform.tfstate"
}
