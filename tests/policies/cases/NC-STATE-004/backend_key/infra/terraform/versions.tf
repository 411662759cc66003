# Only ever applied to prod (fixture.yaml checks prod): the written key is prod's own state file.
terraform {
  backend "s3" {
    bucket = "notes-terraform-state"
    # ok: NC-STATE-004
    key            = "prod/terraform.tfstate"
    encrypt        = true
    dynamodb_table = "notes-terraform-locks"
  }
}
