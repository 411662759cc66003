# Inherits Environment and Project from the provider's default_tags.
# ok: NC-TAG-001, NC-TAG-002
resource "aws_dynamodb_table" "notes" {
  name     = "notes-prod-notes"
  hash_key = "id"
}

# A resource tag overrides the default with another environment.
resource "aws_sns_topic" "alarms" {
  name = "notes-prod-alarms"
  tags = {
    # ruleid: NC-TAG-001
    Environment = "dev"
  }
}

# Cannot carry tags (policies/data/taggable.yaml): no finding although it has none.
# ok: NC-TAG-001, NC-TAG-002
resource "aws_iam_role_policy_attachment" "logs" {
  role       = "notes-prod-backup"
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
}

# Data sources are read, not created: never checked.
# ok: NC-TAG-001
data "aws_caller_identity" "current" {}
