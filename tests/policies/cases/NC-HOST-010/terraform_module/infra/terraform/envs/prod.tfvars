environment = "prod"
# ruleid: NC-HOST-010
api_security_policy = "TLS_1_0"
