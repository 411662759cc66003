# Literals inside merge() and nested objects, written over several lines: each is reported on its own line,
# not on the first line of the local.
locals {
  base_settings = { region = "us-east-1" }
  merged_settings = merge(local.base_settings, {
    # ok: NC-SECRET-001
    queue = "notes-prod-jobs"
    # ruleid: NC-SECRET-001
    apiSigningSecret = "Gq4mT8zL2pXv7sNw9kRb"
  }, {
    mail = {
      # ruleid: NC-SECRET-001
      password = "Vn3kP8sQ2wZr6tLy"
    }
  })
}
