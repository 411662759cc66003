environment      = "prod"
lambda_memory_mb = 256
log_level        = "WARN"
frontend_domain  = "p1.fikri.dev"
