"""NC-HOST: the networking and hosting layer of section 2: CloudFront over a private S3 bucket, HTTPS with the
existing ACM certificates, and an API Gateway custom domain."""
