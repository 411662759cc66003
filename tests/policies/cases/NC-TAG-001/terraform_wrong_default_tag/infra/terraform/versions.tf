provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      # Every resource inherits it: one finding here, for all of them.
      # ruleid: NC-TAG-001
      Environment = "staging"
      # ok: NC-TAG-002
      Project = "notes"
    }
  }
}
