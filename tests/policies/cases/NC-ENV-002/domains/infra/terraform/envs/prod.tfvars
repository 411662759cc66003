environment = "prod"
# The alias of main.tf gets staging's domain from here; the finding is on the alias, with this line as evidence.
frontend_domain = "p1-sta.fikri.dev"
