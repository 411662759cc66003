terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
}

variable "environment" {
  type = string
}

locals {
  tags = {
    Environment = var.environment
    Project     = "notes"
  }
}

resource "aws_s3_bucket" "build" {
  bucket_prefix = "notes-${var.environment}-build-"
  tags          = local.tags
}

resource "terraform_data" "bundle" {
  input = "build/bundle.env"
}

# The path names a file only after apply (a bucket's generated name): which file is uploaded, so whether it
# holds a secret, cannot be known; said so, not passed.
resource "aws_s3_object" "generated_name" {
  bucket = aws_s3_bucket.build.id
  key    = "config.json"
  # ruleid: NC-SECRET-005
  source = "${path.module}/files/${aws_s3_bucket.build.id}.json"
  tags   = local.tags
}

# The whole path from a resource's attribute known only after apply.
resource "aws_s3_object" "from_resource" {
  bucket = aws_s3_bucket.build.id
  key    = "bundle.env"
  # ruleid: NC-SECRET-005
  source = terraform_data.bundle.output
  tags   = local.tags
}

# Near miss: the file is known (and clean); only the bucket and the key wait for apply.
resource "aws_s3_object" "known_file" {
  bucket = aws_s3_bucket.build.id
  key    = "${aws_s3_bucket.build.id}/clean.json"
  # ok: NC-SECRET-005
  source = "${path.module}/files/clean.json"
  etag   = filemd5("${path.module}/files/clean.json")
  tags   = local.tags
}
