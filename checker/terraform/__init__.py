"""Terraform half of the load stage: parse a root module and its local modules, resolve them per environment.

    sources = parse_terraform(tf_dir, root, max_file_bytes=..., cache=...)   # once
    part = resolve_terraform(sources, env, var_files)                        # per environment

Nodes (checker.model.Node, id = "tf:" + address; module instance paths prefix every address):
  RESOURCE / DATA   aws_x.y, aws_x.y[0], aws_x.y["k"], module.a.module.b.aws_x.y, data.t.n.
                    values: resolved arguments, nested blocks as lists of dicts; spans and traces per
                    dotted path; tags = provider default_tags merged with the resource's tags (None for
                    data); meta: depends_on, provider ("aws" / "aws.us_east_1"), comments (inside the
                    block and directly above it), count_unknown, instance_key, lifecycle.
  MODULE            module.a, module.a[0]; values = arguments incl. source; meta: source, local_dir |
                    remote | error, count_unknown, instance_key, depends_on, comments.
  VARIABLE          var.x, module.a.var.x; values: value, default, type (source text), sensitive,
                    description; meta: validation [{condition, error_message, holds, line}], has_default,
                    set_by ("file:line" of the tfvars entry, module argument or default).
  LOCAL             local.x (values: value) - OUTPUT output.x / module.a.output.x (value, sensitive,
                    description) - PROVIDER provider.aws[.alias] - BACKEND terraform.backend -
                    TERRAFORM terraform / module.a.terraform (required_version, required_providers).
Edges: REFERENCE (every reference an expression follows, plus resource -> its provider), DEPENDS_ON,
MODULE_INPUT (call -> its variables), MODULE_OUTPUT (call -> its outputs), CONTAINS (call -> nodes
directly inside). Values that cannot be known before apply are checker.model.Unknown, never guessed.
Diagnostics: parse/read problems from parse_terraform are repeated in every resolve_terraform part.

Modules, in the order resolve_terraform uses them: sources / config / overrides / json_syntax /
remote_modules (reading), session (what one environment's resolution collects, the cycle guard), tfvars
(variable values and which wins), module_instance (one module instance and what its names mean),
expansion (bodies, nested and dynamic blocks, meta-arguments), instances (count / for_each keys), files
(file(), templatefile()), references (reading a reference, edges), emission (nodes from instances).
"""

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
