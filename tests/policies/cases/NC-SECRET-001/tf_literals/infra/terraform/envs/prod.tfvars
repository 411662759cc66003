# ruleid: NC-SECRET-001
reporting_password = "hunter2-prod-pass"
# ok: NC-SECRET-001
oauth_client_secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/oauth-AbCdEf"
