"""NC-TFSTATE: secrets in a real Terraform state file (`notescheck state FILE`).

The sources can be clean and the state still hold a secret (an old apply, a provider that stores a
generated password): these rules check the spec's "no sensitive data in state" on the artefact itself.
checker/tfstate_scan.py applies them; they have no per-environment graph to run on."""
