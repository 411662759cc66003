# One-time shared layer (spec section 6, "Shared Resources"): the Terraform state bucket, the
# state lock table and CloudTrail. Applied once per account with local state, before any
# environment; see docs/runbooks/initial-setup.md. Shared, so tagged Environment = "shared".
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Environment = "shared"
      Project     = var.project
      ManagedBy   = "terraform"
    }
  }
}
