variable "tags" {
  type = map(string)
}

variable "chat_channel" {
  type    = string
  default = "123456789:FAKEfakeFAKEfakeFAKEfakeFAKEfake123"
}

variable "queue_name" {
  type    = string
  default = "notes-prod-notify-queue-0001"
}

resource "aws_ssm_parameter" "chat" {
  name = "/notes/prod/chat-channel"
  # ruleid: NC-SECRET-006
  type  = "String"
  value = var.chat_channel
  tags  = var.tags
}

resource "aws_ssm_parameter" "queue" {
  name = "/notes/prod/queue-name"
  # ok: NC-SECRET-006
  type  = "String"
  value = var.queue_name
  tags  = var.tags
}
