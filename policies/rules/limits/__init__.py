"""NC-LIMIT: the spec's per-environment configuration table holds on the values that reach the resources.

The table lives once, in policies/data/spec.yaml. Each finding carries the chain of evidence from the
tfvars or samconfig line to the attribute, so a reviewer sees where a wrong number came from."""
