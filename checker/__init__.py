"""notescheck: policy-as-code for the notes app's Terraform and AWS SAM infrastructure."""

__version__ = "0.1.0"
