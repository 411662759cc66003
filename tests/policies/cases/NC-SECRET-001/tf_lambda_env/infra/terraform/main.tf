resource "aws_secretsmanager_secret" "db" {
  name = "notes/prod/db"
}

resource "aws_lambda_function" "api" {
  function_name = "notes-prod-api"
  role          = "arn:aws:iam::123456789012:role/notes-prod-lambda"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build/api.zip"
  memory_size   = 256

  environment {
    variables = {
      # ok: NC-SECRET-004
      LOG_LEVEL = "WARN"
      # ok: NC-SECRET-004
      DB_SECRET_ARN = aws_secretsmanager_secret.db.arn
      # ok: NC-SECRET-004
      OAUTH_PARAMETER = "/notes/prod/oauth-client-secret"
      # ruleid: NC-SECRET-004
      JWT_SECRET = "jwt-signing-secret-literal"
      # ruleid: NC-SECRET-004
      API_KEY = var.api_key
      # ruleid: NC-SECRET-004
      GITHUB = "ghp_x7Kq2mN9vR4tY8wL3pB6sD1fG5hJ0aCzE2uI"
    }
  }

  tags = {
    Environment = "prod"
    Project     = "notes"
  }
}
