memory = 3008
