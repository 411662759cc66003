# Both tags on the resource itself, the environment from the variables file.
# ok: NC-TAG-001, NC-TAG-002
resource "aws_s3_bucket" "site" {
  bucket = "notes-prod-site"
  tags = {
    Environment = var.environment
    Project     = "notes"
  }
}

# ruleid: NC-TAG-001, NC-TAG-002
resource "aws_kms_key" "data" {
  description = "no tags at all"
}

# ruleid: NC-TAG-002
resource "aws_sqs_queue" "dlq" {
  name = "notes-prod-dlq"
  tags = {
    Environment = var.environment
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name = "/aws/lambda/notes-prod-api"
  tags = {
    Environment = "prod"
    # ruleid: NC-TAG-002
    Project = "notes-legacy"
  }
}

resource "aws_sns_topic" "alarms" {
  name = "notes-prod-alarms"
  # ruleid: NC-TAG-001, NC-TAG-002
  tags = var.extra_tags
}

# Not an AWS resource: not checked.
# ok: NC-TAG-001, NC-TAG-002
resource "random_id" "suffix" {
  byte_length = 4
}
