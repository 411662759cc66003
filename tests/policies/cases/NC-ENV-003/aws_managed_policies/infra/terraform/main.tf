variable "environment" {
  type = string
}

locals {
  aws_policy = "arn:aws:iam::aws:policy"
}

resource "aws_iam_role" "app" {
  name = "notes-${var.environment}-app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  # ruleid: NC-ENV-003
  managed_policy_arns = ["${local.aws_policy}/service-role/AWSLambdaBasicExecutionRole", "${local.aws_policy}/AdministratorAccess"]
}

# dynamodb:* on every table of the account, every environment's.
resource "aws_iam_role_policy_attachment" "table_access" {
  role = aws_iam_role.app.name
  # ruleid: NC-ENV-003
  policy_arn = "${local.aws_policy}/AmazonDynamoDBFullAccess"
}

# The partition from a data source: the ARN is only partly known, its policy still every bucket's objects.
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "objects" {
  role = aws_iam_role.app.name
  # ruleid: NC-ENV-003
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

# Logs of the function's own log group only (a service role policy, no whole service).
resource "aws_iam_role_policy_attachment" "logs" {
  role = aws_iam_role.app.name
  # ok: NC-ENV-003
  policy_arn = "${local.aws_policy}/service-role/AWSLambdaBasicExecutionRole"
}

# A customer managed policy of this account: its document is where the scope is checked, not its name.
resource "aws_iam_role_policy_attachment" "own" {
  role = aws_iam_role.app.name
  # ok: NC-ENV-003
  policy_arn = "arn:aws:iam::123456789012:policy/notes-${var.environment}-NotesFullAccess"
}
