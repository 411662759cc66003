# Neither a CloudFront distribution nor an API: reported on the first block of the root main.tf.
# ruleid: NC-HOST-008, NC-HOST-009
resource "aws_s3_bucket" "site" {
  bucket = "notes-prod-site"
}
