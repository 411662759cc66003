# prod: values of the spec's configuration table (section 2) and domain strategy.
environment = "prod"
aws_region  = "us-east-1"

frontend_domain = "p1.fikri.dev"
api_domain      = "api.p1.fikri.dev"

dynamodb_read_units       = 2
dynamodb_write_units      = 2
lambda_memory_mb          = 256
api_rate_limit_per_minute = 10000
backup_retention_days     = 30
log_level                 = "WARN"
log_retention_days        = 365
