"""NC-SKIP / NC-WAIVER: every suppression carries a reason, and every waiver ends.

A finding may be accepted on purpose, but only visibly: an inline skip must say why, and a waiver in
policies/waivers.yaml stops suppressing on its expiry date, when this family reports it so that it is
renewed with a fresh reason or removed."""
