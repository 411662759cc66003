terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
}

variable "environment" {
  type = string
}

variable "settings_file" {
  type    = string
  default = "files/settings.env"
}

locals {
  tags = {
    Environment = var.environment
    Project     = "notes"
  }
  uploads = "${path.module}/files"
}

# A JSON document uploaded from the module's folder: the finding is at the file's line (fixture.yaml).
resource "aws_s3_object" "client_config" {
  bucket = "notes-${var.environment}-config"
  key    = "client.json"
  source = "${path.module}/files/client.json"
  etag   = filemd5("${path.module}/files/client.json")
  tags   = local.tags
}

# The folder from a local.
resource "aws_s3_object" "mail" {
  bucket = "notes-${var.environment}-config"
  key    = "mail.ini"
  source = "${local.uploads}/mail.ini"
  tags   = local.tags
}

# The path from a variable's default: relative to the root module's directory, as Terraform reads it.
resource "aws_s3_object" "settings" {
  bucket = "notes-${var.environment}-config"
  key    = "settings.env"
  source = var.settings_file
  tags   = local.tags
}

# The same file uploaded twice: reported once, where the secret is written.
resource "aws_s3_object" "settings_copy" {
  bucket = "notes-${var.environment}-config"
  key    = "copy/settings.env"
  source = "${path.module}/${var.settings_file}"
  tags   = local.tags
}

# A binary file (an image) is not read as text.
resource "aws_s3_object" "logo" {
  bucket       = "notes-${var.environment}-site"
  key          = "logo.png"
  source       = "${path.module}/files/logo.png"
  content_type = "image/png"
  tags         = local.tags
}

# A file that is not there (built at plan time, or a typo): a warning, not a traceback, not a finding.
resource "aws_s3_object" "bundle" {
  bucket = "notes-${var.environment}-site"
  key    = "bundle.zip"
  source = "${path.module}/build/bundle.zip"
  tags   = local.tags
}

# A module's own file, through path.module inside the module.
module "worker" {
  source      = "./modules/worker"
  environment = var.environment
}
