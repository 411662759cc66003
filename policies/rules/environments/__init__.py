"""NC-ENV: the three environments share one account (section 2), so names, references, IAM scope and
domains are what keep them apart."""
