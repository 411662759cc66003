"""The SAM half of the load stage: sam/template.yaml + sam/samconfig.toml -> graph nodes per environment.

    sources = parse_sam(Path("sam/template.yaml"), Path("sam/samconfig.toml"), root)
    part = resolve_sam(sources, "prod")
"""

from checker.sam.parse import SamSources, parse_sam
from checker.sam.resolve import resolve_sam
from checker.sam.yaml_loader import CfnSafeLoader, load_cfn_yaml

__all__ = ["CfnSafeLoader", "SamSources", "load_cfn_yaml", "parse_sam", "resolve_sam"]
