"""NC-PLAN: what `terraform plan` itself would refuse (spec section 4 "Validation before apply" and the
review checklist): a gate that passes a configuration Terraform rejects reviews a plan that cannot exist."""
