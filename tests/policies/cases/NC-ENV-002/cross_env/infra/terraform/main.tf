resource "aws_ssm_parameter" "upstream" {
  name = "/notes/prod/upstream-table-arn"
  type = "String"
  # The value comes from envs/prod.tfvars, which names the dev table.
  # ruleid: NC-ENV-002
  value = var.upstream_table_arn
}

resource "aws_ssm_parameter" "frontend" {
  name = "/notes/prod/frontend-url"
  type = "String"
  # ruleid: NC-ENV-002
  value = "https://p1-sta.fikri.dev"
}

resource "aws_ssm_parameter" "own" {
  # Own domain, a top-level domain ".dev", and words that contain "dev": no finding.
  # ok: NC-ENV-002
  name = "/notes/prod/devices"
  type = "String"
  # ok: NC-ENV-002
  value = "https://api.p1.fikri.dev/devops"
  # ok: NC-ENV-002
  description = "same as in dev, copied from notes-dev"
}

data "aws_route53_zone" "root" {
  # ok: NC-ENV-002
  name = "fikri.dev"
}
