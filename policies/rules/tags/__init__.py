"""NC-TAG: the spec's single-account, tag-based isolation (section 2) rests on every resource's tags."""
