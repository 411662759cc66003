variable "memory" {
  type = number
}
