variable "environment" {
  type = string
}

variable "upstream" {
  type    = string
  default = ""
}

output "id" {
  value = "notes-${var.environment}-database"
}
