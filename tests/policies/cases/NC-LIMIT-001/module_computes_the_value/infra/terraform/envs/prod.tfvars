# ok: NC-LIMIT-001
environment = "prod"
# ok: NC-LIMIT-001
dynamodb_read_units = 2
# ok: NC-LIMIT-001
dynamodb_write_units = 2
