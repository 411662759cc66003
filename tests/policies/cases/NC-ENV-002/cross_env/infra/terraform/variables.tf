variable "environment" {
  type = string
}

variable "upstream_table_arn" {
  type = string
}
