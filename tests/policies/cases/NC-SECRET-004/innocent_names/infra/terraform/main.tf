# Secrets that reach a Lambda environment under names that do not say so: the value is the secret,
# whatever the variable is called. Names and ARNs of secrets are what belongs there.
variable "environment" {
  type = string
}

variable "upstream_auth" {
  type      = string
  sensitive = true
}

data "aws_secretsmanager_secret_version" "db" {
  secret_id = "notes/${var.environment}/db"
}

data "aws_ssm_parameter" "stripe" {
  name = "/notes/${var.environment}/stripe"
}

data "aws_ssm_parameter" "table" {
  name = "/notes/${var.environment}/dynamodb/table-name"
}

resource "random_password" "signing" {
  length = 32
}

locals {
  # through a local: reported where the function's environment takes it in (the merge below)
  worker_env = {
    DATABASE_URL = data.aws_secretsmanager_secret_version.db.secret_string
    # ok: NC-SECRET-004 (the version's ARN: the function reads the secret at runtime)
    DATABASE_VERSION_ARN = data.aws_secretsmanager_secret_version.db.arn
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "notes-${var.environment}-worker"
  role          = "arn:aws:iam::123456789012:role/notes-prod-lambda"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "worker.zip"
  memory_size   = 256

  environment {
    # ruleid: NC-SECRET-004
    variables = merge(local.worker_env, {
      # ruleid: NC-SECRET-004
      STRIPE = data.aws_ssm_parameter.stripe.value
      # ok: NC-SECRET-004 (a String parameter's value)
      TABLE = data.aws_ssm_parameter.table.insecure_value
      # ruleid: NC-SECRET-004
      SIGNING = random_password.signing.result
      # ruleid: NC-SECRET-004
      UPSTREAM = "Basic ${var.upstream_auth}"
      # ok: NC-SECRET-004
      STAGE = var.environment
    })
  }
}
