dynamodb_read_units   = 2
dynamodb_write_units  = 2
# ruleid: NC-LIMIT-004
backup_retention_days = 7
