provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

# The state bucket with a policy that only allows the deployment role: plain HTTP still gets in.
resource "aws_s3_bucket" "state" {
  bucket = "notes-terraform-state"
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  # ruleid: NC-STATE-008
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DeploymentRoleOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${aws_s3_bucket.state.arn}/*"]
      Condition = { StringNotLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/notes-deployment" } }
    }]
  })
}
