variable "mail_relay" {
  type    = string
  default = "SG.fakefakefakefakefakefa.fakefakefakefakefakefakefakefakefakefakefak"
}

variable "queue_name" {
  type    = string
  default = "notes-prod-notify-queue-0001"
}

# ruleid: NC-SECRET-002
output "mail_relay" {
  value = var.mail_relay
}

# ok: NC-SECRET-002
output "queue_name" {
  value = var.queue_name
}
