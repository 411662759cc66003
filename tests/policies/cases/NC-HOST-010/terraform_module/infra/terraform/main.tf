module "api" {
  source          = "./modules/compute"
  domain          = "api.p1.fikri.dev"
  security_policy = var.api_security_policy
}

module "admin" {
  source          = "./modules/compute"
  domain          = "admin.p1.fikri.dev"
  security_policy = "TLS_1_2"
}

module "legacy" {
  source = "./modules/legacy"
}
