relay_endpoint = "SKfakefakefakefakefakefakefakefake"
