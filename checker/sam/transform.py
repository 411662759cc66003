"""The template as `sam deploy` will create it: the real SAM transform (aws-sam-translator), run offline.

SAM resources stand for more than themselves: a function with `Policies:` makes an IAM role, an API a
deployment and a stage, each event a permission. Rules have to see those too, so each environment's
template is expanded with the library `sam deploy` and cfn-lint use, and every generated resource keeps the
logical id of the SAM resource it came from (for its file and line).

The translator takes seconds to import: the expansion is cached by content (template, parameter values,
region, translator version), so a warm run never imports it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.parallel import Child, ready_to_read, result_of, start_in_child
from checker.records import record

if TYPE_CHECKING:
    from checker.runtime import Runtime

SOURCE_KEY = "NotescheckSource"  # put into each SAM resource's Metadata, passed through to what it generates
PLACEHOLDER_S3 = "s3://notescheck-local-artifacts/{}"  # `sam package` uploads local code; the transform wants S3
LOCAL_ARTIFACTS = {  # SAM type -> properties that may name a local path before `sam package`
    "AWS::Serverless::Function": ("CodeUri",),
    "AWS::Serverless::LayerVersion": ("ContentUri",),
    "AWS::Serverless::Api": ("DefinitionUri",),
    "AWS::Serverless::HttpApi": ("DefinitionUri",),
    "AWS::Serverless::StateMachine": ("DefinitionUri",),
    "AWS::Serverless::Application": ("Location",),
}
GLOBALS_ARTIFACTS = {"Function": ("CodeUri",), "Api": ("DefinitionUri",), "HttpApi": ("DefinitionUri",)}


@record(frozen=True)
class GeneratedResource:
    """A CloudFormation resource the transform made, and the SAM resource it came from ("" if unknown)."""

    logical_id: str
    type: str
    properties: dict[str, Any]
    source: str
    depends_on: tuple[str, ...] = ()


@record(frozen=True)
class TransformError:
    """What the transform refused, as `sam deploy` would: on a resource (logical id) or the template ("")."""

    logical_id: str
    message: str


@record
class Expansion:
    """The transformed template's resources; `failed` says why there are none (the transform itself broke)."""

    resources: list[GeneratedResource] = field(default_factory=list)
    errors: list[TransformError] = field(default_factory=list)
    failed: str = ""


def translator_version() -> str:
    """The aws-sam-translator installed ("" when absent), without importing it: it names the cache's answers."""
    from checker.installed import module_version

    return module_version("samtranslator") or ""


def cache_key(template: dict[str, Any], parameters: dict[str, Any], region: str, version: str) -> str:
    document = json.dumps([template, parameters, region], sort_keys=True, default=str)
    return f"sam-transform-1:{version}:{hashlib.sha256(document.encode()).hexdigest()}"


@dataclass(eq=False)
class PendingExpansions:
    """Expansions being computed on a forked child (checker.parallel.Child, None: nothing was started), for
    the `inputs` the run did not hold yet; `join` waits for them and records them in the run."""

    child: Child | None
    inputs: list[Any]
    runtime: Runtime
    joined: bool = False

    def busy(self) -> bool:
        """The child is still at work: joining now would wait."""
        return not self.joined and self.child is not None and not ready_to_read(self.child)

    def join(self) -> None:
        """Every input's expansion into runtime.sam_expansions by key (computed here when the child could not
        give it), and into the parse cache; once."""
        if self.joined:
            return
        self.joined = True
        results = result_of(self.child) if self.child is not None else None
        if not (isinstance(results, list) and len(results) == len(self.inputs)):
            results = [expand(i.template, i.parameters, i.region) for i in self.inputs]
        cache = self.runtime.cache
        for item, expansion in zip(self.inputs, results, strict=True):
            self.runtime.sam_expansions[item.key] = expansion
            if cache is not None:
                cache.put(item.key, expansion)


def expand_elsewhere(inputs: list[Any], runtime: Runtime) -> PendingExpansions:
    """Start expanding the inputs (checker.sam.resolve.TransformInput) that neither the run (`runtime`) nor its
    parse cache holds, on a forked child: the translator's import and its work (about a second on 50
    functions) then overlap the parse and resolve of Terraform. The pipeline joins just before it resolves
    the template (checker.pipeline.build_env_graph)."""
    done = runtime.sam_expansions
    cache = runtime.cache
    missing = []
    for item in {item.key: item for item in inputs}.values():
        hit: object = done.get(item.key)
        if hit is None and cache is not None:
            hit = cache.get(item.key)
        if isinstance(hit, Expansion):
            done[item.key] = hit
        else:
            missing.append(item)
    work = [(i.template, i.parameters, i.region) for i in missing]
    child = start_in_child(lambda: [expand(*arguments) for arguments in work]) if missing else None
    return PendingExpansions(child, missing, runtime, joined=not missing)


def expand(template: dict[str, Any], parameters: dict[str, Any], region: str) -> Expansion:
    """Run the SAM transform on `template` with known `parameters` (name -> str/number/list)."""
    try:
        import boto3
        from samtranslator.model.exceptions import InvalidDocumentException
        from samtranslator.parser.parser import Parser
        from samtranslator.translator.translator import Translator
    except ImportError as error:
        return Expansion(failed=f"aws-sam-translator cannot be imported ({error})")

    prepared = _prepared(template)
    values = dict(parameters)
    values.setdefault("AWS::Region", region)
    session = boto3.session.Session(region_name=region)  # a region, no credentials: nothing is called
    translator = Translator(None, Parser(), boto_session=session)
    try:
        output = translator.translate(
            prepared, parameter_values=values, passthrough_metadata=True, get_managed_policy_map=_managed_policies
        )
    except InvalidDocumentException as error:
        found = [TransformError(getattr(cause, "_logical_id", "") or "", _message(cause)) for cause in error.causes]
        return Expansion(errors=found)
    except Exception as error:  # the translator's own failure must not end the run: said, never passed
        return Expansion(failed=f"{type(error).__name__}: {error}")
    finally:
        translator.metrics.publish()  # to its offline dummy publisher; unpublished metrics warn on stderr
    original = _mapping(template.get("Resources"))
    generated = []
    for logical_id, resource in (output.get("Resources") or {}).items():
        if not isinstance(resource, dict):
            continue
        metadata = _mapping(resource.get("Metadata"))
        source = str(metadata.get(SOURCE_KEY, ""))
        if logical_id in original and source in ("", logical_id):
            continue  # the template's own resource (a plain CloudFormation one, or the function itself)
        depends = resource.get("DependsOn")
        generated.append(
            GeneratedResource(
                logical_id=logical_id,
                type=str(resource.get("Type", "")),
                properties=_mapping(resource.get("Properties")),
                source=source,
                depends_on=tuple(depends if isinstance(depends, list) else [depends] if depends else []),
            )
        )
    return Expansion(resources=generated)


def _prepared(template: dict[str, Any]) -> dict[str, Any]:
    """A copy the translator accepts before `sam package`: local artifacts as S3 placeholders, and each SAM
    resource's logical id in its Metadata so that what it generates can be traced back to it."""
    prepared = copy.deepcopy(template)
    for logical_id, resource in (prepared.get("Resources") or {}).items():
        if not isinstance(resource, dict):
            continue
        properties = resource.get("Properties")
        for key in LOCAL_ARTIFACTS.get(str(resource.get("Type")), ()):
            if isinstance(properties, dict) and _local(properties.get(key)):
                properties[key] = PLACEHOLDER_S3.format(properties[key])
        if str(resource.get("Type", "")).startswith("AWS::Serverless::"):
            metadata = _mapping(resource.get("Metadata"))
            resource["Metadata"] = {**metadata, SOURCE_KEY: logical_id}
    for section, keys in GLOBALS_ARTIFACTS.items():
        found = (prepared.get("Globals") or {}).get(section)
        for key in keys:
            if isinstance(found, dict) and _local(found.get(key)):
                found[key] = PLACEHOLDER_S3.format(found[key])
    return prepared


def _local(value: Any) -> bool:
    return isinstance(value, str) and not value.startswith("s3://")


def _managed_policies() -> dict[str, str]:
    """AWS managed policy names -> ARNs, from the list the translator ships (no IAM call)."""
    from importlib.resources import files

    try:
        data = json.loads(files("samtranslator").joinpath("internal/data/aws_managed_policies.json").read_text())
    except (OSError, ValueError):
        return {}
    return data.get("aws", data) if isinstance(data, dict) else {}


def _message(cause: Exception) -> str:
    text = getattr(cause, "message", None) or str(cause)
    return " ".join(str(text).split())


__all__ = [
    "Expansion",
    "GeneratedResource",
    "PendingExpansions",
    "TransformError",
    "cache_key",
    "expand",
    "expand_elsewhere",
    "translator_version",
]


def _mapping(value: Any) -> dict[str, Any]:
    """`value` when it is a mapping, else an empty one: templates and state files may hold any type anywhere."""
    return value if isinstance(value, dict) else {}
