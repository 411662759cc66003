# nothing is read from a variable here
