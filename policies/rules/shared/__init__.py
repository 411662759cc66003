"""NC-SHARED: the shared roots hold the one-time resources of section 6, as the spec sets them up."""
