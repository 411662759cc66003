# A random value inside a module is named module.queue.random_id.x in the chain.
variable "environment" {
  type = string
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "random_id" "kept" {
  byte_length = 4
  keepers = {
    environment = var.environment
  }
}

resource "aws_sqs_queue" "events" {
  # ruleid: NC-REPRO-003
  name = "notes-${var.environment}-events-${random_id.suffix.hex}"
}

resource "aws_sqs_queue" "jobs" {
  # ok: NC-REPRO-003
  name = "notes-${var.environment}-jobs-${random_id.kept.hex}"
}
