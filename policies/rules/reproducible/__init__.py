"""NC-REPRO: infrastructure that can be destroyed and recreated identically (spec section 7 and the review
checklist): dev and staging are destroyed after hours, so nothing there may block `terraform destroy` or a
clean recreate; prod keeps the protections that stop an accidental destroy; names are the same every time."""
