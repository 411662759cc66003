# ruleid: NC-SECRET-001
api_key = "live-api-key-0123456789"
