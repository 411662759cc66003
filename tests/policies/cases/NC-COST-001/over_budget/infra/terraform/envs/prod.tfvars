environment = "prod"
read_units  = 200
