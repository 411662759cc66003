variable "channel" {
  type = string
}

variable "relay" {
  type = string
  # ruleid: NC-SECRET-001
  default = "SKfakefakefakefakefakefakefakefake"
}

variable "region_label" {
  type = string
  # ok: NC-SECRET-001
  default = "notes-prod-us-east-1-notify"
}

resource "aws_sns_topic" "notify" {
  name = "notes-prod-notify"
  tags = {
    Environment = "prod"
    Project     = "notes"
    Channel     = var.channel
    Relay       = var.relay
    Region      = var.region_label
  }
}
