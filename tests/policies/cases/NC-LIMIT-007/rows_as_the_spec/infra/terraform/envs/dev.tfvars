# ok: NC-LIMIT-007
dynamodb_read_units = 1
dynamodb_write_units = 1
lambda_memory_mb = 128
api_rate_limit_per_minute = 1000
backup_retention_days = 7
# ok: NC-LIMIT-007
log_level = "DEBUG"
