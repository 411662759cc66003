environment               = "prod"
api_rate_limit_per_minute = 10000
