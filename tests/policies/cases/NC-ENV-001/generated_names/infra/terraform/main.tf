variable "environment" {
  type = string
}

variable "topic_name" {
  type    = string
  default = null
}

# No name: the provider names it terraform-<timestamp>, outside the notes-prod-* policies.
# ruleid: NC-ENV-001
resource "aws_sqs_queue" "dead_letters" {
  message_retention_seconds = 1209600
}

# The name from a variable left at its null default: generated as well.
# ruleid: NC-ENV-001
resource "aws_sns_topic" "alarms" {
  name = var.topic_name
}

# ruleid: NC-ENV-001
resource "aws_s3_bucket" "exports" {
  force_destroy = true
}

# A prefix carrying the environment is a name.
# ok: NC-ENV-001
resource "aws_cloudwatch_log_group" "api" {
  name_prefix = "/aws/lambda/notes-${var.environment}-"
}

# A type without a name attribute (a key is named by its alias): not checked.
# ok: NC-ENV-001
resource "aws_kms_key" "data" {
  description = "notes data"
}
