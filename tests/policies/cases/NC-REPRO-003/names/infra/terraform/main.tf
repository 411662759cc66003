variable "environment" {
  type = string
}

locals {
  stamp = formatdate("YYYYMMDD", timestamp())
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "random_id" "kept" {
  byte_length = 4
  keepers = {
    environment = var.environment
  }
}

resource "aws_s3_bucket" "site" {
  # ruleid: NC-REPRO-003
  bucket = "notes-${var.environment}-site-${local.stamp}"
}

resource "aws_s3_bucket" "logs" {
  # ruleid: NC-REPRO-003
  bucket = "notes-${var.environment}-logs-${random_id.suffix.hex}"
}

resource "aws_s3_bucket" "assets" {
  # ok: NC-REPRO-003
  bucket = "notes-${var.environment}-assets-${random_id.kept.hex}"
}

resource "aws_sqs_queue" "events" {
  # ruleid: NC-REPRO-003
  name_prefix = "notes-${var.environment}-events-"
}

resource "aws_sqs_queue" "dead_letters" {
  # ok: NC-REPRO-003
  name = "notes-${var.environment}-dead-letters"
}

module "store" {
  source      = "./modules/store"
  environment = var.environment
}
