# ruleid: NC-STATE-001
terraform {
  required_version = ">= 1.5.0"
}

provider "aws" {
  region = "us-east-1"
}
