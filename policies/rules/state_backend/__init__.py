"""NC-STATE: Terraform state lives where section 3 says: the shared S3 bucket, encrypted, versioned, locked."""
