# ruleid: NC-PLAN-001
log_level = "VERBOSE"
# ok: NC-PLAN-001
lambda_memory_mb = "256"
# ruleid: NC-PLAN-001
retention_days = -1
# ruleid: NC-PLAN-001
budget = 5
# ok: NC-PLAN-001
regions = ["us-east-1", "eu-west-1"]
min_units = 5
# ruleid: NC-PLAN-001
max_units = 1
# ruleid: NC-PLAN-001
db_password = "Sh0rtPw!x"
