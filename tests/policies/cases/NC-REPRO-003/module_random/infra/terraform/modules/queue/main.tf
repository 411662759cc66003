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

# Keepers that change on every apply: a new random value, so a new name, each time; through a local.
locals {
  rotation = formatdate("YYYY-MM-DD-hh-mm", timestamp())
}

resource "random_pet" "rotated" {
  keepers = {
    rotation = local.rotation
  }
}

resource "aws_sqs_queue" "exports" {
  # ruleid: NC-REPRO-003
  name = "notes-${var.environment}-exports-${random_pet.rotated.id}"
}

# Keepers on a stable attribute of another resource.
resource "random_pet" "per_queue" {
  keepers = {
    queue = aws_sqs_queue.jobs.name
  }
}

resource "aws_sqs_queue" "imports" {
  # ok: NC-REPRO-003
  name = "notes-${var.environment}-imports-${random_pet.per_queue.id}"
}
