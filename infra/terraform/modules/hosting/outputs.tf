output "site_bucket_name" {
  description = "Private bucket holding the frontend build."
  value       = aws_s3_bucket.site.id
}

output "logs_bucket_name" {
  description = "Bucket receiving S3 access logs and CloudFront logs."
  value       = aws_s3_bucket.logs.id
}

output "distribution_id" {
  description = "CloudFront distribution id (for invalidations)."
  value       = aws_cloudfront_distribution.site.id
}

output "distribution_domain_name" {
  description = "CloudFront domain the frontend record aliases."
  value       = aws_cloudfront_distribution.site.domain_name
}
