oauth_client_secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/oauth-AbCdEf"
db_password         = "arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/db-AbCdEf"
