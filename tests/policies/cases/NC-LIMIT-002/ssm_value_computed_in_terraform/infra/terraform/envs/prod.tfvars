# ok: NC-LIMIT-002
environment = "prod"
# ok: NC-LIMIT-002
lambda_memory_mb = 256
log_level        = "WARN"
