"""Terraform half of the load stage: parse a root module and its local modules, resolve them per environment."""

from checker.terraform.resolve import resolve_terraform
from checker.terraform.sources import CallTarget, TerraformSources, parse_terraform, parse_tfvars_file, read_hcl_file

__all__ = [
    "CallTarget",
    "TerraformSources",
    "parse_terraform",
    "parse_tfvars_file",
    "read_hcl_file",
    "resolve_terraform",
]
