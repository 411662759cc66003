# dev: values of the spec's configuration table (section 2) and domain strategy.
environment = "dev"
aws_region  = "us-east-1"

frontend_domain = "p1-dev.fikri.dev"
api_domain      = "api.p1-dev.fikri.dev"

dynamodb_read_units       = 1
dynamodb_write_units      = 1
lambda_memory_mb          = 128
api_rate_limit_per_minute = 1000
backup_retention_days     = 7
log_level                 = "DEBUG"
log_retention_days        = 14
