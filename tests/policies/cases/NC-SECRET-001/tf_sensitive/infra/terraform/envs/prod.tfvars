db_password = "arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/db-AbCdEf"
jwt_secret  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/jwt-AbCdEf"
