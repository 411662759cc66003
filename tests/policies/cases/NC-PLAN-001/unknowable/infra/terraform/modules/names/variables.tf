variable "key_arn" {
  type = string
  validation {
    condition     = startswith(var.key_arn, "arn:aws:kms:")
    error_message = "key_arn must be a KMS key ARN."
  }
}
