variable "environment" {
  type = string
}

variable "api_security_policy" {
  type = string
}

variable "admin_security_policy" {
  type = string
}

variable "default_policy" {
  type    = string
  default = "TLS_1_0"
}
