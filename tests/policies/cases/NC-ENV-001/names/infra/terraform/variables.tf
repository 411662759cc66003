variable "environment" {
  type = string
}

variable "project" {
  type    = string
  default = "notes"
}

variable "suffix" {
  type = string
}
