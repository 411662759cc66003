# ok: NC-PLAN-001
log_level = "DEBUG"
# ruleid: NC-PLAN-001
lambda_memory_mb = 1024
# ok: NC-PLAN-001
retention_days = 7
# ok: NC-PLAN-001
budget = 10
# ruleid: NC-PLAN-001
regions = ["us-east-1", "Mars"]
min_units = 1
# ok: NC-PLAN-001
max_units = 1
# ok: NC-PLAN-001
db_password = "a-long-enough-dev-passphrase"
