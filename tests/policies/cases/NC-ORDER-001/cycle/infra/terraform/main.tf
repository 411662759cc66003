variable "environment" {
  type = string
}

module "security" {
  source      = "./modules/security"
  environment = var.environment
  # ruleid: NC-ORDER-001, NC-ORDER-002
  upstream = module.auth.id
}

module "auth" {
  source      = "./modules/auth"
  environment = var.environment
  upstream    = module.security.id
}
