"""NC-DOCS: the runbooks (section 8) and the IAM responsibility matrix (section 9) are part of the design."""
