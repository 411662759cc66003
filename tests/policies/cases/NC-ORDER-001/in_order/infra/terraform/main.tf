variable "environment" {
  type = string
}

module "iam" {
  source      = "./modules/iam"
  environment = var.environment
}

module "security" {
  source      = "./modules/security"
  environment = var.environment
  upstream    = module.iam.id
}

module "database" {
  source      = "./modules/database"
  environment = var.environment
  # ok: NC-ORDER-001
  upstream = module.security.id
}

module "compute" {
  source      = "./modules/compute"
  environment = var.environment
  # ok: NC-ORDER-001, NC-ORDER-002
  upstream = module.database.id
}

# ok: NC-ORDER-003
module "monitoring" {
  source      = "./modules/misc"
  environment = var.environment
  upstream    = module.compute.id
}
