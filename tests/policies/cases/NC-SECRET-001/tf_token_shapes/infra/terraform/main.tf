# Values under innocent names whose shape only detect-secrets' plugins know (obviously fake tokens).
terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
}

locals {
  # ruleid: NC-SECRET-001
  list_endpoint = "fakefakefakefakefakefakefakefake-us12"
  # ok: NC-SECRET-001
  bucket_name = "notes-prod-assets-0123456789"
  # ok: NC-SECRET-001
  artifact_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}

module "notify" {
  source = "./modules/notify"
  # ok: NC-SECRET-001
  channel = var.notify_channel
}

resource "aws_ssm_parameter" "list" {
  # ok: NC-SECRET-001
  name = "/notes/prod/mailing-list-endpoint"
  type = "String"
  # ok: NC-SECRET-001
  value = local.list_endpoint
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}

resource "aws_ssm_parameter" "bucket" {
  name  = "/notes/prod/assets-bucket"
  type  = "String"
  value = local.bucket_name
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}
