variable "environment" {
  type = string
}

variable "frontend_domain" {
  type = string
}
