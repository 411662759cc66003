terraform {
  required_version = ">= 1.5.0"

  # The key is given at init: -backend-config="key=prod/terraform.tfstate".
  # ok: NC-STATE-001, NC-STATE-002, NC-STATE-003, NC-STATE-004
  backend "s3" {
    bucket         = "notes-terraform-state"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "notes-terraform-locks"
  }
}

provider "aws" {
  region = "us-east-1"
}
