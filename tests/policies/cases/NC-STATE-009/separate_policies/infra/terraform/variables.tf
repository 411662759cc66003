variable "environment" {
  type = string
}

variable "state_bucket" {
  type    = string
  default = "notes-terraform-state"
}
