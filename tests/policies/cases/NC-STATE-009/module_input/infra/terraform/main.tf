# The state bucket's ARN reaches a role policy through a module input.
module "ci" {
  source           = "./modules/ci"
  environment      = var.environment
  state_bucket_arn = "arn:aws:s3:::notes-terraform-state"
  site_bucket_arn  = "arn:aws:s3:::notes-${var.environment}-site"
}
