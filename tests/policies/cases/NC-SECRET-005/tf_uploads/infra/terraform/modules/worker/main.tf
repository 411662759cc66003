variable "environment" {
  type = string
}

resource "aws_s3_object" "worker" {
  bucket = "notes-${var.environment}-config"
  key    = "worker.sh"
  source = "${path.module}/config/worker.sh"
  tags = {
    Environment = var.environment
    Project     = "notes"
  }
}

# Near miss: a script without a secret.
resource "aws_s3_object" "clean" {
  bucket = "notes-${var.environment}-config"
  key    = "clean.sh"
  source = "${path.module}/config/clean.sh"
  tags = {
    Environment = var.environment
    Project     = "notes"
  }
}
