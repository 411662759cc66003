# Remote state (spec section 3). Backend blocks cannot read variables, so the shared bucket and
# lock table are written literally ("${project}-terraform-state" / "${project}-terraform-locks" with
# project = "notes") and the per-environment key is given at init time:
#   terraform init -backend-config="key=<env>/terraform.tfstate"
# Both are created once by ./bootstrap (see docs/runbooks/initial-setup.md).
terraform {
  backend "s3" {
    bucket         = "notes-terraform-state"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "notes-terraform-locks"
  }
}
