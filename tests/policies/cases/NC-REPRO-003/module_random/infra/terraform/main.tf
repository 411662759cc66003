variable "environment" {
  type = string
}

module "queue" {
  source      = "./modules/queue"
  environment = var.environment
}
