locals {
  name_prefix = "${var.project}-${var.environment}"
}

data "aws_caller_identity" "current" {}

resource "aws_dynamodb_table" "notes" {
  # ruleid: NC-ENV-001
  name     = "notes-table"
  hash_key = "id"
}

resource "aws_dynamodb_table" "sessions" {
  # ok: NC-ENV-001
  name     = "${local.name_prefix}-sessions"
  hash_key = "id"
}

resource "aws_s3_bucket" "site" {
  # The account id is known only at apply; the name is still built from the environment.
  # ok: NC-ENV-001
  bucket = "${local.name_prefix}-site-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket" "assets" {
  # ruleid: NC-ENV-001
  bucket = "notes-assets-${var.suffix}"
}

resource "aws_ssm_parameter" "table" {
  # "production" is not the environment name "prod".
  # ruleid: NC-ENV-001
  name  = "/notes/production/table-name"
  type  = "String"
  value = "x"
}

resource "aws_kms_alias" "data" {
  # ok: NC-ENV-001
  name          = "alias/notes-prod-data"
  target_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_route53_record" "frontend" {
  # A DNS name, checked by NC-ENV-004 instead.
  # ok: NC-ENV-001
  name    = "p1.fikri.dev"
  zone_id = "Z123"
  type    = "A"
}
