environment = "prod"
# A fake value: what a real one would be, in a file that should never hold it.
upstream_auth = "fake-upstream-auth-0000"
