terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
}

variable "app_settings" {
  type = string
}

variable "alerts_config" {
  type    = string
  default = "{}"
}

locals {
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}

resource "aws_s3_object" "settings" {
  bucket  = "notes-prod-config"
  key     = "settings.json"
  content = var.app_settings
  tags    = local.tags
}

resource "aws_s3_object" "alerts" {
  bucket  = "notes-prod-config"
  key     = "alerts.json"
  content = var.alerts_config
  tags    = local.tags
}

module "worker" {
  source = "./modules/worker"
  tags   = local.tags
}

resource "aws_lambda_function" "api" {
  function_name = "notes-prod-api"
  role          = "arn:aws:iam::123456789012:role/notes-prod-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "api.zip"
  environment {
    variables = {
      # ruleid: NC-SECRET-005
      DATABASE_URL = "postgres://notes:Pq7Lm2Xc9Vb4Rt@db.internal:5432/notes"
      # ok: NC-SECRET-005
      DATABASE_HOST_URL = "postgres://db.internal:5432/notes"
      # ok: NC-SECRET-005
      SOURCE_HASH = "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    }
  }
  tags = local.tags
}
