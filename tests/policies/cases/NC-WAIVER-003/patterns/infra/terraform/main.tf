resource "aws_s3_bucket" "site" {
  bucket = "notes-prod-site"
}
