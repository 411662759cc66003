"""Find and parse the Terraform files of a root module and every module it reaches.

`.tf` and `.tf.json` files, override files merged last (checker.terraform.overrides). Local modules by
path; remote ones where `terraform init` installed them (checker.terraform.remote_modules), never fetched.
Nothing outside `root` is read.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.hcl.ast import EMPTY_BODY, PARSER_VERSION, HclFile, Literal, TemplateExpr
from checker.model import Diagnostic, DiagnosticLevel
from checker.parallel import parse_many
from checker.records import record
from checker.terraform.config import ModuleConfig, build_config
from checker.terraform.overrides import is_override_file, merge_override_files
from checker.terraform.remote_modules import InstalledModule, comparable_source, read_manifest
from checker.userfiles import UnreadableFile, read_regular

if TYPE_CHECKING:
    from checker.cache import ParseCache



@record(frozen=True)
class CallTarget:
    """Where a module call's `source` leads: a local directory, a remote address, or nowhere usable."""

    source: str
    local_dir: str | None = None  # POSIX path relative to root when the module was loaded
    remote: bool = False  # a remote source that is not read (not installed, or skipped)
    installed: bool = False  # a remote source read from where `terraform init` installed it
    error: str | None = None


@record
class TerraformSources:
    """Every module directory reached from the root module, parsed, with how module calls resolve."""

    root: Path  # absolute working directory; every Location.file is relative to it
    root_dir: str  # the root module's directory, relative to root ("infra/terraform")
    modules: dict[str, ModuleConfig] = field(default_factory=dict)  # by directory relative to root
    calls: dict[tuple[str, str], CallTarget] = field(default_factory=dict)  # (module dir, call name)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def root_module(self) -> ModuleConfig | None:
        return self.modules.get(self.root_dir)


def relative_posix(path: Path, root: Path) -> str:
    relative = os.path.relpath(path, root)
    return Path(relative).as_posix()


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _error(file: str, line: int, message: str, code: str) -> Diagnostic:
    return Diagnostic(file, line, message, DiagnosticLevel.ERROR, code)


def _read_source(path: Path, root: Path, max_file_bytes: int) -> tuple[str, bytes | None, list[Diagnostic]]:
    """(path relative to root, content or None, problems) for one file under root."""
    display = relative_posix(path, root)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        reason = "symlink loop" if isinstance(exc, RuntimeError) or "loop" in str(exc).lower() else str(exc)
        return display, None, [_error(display, 0, f"cannot read file: {reason}", "read")]
    if not _inside(real, root):
        how = "is a symlink that leaves" if path.is_symlink() else "is outside"
        return (
            display,
            None,
            [_error(display, 0, f"file {how} the working directory; not read", "read")],
        )
    try:
        data = read_regular(real, max_file_bytes)
    except UnreadableFile as problem:
        return display, None, [_error(display, 0, problem.reason, problem.code)]
    return display, data, []


def _cache_key(data: bytes, display: str) -> str:
    syntax = "json" if display.endswith(".json") else "hcl"  # the same bytes parse differently as JSON
    return f"{PARSER_VERSION}:{syntax}:{hashlib.sha256(data).hexdigest()}"


def _from_cache(cache: ParseCache | None, key: str, display: str) -> HclFile | None:
    if cache is None:
        return None
    parsed: Any = cache.get(key)
    if not isinstance(parsed, HclFile):
        return None
    if parsed.path != display:
        parsed = replace(parsed, path=display, errors=tuple(replace(e, file=display) for e in parsed.errors))
    return parsed


def read_hcl_file(
    path: Path, root: Path, *, max_file_bytes: int = 2_000_000, cache: ParseCache | None = None
) -> tuple[HclFile | None, list[Diagnostic]]:
    """Read and parse one file under root; problems become diagnostics, never exceptions."""
    display, data, problems = _read_source(path, root, max_file_bytes)
    if data is None:
        return None, problems
    key = _cache_key(data, display)
    parsed = _from_cache(cache, key, display)
    if parsed is None:
        parsed = parse_source(data, display)
        if cache is not None:
            cache.put(key, parsed)
    return parsed, list(parsed.errors)


def parse_source(data: bytes, display: str) -> HclFile:
    """A file in Terraform's native syntax, or in its JSON syntax when the name ends in `.json`."""
    if display.endswith(".json"):
        from checker.terraform.json_syntax import parse_json_config

        return parse_json_config(data, display, tfvars=not display.endswith(".tf.json"))
    from checker.hcl.parser import parse_hcl  # here: a cache hit never loads tree-sitter

    return parse_hcl(data, display)


def _parse_item(item: tuple[Path, str, bytes, str]) -> HclFile:
    """One file's parse, at module level so that worker processes can run it."""
    return parse_source(item[2], item[1])


def _parse_many(
    paths: list[Path],
    root: Path,
    max_file_bytes: int,
    cache: ParseCache | None,
    diagnostics: list[Diagnostic],
    workers: int | None,
) -> dict[Path, HclFile]:
    """Parse files, taking what the cache already holds; large batches go to worker processes, `workers` in
    all (py-tree-sitter keeps the GIL, so threads would not help)."""
    parsed: dict[Path, HclFile] = {}
    to_parse: list[tuple[Path, str, bytes, str]] = []
    for path in paths:
        display, data, problems = _read_source(path, root, max_file_bytes)
        diagnostics.extend(problems)
        if data is None:
            continue
        key = _cache_key(data, display)
        hit = _from_cache(cache, key, display)
        if hit is not None:
            parsed[path] = hit
            diagnostics.extend(hit.errors)
        else:
            to_parse.append((path, display, data, key))
    if to_parse:
        import checker.hcl.parser  # noqa: F401 - loaded once here, not again in each forked child
    results = parse_many(to_parse, _parse_item, workers, weight=lambda item: len(item[2]))
    for (path, _, _, key), result in zip(to_parse, results, strict=True):
        parsed[path] = result
        diagnostics.extend(result.errors)
        if cache is not None:
            cache.put(key, result)
    return parsed


def _module_source(config: ModuleConfig, name: str) -> tuple[str | None, int]:
    declared = config.module_calls[name]
    attribute = declared.block.body.attribute("source")
    if attribute is None:
        return None, declared.block.line
    expr = attribute.expr
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value, attribute.line
    if isinstance(expr, TemplateExpr):
        return None, attribute.line
    return None, attribute.line


def _tf_files(directory: Path, root: Path, diagnostics: list[Diagnostic]) -> list[Path]:
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        diagnostics.append(_error(relative_posix(directory, root), 0, f"cannot list directory: {exc}", "read"))
        return []
    files = []
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            continue
        if entry.name.endswith((".tf", ".tf.json")):
            files.append(entry)
    return files


def parse_terraform(
    tf_dir: Path,
    root: Path,
    *,
    max_file_bytes: int = 2_000_000,
    cache: ParseCache | None = None,
    remote_modules: str = "installed",
    workers: int | None = None,
) -> TerraformSources:
    """Parse the root module in tf_dir and every module it calls, each directory once: local modules, and
    remote ones where `terraform init` installed them (remote_modules="skip": the others are listed, unread).
    Large batches of files are parsed on `workers` processes (the run's cores, checker.runtime; by default
    every core this process may use)."""
    root = Path(root).resolve()
    tf_path = Path(tf_dir)
    if not tf_path.is_absolute():
        tf_path = Path.cwd() / tf_path
    sources = TerraformSources(root=root, root_dir=relative_posix(tf_path, root))
    try:
        start = tf_path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        sources.diagnostics.append(_error(sources.root_dir, 0, f"Terraform directory not found: {exc}", "read"))
        return sources
    if not _inside(start, root) or not start.is_dir():
        message = "Terraform directory is not a directory inside the working directory"
        sources.diagnostics.append(_error(sources.root_dir, 0, message, "read"))
        return sources
    sources.root_dir = relative_posix(start, root)
    manifest, problems = read_manifest(start, root, max_file_bytes)
    sources.diagnostics.extend(problems)
    remote = _RemoteModules(manifest, remote_modules, sources.root_dir)
    call_paths: dict[str, str] = {sources.root_dir: ""}  # module directory -> the first call path reaching it
    wave = [start]
    while wave:  # the root, then the modules it calls, then theirs...
        listing = {directory: _tf_files(directory, root, sources.diagnostics) for directory in wave}
        parsed = _parse_many(
            [p for paths in listing.values() for p in paths], root, max_file_bytes, cache, sources.diagnostics, workers
        )
        next_wave: list[Path] = []
        for directory, paths in listing.items():
            key = relative_posix(directory, root)
            loaded = [parsed[p] for p in paths if p in parsed]
            primary = [f for f in loaded if not is_override_file(Path(f.path).name)]
            overrides = [f for f in loaded if is_override_file(Path(f.path).name)]
            config = merge_override_files(build_config(key, primary), overrides)
            sources.modules[key] = config
            sources.diagnostics.extend(config.diagnostics)
            for name in config.module_calls:
                call_path = f"{call_paths[key]}.{name}" if call_paths.get(key) else name
                target = _classify(config, name, directory, root, sources.diagnostics, remote, call_path)
                sources.calls[(key, name)] = target
                if target.local_dir is not None:
                    call_paths.setdefault(target.local_dir, call_path)
                if target.local_dir is not None and target.local_dir not in sources.modules:
                    candidate = root / target.local_dir
                    if candidate not in next_wave and relative_posix(candidate, root) not in sources.modules:
                        next_wave.append(candidate)
        wave = [d for d in next_wave if relative_posix(d, root) not in sources.modules]
    _mark_cycles(sources)
    return sources


@record(frozen=True)
class _RemoteModules:
    """What `terraform init` installed (None: nothing), and what to do with a remote call it did not."""

    installed: dict[str, InstalledModule] | None
    mode: str  # "installed" or "skip"
    root_dir: str

    def target(self, name: str, source: str, call_path: str, file: str, line: int, diagnostics) -> CallTarget:
        found = (self.installed or {}).get(call_path)
        if found is not None and comparable_source(found.source) == comparable_source(source):
            return CallTarget(source, local_dir=found.dir.as_posix(), installed=True)
        if found is not None:
            why = f"was installed from {found.source!r}, and its source has changed since"
        elif self.installed is None:
            why = f"is not installed ({self.root_dir}/.terraform/modules/modules.json does not exist)"
        else:
            why = "is not installed (.terraform/modules/modules.json does not list it)"
        if self.mode == "skip":
            message = (
                f"module {name!r} (remote source {source!r}) is NOT CHECKED (--remote-modules skip): it {why}; "
                "none of its resources are in this report"
            )
            diagnostics.append(Diagnostic(file, line, message, DiagnosticLevel.WARNING, "remote-module"))
            return CallTarget(source, remote=True)
        message = (
            f"module {name!r} uses remote source {source!r}, which {why}: run `terraform init -backend=false` "
            f"in {self.root_dir} so that notescheck reads it from .terraform/modules (it never fetches), or pass "
            "--remote-modules skip to check the rest without it"
        )
        diagnostics.append(Diagnostic(file, line, message, DiagnosticLevel.ERROR, "module"))
        return CallTarget(source, remote=True)


def _classify(
    config: ModuleConfig,
    name: str,
    directory: Path,
    root: Path,
    diagnostics: list[Diagnostic],
    remote: _RemoteModules,
    call_path: str,
) -> CallTarget:
    declared = config.module_calls[name]
    source, line = _module_source(config, name)
    if source is None:
        message = f"module {name!r}: source must be a literal string"
        diagnostics.append(_error(declared.file, line, message, "module"))
        return CallTarget("", error=message)
    if not source.startswith(("./", "../")) and source not in (".", ".."):
        target = remote.target(name, source, call_path, declared.file, line, diagnostics)
        if target.local_dir is None:
            return target
        return replace(target, local_dir=relative_posix(Path(target.local_dir), root))
    try:
        resolved = (directory / source).resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        reason = "symlink loop" if isinstance(exc, RuntimeError) else "directory not found"
        message = f"module {name!r}: source {source!r}: {reason}"
        diagnostics.append(_error(declared.file, line, message, "module"))
        return CallTarget(source, error=message)
    if not _inside(resolved, root):
        message = f"module {name!r}: source {source!r} points outside the working directory; not read"
        diagnostics.append(_error(declared.file, line, message, "module"))
        return CallTarget(source, error=message)
    if not resolved.is_dir():
        message = f"module {name!r}: source {source!r} is not a directory"
        diagnostics.append(_error(declared.file, line, message, "module"))
        return CallTarget(source, error=message)
    return CallTarget(source, local_dir=relative_posix(resolved, root))


def _mark_cycles(sources: TerraformSources) -> None:
    """A module that reaches itself through its calls would expand forever: report and cut the call."""
    edges: dict[str, list[tuple[str, str]]] = {}
    for (caller, name), target in sources.calls.items():
        if target.local_dir is not None:
            edges.setdefault(caller, []).append((name, target.local_dir))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(sources.modules):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, position = stack[-1]
            outgoing = edges.get(node, [])
            if position >= len(outgoing):
                state[node] = 2
                stack.pop()
                continue
            stack[-1] = (node, position + 1)
            name, callee = outgoing[position]
            if state.get(callee) == 1:
                declared = sources.modules[node].module_calls[name]
                chain = " -> ".join([n for n, _ in stack] + [callee])
                message = f"module {name!r} creates a cycle of module calls ({chain})"
                sources.diagnostics.append(_error(declared.file, declared.block.line, message, "cycle"))
                sources.calls[(node, name)] = CallTarget(sources.calls[(node, name)].source, error=message)
            elif not state.get(callee):
                state[callee] = 1
                stack.append((callee, 0))


def parse_tfvars_file(
    path: Path, root: Path, *, max_file_bytes: int = 2_000_000, cache: ParseCache | None = None
) -> tuple[HclFile, list[Diagnostic]]:
    parsed, problems = read_hcl_file(path, root, max_file_bytes=max_file_bytes, cache=cache)
    if parsed is None:
        parsed = HclFile(relative_posix(path, root), EMPTY_BODY)
    return parsed, problems
