"""The SAM half of the load stage: sam/template.yaml + sam/samconfig.toml -> graph nodes per environment.

    sources = parse_sam(Path("sam/template.yaml"), Path("sam/samconfig.toml"), root)  # read once
    part = resolve_sam(sources, "prod")                                                # per environment

Nodes (all tool=Tool.SAM, file paths POSIX and relative to root):
  sam:template          SAM_TEMPLATE   Transform, Globals (resolved), Conditions (evaluated), Mappings;
                                       meta: env, region, stack_name, stack_tags, omitted_resources.
  sam:param.<Name>      SAM_PARAMETER  the declaration plus values["value"]; traces["value"] is the
                                       evidence (samconfig line or Default); meta: set_by, source,
                                       sensitive, ssm_parameter (for AWS::SSM::Parameter::Value<...>).
  sam:<LogicalId>       SAM_RESOURCE   values = resolved resource (Type, Properties with Globals merged,
                                       Condition, DependsOn, Metadata); spans/traces keyed by paths
                                       relative to the resource; tags = effective tags; meta: comments,
                                       condition, globals, dynamic_references, ssm_references, imports.
  sam:output.<Name>     SAM_OUTPUT     resolved Value, Export, Description.
Resources and outputs whose Condition is false in the environment are not emitted.
Parse diagnostics are repeated in every environment's GraphPart (same frozen objects: dedupe by value).
"""

from checker.sam.parse import SamSources, parse_sam
from checker.sam.resolve import resolve_sam

__all__ = ["SamSources", "parse_sam", "resolve_sam"]
