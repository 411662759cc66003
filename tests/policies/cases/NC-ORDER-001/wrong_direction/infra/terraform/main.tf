variable "environment" {
  type = string
}

module "iam" {
  source      = "./modules/iam"
  environment = var.environment
}

module "database" {
  source      = "./modules/database"
  environment = var.environment
  # ruleid: NC-ORDER-001
  upstream = module.compute.id
}

module "compute" {
  source      = "./modules/compute"
  environment = var.environment
  # ok: NC-ORDER-001
  upstream = module.iam.id
}

# ruleid: NC-ORDER-003
module "misc" {
  source      = "./modules/misc"
  environment = var.environment
}

# ruleid: NC-ORDER-004
resource "aws_lambda_function" "notes" {
  function_name = "notes-prod-list"
  role          = module.iam.id
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build.zip"
}
