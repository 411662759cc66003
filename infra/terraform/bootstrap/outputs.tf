output "state_bucket" {
  description = "Bucket named in infra/terraform/backend.tf."
  value       = aws_s3_bucket.state.id
}

output "lock_table" {
  description = "Lock table named in infra/terraform/backend.tf."
  value       = aws_dynamodb_table.locks.name
}

output "cloudtrail_arn" {
  description = "Account audit trail."
  value       = aws_cloudtrail.audit.arn
}

output "audit_bucket" {
  description = "Bucket holding CloudTrail log files."
  value       = aws_s3_bucket.audit.id
}
