resource "aws_sns_topic" "alarms" {
  name = "notes-prod-alarms"
}

resource "aws_sqs_queue" "dlq" {
  name = "notes-prod-dlq"
}

# Its own tag overrides the provider's default: compliant.
# ok: NC-TAG-001
resource "aws_kms_key" "data" {
  description = "notes prod data"
  tags = {
    # ok: NC-TAG-001
    Environment = var.environment
  }
}
