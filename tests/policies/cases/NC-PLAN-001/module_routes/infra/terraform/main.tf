locals {
  sizes = { small = 128, huge = 4096 }
  base  = { memory = 256 }
  tuned = merge(local.base, { memory = 2048 })
}

module "fine" {
  source = "./modules/compute"
  # ok: NC-PLAN-001
  memory = local.sizes.small
}

module "through_a_local" {
  source = "./modules/compute"
  # ruleid: NC-PLAN-001
  memory = local.sizes.huge
}

module "through_merge" {
  source = "./modules/compute"
  # ruleid: NC-PLAN-001
  memory = local.tuned.memory
}

module "through_tfvars" {
  source = "./modules/compute"
  # ruleid: NC-PLAN-001
  memory = var.memory
}

module "defaulted" {
  source = "./modules/compute"
}
