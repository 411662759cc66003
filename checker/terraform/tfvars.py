"""Input variables: the values files of an environment, which value wins, conversion to the declared type on
assignment, and the validation blocks' verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.hcl.ast import Attribute, Block, Body, Literal
from checker.hcl.evaluate import Evaluation, Scope, evaluate_traced
from checker.hcl.types import convert, parse_type
from checker.hcl.values import EvalError
from checker.model import DiagnosticLevel, Location, Unknown
from checker.records import record
from checker.terraform.config import Declared, ModuleConfig
from checker.terraform.session import Session, span
from checker.terraform.sources import parse_tfvars_file
from checker.userfiles import present

if TYPE_CHECKING:
    from checker.cache import ParseCache

EVIDENCE_WIDTH = 100

Assigned = tuple[Any, tuple[str, ...], Location | None, str]
"""A variable's (value, trace, where it was set, set_by: that place as "file:line", or "")."""


@record
class Setting:
    """A value given from outside a module (tfvars, a default, a call argument) and its evidence."""

    value: Any
    evidence: str
    location: Location


def declared_sensitive(declared: Declared) -> bool:
    """A variable declared `sensitive = true`: its value never appears in evidence."""
    sensitive = declared.block.body.attribute("sensitive")
    return sensitive is not None and isinstance(sensitive.expr, Literal) and sensitive.expr.value is True


def short(text: str) -> str:
    """The first line of a value as written, cut to fit one line of evidence."""
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= EVIDENCE_WIDTH else first[: EVIDENCE_WIDTH - 3] + "..."


def tfvars_paths(module_dir: Path, var_files: list[Path]) -> list[Path]:
    """Terraform's order: terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) by name, then the
    environment's -var-file arguments (relative to the working directory, else to the root module)."""
    paths: list[Path] = []
    for default_file in (module_dir / "terraform.tfvars", module_dir / "terraform.tfvars.json"):
        if present(default_file):  # a FIFO or a dangling link is reported by the reader, not skipped
            paths.append(default_file)
    paths.extend(sorted([*module_dir.glob("*.auto.tfvars"), *module_dir.glob("*.auto.tfvars.json")]))
    for var_file in var_files:
        path = Path(var_file)
        if not path.is_absolute():
            path = (
                Path.cwd() / path
                if (Path.cwd() / path).exists() or not (module_dir / path).exists()
                else module_dir / path
            )
        paths.append(path)
    return paths


def load_tfvars(
    session: Session, root_config: ModuleConfig, var_files: list[Path], cache: ParseCache | None
) -> dict[str, Setting]:
    """The root module's variables as the environment's values files set them; a later file wins."""
    sources = session.sources
    settings: dict[str, Setting] = {}
    for path in tfvars_paths(sources.root / sources.root_dir, var_files):
        parsed, problems = parse_tfvars_file(path, sources.root, cache=cache)
        for problem in problems:
            session.diagnose(problem.file, problem.line, problem.message, problem.code, problem.level)
        for block in parsed.body.blocks:
            session.diagnose(
                parsed.path, block.line, f"blocks are not allowed in a variables file ({block.type})", "config"
            )
        for attribute in parsed.body.attributes:
            evaluation = evaluate_traced(attribute.expr, Scope())
            if evaluation.errors:
                session.diagnose(
                    parsed.path,
                    attribute.line,
                    f"value of {attribute.name} must be a constant: {evaluation.errors[0]}",
                    "config",
                )
            declared = root_config.variables.get(attribute.name)
            if declared is None:
                session.diagnose(  # as Terraform: a warning for a file, the value is not used
                    parsed.path,
                    attribute.line,
                    f"value for undeclared variable {attribute.name!r} (ignored)",
                    "reference",
                    DiagnosticLevel.WARNING,
                )
                continue
            shown = "(sensitive)" if declared_sensitive(declared) else short(attribute.source)
            where = span(parsed.path, attribute.line, attribute.end_line)
            settings[attribute.name] = Setting(
                evaluation.value, f"{parsed.path}:{attribute.line} {attribute.name} = {shown}", where
            )
    return settings


def from_tfvars(setting: Setting) -> Assigned:
    """A root module variable set by the environment's values files."""
    return setting.value, (setting.evidence,), setting.location, str(setting.location)


def from_argument(
    declared: Declared, name: str, call_path: str, evaluation: Evaluation, attribute: Attribute | None, call_file: str
) -> Assigned:
    """A module's variable set by the calling module's argument, evidence ending at the call."""
    written = "(sensitive)" if declared_sensitive(declared) or not attribute else short(attribute.source)
    trace = evaluation.trace + (f"{call_path}: {name} = {written}",)
    if attribute is None:
        return evaluation.value, trace, None, ""
    where = span(attribute.file or call_file, attribute.line, attribute.end_line)
    return evaluation.value, trace, where, str(where)


def assigned_value(session: Session, declared: Declared, address: str, given: Assigned | None) -> Assigned:
    """The variable's value: what was given, else its default, else unknown; then `nullable = false` and the
    declared type applied as Terraform does on assignment."""
    body = declared.block.body
    default = body.attribute("default")
    type_attr = body.attribute("type")
    value: Any
    trace: tuple[str, ...] = ()
    where: Location | None = None
    set_by = ""
    if given is not None:
        value, trace, where, set_by = given
    elif default is not None:
        default_file = default.file or declared.file
        evaluation = evaluate_traced(default.expr, Scope())
        session.note_errors(evaluation, default_file, default.line)
        value = evaluation.value
        shown = "(sensitive)" if declared_sensitive(declared) else short(default.source)
        trace = (f"{default_file}:{default.line} default = {shown}",)
        where = span(default_file, default.line, default.end_line)
        set_by = str(where)
    else:
        value = Unknown(f"variable {address} has no value in environment {session.env}")
    nullable = body.attribute("nullable")
    if value is None and default is not None and _is_false(nullable):
        value = evaluate_traced(default.expr, Scope()).value  # nullable = false: null means the default
    if type_attr is not None:
        value = converted(session, value, type_attr, declared.file, where or declared.block)
    return value, trace + (address,), where, set_by


def _is_false(attribute: Attribute | None) -> bool:
    return attribute is not None and isinstance(attribute.expr, Literal) and attribute.expr.value is False


def converted(session: Session, value: Any, type_attr: Attribute, file: str, where: Location | Block) -> Any:
    """Terraform's conversion of a variable's value to its declared type (checker.hcl.types)."""
    type_text = type_attr.source.strip()
    spec = parse_type(type_attr.expr)
    if spec is None:
        return value
    try:
        return convert(value, spec, lambda expr: evaluate_traced(expr, Scope()).value)
    except EvalError as exc:
        line = where.line if hasattr(where, "line") else 0
        session.diagnose(
            where.file if isinstance(where, Location) else file,
            line,
            f"invalid value for a {type_text} variable: {exc}",
            "config",
        )
        return Unknown(f"invalid value: {exc}")


def validations(body: Body, scope: Scope) -> list[dict[str, Any]]:
    """Each validation block's condition as written, its message and whether it holds (None: unknown). Terraform
    1.9+ lets a validation refer to other variables and objects of its module, hence the module's scope."""
    results = []
    for block in body.blocks_of("validation"):
        condition = block.body.attribute("condition")
        message = block.body.attribute("error_message")
        holds: Any = None
        if condition is not None:
            holds = evaluate_traced(condition.expr, scope).value
        results.append(
            {
                "condition": condition.source if condition else "",
                "error_message": evaluate_traced(message.expr, scope).value if message else "",
                "holds": holds,
                "line": block.line,
            }
        )
    return results
