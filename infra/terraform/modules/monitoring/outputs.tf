output "alarm_topic_arn" {
  description = "SNS topic every alarm of this environment notifies."
  value       = aws_sns_topic.alarms.arn
}
