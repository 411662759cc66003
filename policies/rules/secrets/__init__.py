"""NC-SECRET: database passwords, API keys, JWT secrets and OAuth credentials stay out of code and state.

Spec section 3, "Sensitive Data Handling": these are never stored in Terraform state; infrastructure
fetches them at runtime from Secrets Manager or Parameter Store. The four rules read resolved graph
nodes and report every value they show masked.

One finding per place: a literal is reported where it is written (the tfvars or samconfig line, not every
resource it reaches), and a Lambda environment variable is reported by NC-SECRET-004 only."""
