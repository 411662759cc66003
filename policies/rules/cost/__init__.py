"""NC-COST: the infrastructure's monthly estimate stays within the spec's cost table (section 7)."""
