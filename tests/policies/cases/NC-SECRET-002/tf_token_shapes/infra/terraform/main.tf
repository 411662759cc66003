# Outputs whose values have a shape only detect-secrets' plugins know (obviously fake tokens), under
# innocent names: not `sensitive = true`, so plan and apply print them.
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
  list_endpoint = "fakefakefakefakefakefakefakefake-us12"
  bucket_name   = "notes-prod-assets-0123456789"
  artifact_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}

module "notify" {
  source = "./modules/notify"
}

# A tfvars value
# ruleid: NC-SECRET-002
output "relay" {
  value = var.relay_endpoint
}

# A local, inside a map
# ruleid: NC-SECRET-002
output "endpoints" {
  value = {
    list   = local.list_endpoint
    bucket = local.bucket_name
  }
}

# A module variable's default, through the module's output
# ruleid: NC-SECRET-002
output "mail_relay" {
  value = module.notify.mail_relay
}

# ok: NC-SECRET-002
output "relay_sensitive" {
  value     = var.relay_endpoint
  sensitive = true
}

# ok: NC-SECRET-002
output "bucket" {
  value = local.bucket_name
}

# ok: NC-SECRET-002
output "artifact_hash" {
  value = local.artifact_hash
}
