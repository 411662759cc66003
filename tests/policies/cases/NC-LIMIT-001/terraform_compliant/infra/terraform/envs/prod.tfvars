dynamodb_read_units   = 2
dynamodb_write_units  = 2
backup_retention_days = 30
