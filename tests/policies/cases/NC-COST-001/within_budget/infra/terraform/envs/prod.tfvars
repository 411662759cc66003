environment = "prod"
read_units  = 2
