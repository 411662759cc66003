# A module reads a later layer through the root module's own locals and resources: still a backward
# dependency (database -> compute), found at the argument that reads it.
variable "environment" {
  type = string
}

locals {
  # The root local reads compute; database reads the local.
  compute_id = module.compute.id
  chosen     = coalesce(local.compute_id, "none")
  iam_id     = module.iam.id
}

resource "terraform_data" "relay" {
  input = module.compute.id
}

module "iam" {
  source      = "./modules/iam"
  environment = var.environment
}

module "security" {
  source      = "./modules/security"
  environment = var.environment
  # ruleid: NC-ORDER-001
  upstream = terraform_data.relay.output
}

module "database" {
  source      = "./modules/database"
  environment = var.environment
  # ruleid: NC-ORDER-001
  upstream = local.chosen
}

module "compute" {
  source      = "./modules/compute"
  environment = var.environment
  # ok: NC-ORDER-001
  upstream = local.iam_id
}
