"""NC-ORDER: the dependency order of section 6 and the ownership split of section 1.

Layers come from policies/data/spec.yaml (`layers`, `modules`); a module may use its own layer and the
layers before it, never a later one, and the module graph has no cycle (checked with graphlib)."""
