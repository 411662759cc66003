dynamodb_read_units       = 2
dynamodb_write_units      = 2
lambda_memory_mb          = 256
backup_retention_days     = 30
api_rate_limit_per_minute = 10000
