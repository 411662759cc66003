# String parameters holding values shaped like credentials only detect-secrets' plugins know (obviously
# fake tokens), under innocent parameter names.
terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
}

variable "relay_endpoint" {
  type = string
}

locals {
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
  list_endpoint = "fakefakefakefakefakefakefakefake-us12"
  artifact_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}

# A tfvars value
resource "aws_ssm_parameter" "relay" {
  name = "/notes/prod/relay-endpoint"
  # ruleid: NC-SECRET-006
  type  = "String"
  value = var.relay_endpoint
  tags  = local.tags
}

# A local
resource "aws_ssm_parameter" "list" {
  name = "/notes/prod/mailing-list-endpoint"
  # ruleid: NC-SECRET-006
  type  = "StringList"
  value = local.list_endpoint
  tags  = local.tags
}

# A module variable's default, in the module
module "publish" {
  source = "./modules/publish"
  tags   = local.tags
}

# Near misses: the same value as a SecureString, and a digest as a String
resource "aws_ssm_parameter" "relay_secure" {
  name = "/notes/prod/relay-endpoint-secure"
  # ok: NC-SECRET-006
  type  = "SecureString"
  value = var.relay_endpoint
  tags  = local.tags
}

resource "aws_ssm_parameter" "artifact" {
  name = "/notes/prod/artifact-digest"
  # ok: NC-SECRET-006
  type  = "String"
  value = local.artifact_hash
  tags  = local.tags
}

# insecure_value (the attribute for values that are not secret), shaped like a Mailchimp key, through a lookup
resource "aws_ssm_parameter" "list_insecure" {
  name = "/notes/prod/mailing-list-config"
  # ruleid: NC-SECRET-006
  type           = "String"
  insecure_value = lookup({ primary = local.list_endpoint }, "primary")
  tags           = local.tags
}

resource "aws_ssm_parameter" "artifact_insecure" {
  name = "/notes/prod/artifact-digest-insecure"
  # ok: NC-SECRET-006
  type           = "String"
  insecure_value = local.artifact_hash
  tags           = local.tags
}
