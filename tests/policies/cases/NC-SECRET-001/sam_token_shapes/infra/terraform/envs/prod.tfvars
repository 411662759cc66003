# no variables
