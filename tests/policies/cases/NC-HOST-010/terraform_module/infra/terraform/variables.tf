variable "environment" {
  type = string
}

variable "api_security_policy" {
  type = string
}
