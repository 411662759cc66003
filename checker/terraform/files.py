"""file(), fileexists(), templatefile(): the functions that read files, here because they need to know the
working directory, and are allowed to read under it only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.hcl.evaluate import DictScope, evaluate_traced
from checker.hcl.values import EvalError, find_unknown
from checker.terraform.sources import TerraformSources, relative_posix
from checker.userfiles import UnreadableFile, read_regular

FILE_FUNCTIONS = frozenset({"file", "fileexists", "templatefile"})
MAX_READ_BYTES = 2_000_000


def file_function(sources: TerraformSources, name: str, args: list[Any]) -> Any:
    """One call of a FILE_FUNCTIONS function, paths relative to the root module as Terraform runs there."""
    for arg in args:
        unknown = find_unknown(arg)
        if unknown is not None:
            return unknown
    if not args or not isinstance(args[0], str):
        raise EvalError(f"{name}(): a path string is required")
    root = sources.root
    candidate = Path(args[0])
    if not candidate.is_absolute():
        candidate = root / sources.root_dir / candidate
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError) as exc:
        raise EvalError(f"{name}(): cannot resolve {args[0]!r}: {exc}") from None
    if real != root and root not in real.parents:
        raise EvalError(f"{name}(): {args[0]!r} is outside the working directory; not read")
    if name == "fileexists":
        return real.is_file()
    try:
        text = read_regular(real, MAX_READ_BYTES).decode("utf-8")
    except UnreadableFile as exc:
        raise EvalError(f"{name}(): cannot read {args[0]!r}: {exc.reason}") from None
    except UnicodeDecodeError as exc:
        raise EvalError(f"{name}(): cannot read {args[0]!r}: {exc}") from None
    if name == "file":
        return text
    if len(args) != 2 or not isinstance(args[1], dict):
        raise EvalError("templatefile(): a path and a map of variables are required")
    return render_template(text, args[1], relative_posix(real, root))


def render_template(text: str, variables: dict[str, Any], display: str) -> Any:
    """templatefile(): the file is an HCL template (a heredoc body) evaluated with only `variables`."""
    marker = "NOTESCHECK_TEMPLATE_END"
    while marker in text:
        marker += "_"
    ending = "" if text.endswith("\n") else "\n"
    from checker.hcl.parser import parse_hcl  # here: most runs render no template

    parsed = parse_hcl(f"t = <<{marker}\n{text}{ending}{marker}\n".encode(), display)
    if parsed.errors or not parsed.body.attributes:
        raise EvalError(f"templatefile(): {display} is not a valid template")
    result = evaluate_traced(parsed.body.attributes[0].expr, DictScope(variables))
    if result.errors:
        raise EvalError(f"templatefile(): {display}: {result.errors[0]}")
    value = result.value
    if isinstance(value, str) and ending:
        value = value[:-1]
    return value
