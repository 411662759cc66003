db_password = "not-in-code-really"
