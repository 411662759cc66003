environment = "dev"
keep_data   = true
