variable "notify_channel" {
  type = string
}
