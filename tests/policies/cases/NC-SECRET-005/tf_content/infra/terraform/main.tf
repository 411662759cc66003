terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "us-east-1"
}

locals {
  tags = {
    Environment = "prod"
    Project     = "notes"
  }
  # ruleid: NC-SECRET-005
  worker_config = <<-YAML
    queue: notes-prod-jobs
    smtp_password: Wb7nQ4zR1xLk9vTe
  YAML
  oauth = {
    # ok: NC-SECRET-005
    clientId = "notes-web"
  }
}

resource "aws_s3_object" "client_config" {
  bucket = "notes-prod-config"
  key    = "client.json"
  # ruleid: NC-SECRET-005
  content = jsonencode(merge(local.oauth, { oauthClientSecret = "hT7s9Kq2LmXw8vRz3NpY" }))
  tags    = local.tags
}

resource "aws_s3_object" "worker_config" {
  bucket  = "notes-prod-config"
  key     = "worker.yaml"
  content = local.worker_config
  tags    = local.tags
}

resource "aws_s3_object" "db_config" {
  bucket = "notes-prod-config"
  key    = "db.yaml"
  # ruleid: NC-SECRET-005
  content_base64 = "ZGI6CiAgaG9zdDogbm90ZXMtcHJvZC5jbHVzdGVyLmV4YW1wbGUuY29tCiAgcGFzc3dvcmQ6IEtxOHZSMm1YdzlMdFozcE4K"
  tags           = local.tags
}

resource "aws_s3_object" "referenced" {
  bucket = "notes-prod-config"
  key    = "referenced.json"
  # ok: NC-SECRET-005
  content = jsonencode({ oauthClientSecretArn = aws_secretsmanager_secret.oauth.arn, password = "$${DB_PASSWORD}" })
  tags    = local.tags
}

resource "aws_secretsmanager_secret" "oauth" {
  name = "notes/prod/oauth"
  tags = local.tags
}

resource "aws_instance" "bastion" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  # ruleid: NC-SECRET-005
  user_data = <<-EOT
    #!/bin/bash
    export DB_HOST=${aws_secretsmanager_secret.oauth.arn}
    export API_TOKEN="Zx4Rt8Lp2Vn6Qs1Mk9Wd"
  EOT
  tags = local.tags
}

module "config" {
  source = "./modules/config"
  tags   = local.tags
}

resource "aws_iam_policy" "read_config" {
  name = "notes-prod-read-config"
  # ok: NC-SECRET-005
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "arn:aws:s3:::notes-prod-config/*"
    }]
  })
  tags = local.tags
}
