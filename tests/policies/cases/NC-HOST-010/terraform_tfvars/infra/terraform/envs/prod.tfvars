environment = "prod"
# ruleid: NC-HOST-010
api_security_policy = "TLS_1_0"
# ok: NC-HOST-010
admin_security_policy = "TLS_1_2"
