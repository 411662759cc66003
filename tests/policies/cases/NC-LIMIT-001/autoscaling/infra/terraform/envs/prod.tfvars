environment          = "prod"
dynamodb_read_units  = 2
dynamodb_write_units = 2
