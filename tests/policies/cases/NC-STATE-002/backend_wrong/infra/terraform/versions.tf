terraform {
  # ruleid: NC-STATE-002
  backend "s3" {
    # ruleid: NC-STATE-002
    bucket = "my-terraform-state"
    # A key in the block is shared by every environment.
    # ruleid: NC-STATE-004
    key    = "dev/terraform.tfstate"
    region = "us-east-1"
    # ruleid: NC-STATE-003
    encrypt = false
  }
}

provider "aws" {
  region = "us-east-1"
}
