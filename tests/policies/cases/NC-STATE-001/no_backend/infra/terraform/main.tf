resource "aws_sns_topic" "alarms" {
  name = "notes-prod-alarms"
}
