# A tfvars value written as an expression is still the value's origin.
# ruleid: NC-LIMIT-001
dynamodb_read_units = 1 + 3
# ok: NC-LIMIT-001
dynamodb_write_units = 2
