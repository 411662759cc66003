"""The `notescheck` command line: report, check, graph, cost, policies, explain, state.

Exit codes: 0 clean, 1 policy violations at or above the gate, 2 usage or input errors.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker import __version__
from checker.model import Severity
from checker.settings import DEFAULT_ENVS, SHARED, Settings

if TYPE_CHECKING:
    from checker.runtime import Runtime

FORMATS = ("text", "json", "sarif", "junit", "markdown", "html", "github")
EXIT_USAGE = 2


class UsageError(click.UsageError):
    exit_code = EXIT_USAGE


class OutputError(click.ClickException):
    """A report that cannot be written: a usage error (exit 2), never a traceback."""

    exit_code = EXIT_USAGE


def _envs(value: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """The environments `--env` names; `shared` (the shared roots alone) is no environment, and leaves none."""
    envs = tuple(dict.fromkeys(e.strip() for e in value.split(",") if e.strip()))
    if envs == ("all",):
        return known
    if "all" in envs:
        raise UsageError(f"--env all already means {', '.join(known)} (and {SHARED}); give it alone, or list them")
    unknown = [e for e in envs if e not in (*known, SHARED)]
    if unknown or not envs:
        shown = ", ".join(repr(e) for e in unknown) or repr(value)
        choices = ", ".join((*known, SHARED))
        raise UsageError(f"unknown environment {shown}: choose from {choices} (a comma list), or all")
    return tuple(e for e in envs if e != SHARED)


def rule_patterns(values: Any) -> tuple[str, ...]:
    """--enable/--disable values as given, repeated or comma-separated: NC-TAG,NC-LIMIT-001 -> two patterns."""
    patterns = (part.strip().upper() for value in values for part in str(value).split(","))
    return tuple(dict.fromkeys(p for p in patterns if p))


def _selection_problems(settings: Settings, origins: dict[str, str]) -> list[str]:
    """Each --enable/--disable pattern that matches no rule (with near matches), then whether any rule is left."""
    from checker.checkov import checkov_checks
    from checker.pipeline import selected_rules
    from policies import PolicyDataError, all_rules

    try:
        ours = [r.id for r in all_rules()]
    except PolicyDataError:  # a broken rule module: the run reports it by name (exit 2)
        return []
    needs_checkov_ids = any(p.startswith("CK") for p in (*settings.enable, *settings.disable))
    theirs = list(checkov_checks()) if needs_checkov_ids or settings.enable or settings.disable else []
    known = ours + theirs
    families = {i.rsplit("-", 1)[0] for i in ours} | {i.rsplit("_", 1)[0] + "_" for i in theirs}
    problems = []
    for name in ("enable", "disable"):
        for pattern in getattr(settings, name):
            if any(i.startswith(pattern) for i in known):
                continue
            import difflib  # only for a pattern that matches nothing

            near = difflib.get_close_matches(pattern, sorted(families | set(known)), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(near)}?" if near else "; `notescheck policies` lists the rules"
            problems.append(f"{origins[name]} {pattern}: no rule has this id or prefix{hint}")
    if problems:
        return problems
    ran = selected_rules(settings)
    checkov_ran = settings.checkov and (not theirs or any(settings.rule_enabled(i) for i in theirs))
    if not ran and not checkov_ran:
        chosen = ", ".join(
            f"{origins[n]} {' '.join(getattr(settings, n))}" for n in ("enable", "disable") if getattr(settings, n)
        )
        without = " (Checkov's checks need Checkov: drop --no-checkov)" if theirs and not settings.checkov else ""
        problems.append(f"{chosen} leaves no rule to apply: this run would check nothing{without}")
    return problems


CONFIG_FILES = (".notescheck.yaml", "pyproject.toml")


def project_root(start: Path) -> Path:
    """The nearest folder from `start` up that configures notescheck (.notescheck.yaml, or pyproject.toml with
    [tool.notescheck]); `start` itself when none does. Paths in the configuration are relative to it."""
    for folder in (start, *start.parents):
        if (folder / ".notescheck.yaml").is_file():
            return folder
        pyproject = folder / "pyproject.toml"
        try:
            if pyproject.is_file() and "[tool.notescheck" in pyproject.read_text(encoding="utf-8", errors="replace"):
                return folder
        except OSError:
            continue
    return start


def _typed_path(value: str, cwd: Path, root: Path) -> Path:
    """A path typed on the command line is relative to where it was typed; kept short when that is the root."""
    path = Path(value).expanduser()
    if path.is_absolute() or cwd == root:
        return path
    return cwd / path


def _settings(ctx: click.Context, **flags: Any) -> tuple[Settings, Runtime]:
    """Defaults, then the config file, then the flags the user actually typed; and the command's one Runtime
    (parse cache, cores, memos), passed down to everything the command runs."""
    from checker.config import load_config
    from checker.runtime import open_runtime
    from policies import environment_names

    cwd = Path.cwd()
    project_dir = flags.pop("project_dir", None)
    if project_dir is not None:
        root = Path(project_dir).expanduser().resolve()
        if not root.is_dir():
            raise UsageError(f"--project-dir {project_dir}: not a directory")
    else:
        root = project_root(cwd)
    caching = not flags.get("no_cache") and not os.environ.get("CI")
    overrides, diagnostics = load_config(root, cache_verdicts=caching)
    if diagnostics:
        for diagnostic in diagnostics:
            click.echo(f"notescheck: {diagnostic}", err=True)
        ctx.exit(EXIT_USAGE)
    typed = {
        name: value
        for name, value in flags.items()
        if ctx.get_parameter_source(name) not in (click.core.ParameterSource.DEFAULT, None)
    }
    values: dict[str, Any] = dict(overrides)
    origins = {"enable": "enable = in the configuration:", "disable": "disable = in the configuration:"}
    for name in ("terraform_dir", "sam_template", "samconfig", "plan_file", "waivers_file", "baseline_file"):
        if typed.get(name) is not None:
            values[name] = _typed_path(typed.pop(name), cwd, root)
    if "var_file" in typed:
        values["var_files"] = tuple(_typed_path(p, cwd, root) for p in typed.pop("var_file"))
    if "severity" in typed:
        values["severity"] = Severity(typed.pop("severity"))
    if "no_checkov" in typed:
        values["checkov"] = not typed.pop("no_checkov")
    if "checkov" in typed:
        values["checkov_path"] = str(_typed_path(typed.pop("checkov"), cwd, root))
    if "no_cache" in typed and typed.pop("no_cache"):
        values["cache_dir"] = None
    for name in ("enable", "disable"):
        if typed.get(name):
            values[name] = typed.pop(name)
            origins[name] = f"--{name}"
        if name in values:
            values[name] = rule_patterns(values[name])
    if typed.get("skip_path"):
        values["skip_paths"] = (*values.get("skip_paths", ()), *typed.pop("skip_path"))
    if "max_file_bytes" in typed:
        values["max_file_bytes"] = typed.pop("max_file_bytes")
    if typed.get("shared_root"):
        values["shared_roots"] = tuple(Path(p) for p in typed.pop("shared_root"))
    if typed.pop("no_shared", False):
        values["shared"] = False
    if "remote_modules" in typed:
        values["remote_modules"] = typed.pop("remote_modules")
    if os.environ.get("CI") and "cache_dir" not in values:
        values["cache_dir"] = None  # in CI a pull request could plant cache entries: parse everything afresh
    fields = {f.name for f in dataclasses.fields(Settings)}
    settings = Settings(root=root, **{k: v for k, v in values.items() if k in fields})
    runtime = open_runtime(settings)
    known = environment_names(runtime) or DEFAULT_ENVS
    if "env" in typed:
        asked = typed.pop("env")
        envs = _envs(asked, known)
        if not envs and not settings.shared:
            raise UsageError(f"--env {asked} checks the shared roots alone, which --no-shared leaves out")
    elif "envs" in values:
        envs = values["envs"]
    else:
        envs = ("prod",) if "env" in flags else known
    settings = dataclasses.replace(settings, envs=envs)
    problems = _missing_inputs(settings, named=set(values)) + _selection_problems(settings, origins)
    if problems:
        raise UsageError("\n".join(problems))
    return settings, runtime


def _missing_inputs(settings: Settings, named: set[str]) -> list[str]:
    """Files the user named that are not there, which a run would quietly do without: each is an error up
    front (the default samconfig.toml and waivers.yaml are optional; named ones are not). A missing --plan
    the run itself reports, while it still checks the SAM half."""
    from checker.userfiles import present

    problems = []
    wanted = {
        "samconfig": ("samconfig", settings.samconfig),
        "waivers_file": ("waivers file", settings.waivers_file),
        "baseline_file": ("baseline", settings.baseline_file),
    }
    for name, (what, path) in wanted.items():
        # present(), not is_file(): a FIFO or a dangling link is there, and the run says what it is
        if name in named and path is not None and not present(settings.path(path)):
            problems.append(f"{what} {path} not found")
    terraform_dir = settings.path(settings.terraform_dir)
    for var_file in settings.var_files:
        if not present(settings.path(var_file)) and not present(terraform_dir / var_file):
            problems.append(f"variables file {var_file} not found")
    return problems


def _scan_options(command):
    options = [
        click.option(
            "--env",
            default="prod",
            show_default=True,
            help="dev, staging, prod, a comma-separated list, or all (parsed once, checked per env); the "
            "shared roots are checked too, once, as the section `shared` (--env shared: them alone).",
        ),
        click.option(
            "--shared-root",
            multiple=True,
            type=click.Path(),
            help="A Terraform root of the shared resources; repeat for several [found under --terraform-dir].",
        ),
        click.option(
            "--no-shared",
            is_flag=True,
            help="Leave the shared roots out (another run checks them, e.g. a CI job with --env shared).",
        ),
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(FORMATS),
            help="Output format; repeat for several (with --output-dir). Default: text.",
        ),
        click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE."),
        click.option(
            "--output-dir", type=click.Path(file_okay=False), help="Write one report file per --format into DIR."
        ),
        click.option("--terraform-dir", type=click.Path(), help="Terraform root module [infra/terraform]."),
        click.option("--sam-template", type=click.Path(), help="SAM template [sam/template.yaml]."),
        click.option("--samconfig", type=click.Path(), help="samconfig.toml [sam/samconfig.toml]."),
        click.option(
            "--var-file",
            multiple=True,
            type=click.Path(),
            help="Extra .tfvars, after envs/<env>.tfvars; it must be inside the project (files outside are not read).",
        ),
        click.option("--plan", "plan_file", type=click.Path(), help="Check `terraform show -json` output instead."),
        click.option(
            "--severity",
            type=click.Choice([s.value for s in Severity]),
            help="Gate: fail on findings at or above this severity [low].",
        ),
        click.option("--enable", multiple=True, help="Only these rule ids or prefixes (repeat, or a comma list)."),
        click.option("--disable", multiple=True, help="Not these rule ids or prefixes (repeat, or a comma list)."),
        click.option(
            "--skip-path",
            multiple=True,
            help="Report nothing from files matching this glob, or under this folder (repeatable).",
        ),
        click.option("--no-checkov", is_flag=True, help="Our rules only: the fast path."),
        click.option(
            "--checkov",
            type=click.Path(),
            help="The checkov executable [$NOTESCHECK_CHECKOV, config checkov.path, .venv-checkov, PATH].",
        ),
        click.option("--waivers", "waivers_file", type=click.Path(), help="Waivers file [policies/waivers.yaml]."),
        click.option(
            "--baseline",
            "baseline_file",
            type=click.Path(dir_okay=False),
            help="Findings recorded in FILE (by --write-baseline) are known: only new ones fail.",
        ),
        click.option(
            "--write-baseline",
            type=click.Path(dir_okay=False),
            help="Record this run's unsuppressed findings in FILE, then exit 0 (2 on input errors).",
        ),
        click.option(
            "--project-dir",
            type=click.Path(file_okay=False),
            help="The project root that paths, docs/ and the configuration are relative to "
            "[the nearest folder up with a notescheck configuration, else the working directory].",
        ),
        click.option("--no-cache", is_flag=True, help="Parse everything afresh (no .notescheck-cache)."),
        click.option("--max-file-bytes", type=click.IntRange(min=1), help="Refuse larger input files [2000000]."),
        click.option(
            "--remote-modules",
            type=click.Choice(["installed", "skip"]),
            help="installed: read remote modules from .terraform/modules [default]; skip: list them unchecked.",
        ),
        click.option("--no-color", is_flag=True, help="Plain text even on a terminal (also $NO_COLOR, TERM=dumb)."),
        click.option("--quiet", "-q", is_flag=True, help="Only findings and errors, no summary."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class ProgressLine:
    """On a terminal, one self-overwriting status line on stderr while the run lasts; elsewhere nothing."""

    def __init__(self, quiet: bool):
        self.stream = sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.width = 0

    def __call__(self, message: str) -> None:
        if self.enabled:
            line = f"notescheck: {message}..."
            self.stream.write("\r" + line.ljust(self.width))
            self.stream.flush()
            self.width = len(line)

    def clear(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def use_color(no_color: bool, stream: Any) -> bool:
    """--no-color, then NO_COLOR (no-color.org), then FORCE_COLOR, then a terminal that is not TERM=dumb."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM") != "dumb" and stream.isatty()


def _check_destinations(output: str | None, output_dir: str | None, *files: str | None) -> None:
    """Refuse an output that cannot be written before the run, not after it (Checkov may take a minute)."""
    for file in (output, *files):
        if file is None:
            continue
        folder = Path(file).parent
        if not folder.is_dir():
            raise OutputError(f"cannot write {file}: folder {folder} does not exist")
        if Path(file).is_dir():
            raise OutputError(f"cannot write {file}: it is a folder")
    if output_dir is not None:
        folder = Path(output_dir)
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"--output-dir {output_dir}: it exists and is not a folder")
        blocking = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise OutputError(f"--output-dir {output_dir}: {blocking} is not a folder")


def write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def echo_stdout(text: str, color: bool) -> None:
    """The report on stdout, flushed here, so a full disk or a closed stream is an error (exit 2), not a pass."""
    try:
        click.echo(text, nl=False, color=color)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # a reader that stopped early (| head): nothing to report
    except OSError as error:
        raise OutputError(f"cannot write the report to standard output: {error.strerror or error}") from None


def _run_scan(
    ctx: click.Context, gate: bool, formats, output, output_dir, write_baseline, no_color, quiet, **flags
) -> None:
    from checker.pipeline import exit_code, run
    from checker.report import render, suffix_for

    formats = tuple(formats) or ("text",)
    if len(formats) > 1 and not output_dir:
        raise UsageError("several --format values need --output-dir")
    if output and output_dir:
        raise UsageError("use --output or --output-dir, not both")
    _check_destinations(output, output_dir, write_baseline)
    settings, runtime = _settings(ctx, **flags)
    progress = ProgressLine(quiet)
    try:
        report = run(settings, runtime, progress=progress)
    finally:
        progress.clear()
    if write_baseline:
        _write_baseline(ctx, report, settings, Path(write_baseline), quiet)
    color = use_color(no_color, sys.stdout) and not output and not output_dir
    if output_dir:
        try:
            Path(output_dir).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create --output-dir {output_dir}: {error.strerror or error}") from None
    for fmt in formats:
        text = render(report, fmt, settings=settings, color=color, quiet=quiet, gate=gate)
        if output_dir:
            write_text(Path(output_dir) / f"notescheck{suffix_for(fmt)}", text)
        elif output:
            write_text(Path(output), text)
        else:
            echo_stdout(text, color)
    if (output or output_dir) and not quiet:
        from checker.report import render_summary_line

        click.echo(render_summary_line(report, settings), err=True)
    ctx.exit(exit_code(report, settings))


def _write_baseline(ctx: click.Context, report: Any, settings: Settings, path: Path, quiet: bool) -> None:
    """Record the findings that would fail now; a run with input errors records nothing (it saw too little)."""
    from checker.suppress import baseline_document

    if report.has_input_errors:
        for diagnostic in report.diagnostics:
            click.echo(f"notescheck: {diagnostic}", err=True)
        raise OutputError(f"input errors: no baseline written to {path} (fix them first)")
    document, count = baseline_document(report, settings)
    write_text(path, document)
    if not quiet:
        click.echo(f"notescheck: wrote {count} finding(s) to the baseline {path}", err=True)
    ctx.exit(0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notescheck")
def main() -> None:
    """Check the notes app's Terraform and SAM against the rules of iac-foundation.md."""


@main.command()
@_scan_options
@click.pass_context
def report(ctx: click.Context, **options: Any) -> None:
    """Summary, review checklist and findings for one or more environments."""
    _run_scan(ctx, gate=False, **options)


@main.command()
@_scan_options
@click.pass_context
def check(ctx: click.Context, **options: Any) -> None:
    """The gate: exit 1 when findings at or above --severity remain, 0 otherwise, 2 on input errors."""
    _run_scan(ctx, gate=True, **options)


@main.command()
@click.option("--env", default="prod", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["json", "dot"]), default="json", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False))
@click.option("--terraform-dir", type=click.Path())
@click.option("--sam-template", type=click.Path())
@click.option("--samconfig", type=click.Path())
@click.option("--var-file", multiple=True, type=click.Path())
@click.option("--project-dir", type=click.Path(file_okay=False))
@click.pass_context
def graph(ctx: click.Context, env: str, fmt: str, output: str | None, **flags: Any) -> None:
    """Export one environment's resource graph (or the shared roots', --env shared) as JSON or Graphviz dot;
    nothing when an input is broken (the graph would be partial)."""
    from checker.graph import graph_to_dot, graph_to_json
    from checker.pipeline import build_section_graph, load_sources

    _check_destinations(output, None)
    settings, runtime = _settings(ctx, env=env, **flags)
    sections = [*settings.envs] or [SHARED]
    if len(sections) != 1:
        raise UsageError("graph takes exactly one environment")
    sources = load_sources(dataclasses.replace(settings, shared=sections == [SHARED]), runtime)
    env_graph = build_section_graph(sources, settings, sections[0], runtime)
    diagnostics = sorted(set(sources.diagnostics + env_graph.diagnostics))
    for diagnostic in diagnostics:
        click.echo(f"notescheck: {diagnostic}", err=True)
    if any(d.level == "error" for d in diagnostics):
        click.echo("notescheck: input errors: no graph written (it would be partial)", err=True)
        ctx.exit(EXIT_USAGE)
    text = graph_to_json(env_graph) if fmt == "json" else graph_to_dot(env_graph)
    if output:
        write_text(Path(output), text)
    else:
        echo_stdout(text, color=False)
    ctx.exit(0)


@main.command()
@click.option("--env", default="all", show_default=True, help="an environment, a comma list, or all")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False))
@click.option("--terraform-dir", type=click.Path())
@click.option("--sam-template", type=click.Path())
@click.option("--samconfig", type=click.Path())
@click.option("--var-file", multiple=True, type=click.Path())
@click.pass_context
def cost(ctx: click.Context, env: str, fmt: str, output: str | None, **flags: Any) -> None:
    """Estimate each environment's monthly cost offline and compare it with the spec's table (section 7).

    Exit 1 when an environment is over the spec's total or its estimate cannot be known, 2 on input errors.
    """
    from checker.cost import estimate
    from checker.pipeline import build_env_graph, load_sources
    from checker.report.cost import cost_json, cost_markdown, cost_text
    from policies import PolicyDataError, load_cost_data, load_policy_data

    _check_destinations(output, None)
    settings, runtime = _settings(ctx, env=env, **flags)
    try:
        spec = load_policy_data(runtime)
        cost_data = load_cost_data(runtime)
    except PolicyDataError as error:
        raise click.ClickException(str(error)) from None
    sources = load_sources(settings, runtime)
    diagnostics = list(sources.diagnostics)
    estimates = []
    for name in settings.envs:
        env_graph = build_env_graph(sources, settings, name, runtime)
        diagnostics.extend(env_graph.diagnostics)
        estimates.append(estimate(env_graph, cost_data, spec["cost_estimate"]))
    render = {"text": cost_text, "json": cost_json, "markdown": cost_markdown}[fmt]
    text = render(estimates)
    if output:
        write_text(Path(output), text)
    else:
        echo_stdout(text, color=False)
    for diagnostic in sorted(set(diagnostics)):
        click.echo(f"notescheck: {diagnostic}", err=True)
    if any(d.level == "error" for d in diagnostics):
        ctx.exit(EXIT_USAGE)
    ctx.exit(1 if any(e.over_budget or e.unknown for e in estimates) else 0)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def policies(fmt: str) -> None:
    """The rule catalog (json: every rule's metadata and its review-checklist question)."""
    from checker.catalog import catalog_json, catalog_markdown, catalog_text
    from policies import all_rules, load_spec

    rules = all_rules()
    if fmt == "text":
        text = catalog_text(rules)
    elif fmt == "markdown":
        text = catalog_markdown(rules, load_spec()["checklist"])
    else:
        text = catalog_json(rules, load_spec()["checklist"], __version__)
    echo_stdout(text, color=False)


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """One rule's documentation: what it checks, why, noncompliant, compliant, fix. Checkov's ids too."""
    import difflib

    from checker.catalog import explain as explain_rule
    from checker.catalog import explain_checkov
    from checker.checkov import checkov_checks
    from policies import all_rules, load_checkov_checklist, load_spec

    wanted = rule_id.strip().upper()
    rules = {r.id: r for r in all_rules()}
    if wanted in rules:
        echo_stdout(explain_rule(rules[wanted], load_spec()["checklist"]) + "\n", color=False)
        return
    checks = checkov_checks()
    if wanted in checks:
        question = load_checkov_checklist().get(wanted, "")
        echo_stdout(explain_checkov(wanted, checks[wanted], load_spec()["checklist"], question) + "\n", color=False)
        return
    near = difflib.get_close_matches(wanted, [*rules, *checks], n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    raise UsageError(f"no rule {rule_id!r}{hint} (`notescheck policies` lists ours; Checkov's are CKV_...)")


@main.command()
@click.argument("state_file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False))
@click.option("--no-color", is_flag=True)
@click.option("--no-cache", is_flag=True, help="Scan the values afresh (no .notescheck-cache).")
@click.pass_context
def state(ctx: click.Context, state_file: str, fmt: str, output: str | None, no_color: bool, no_cache: bool) -> None:
    """Scan a Terraform state file (format v4) for secrets: the spec's "no sensitive data in state"."""
    from checker.model import EnvResult, Report
    from checker.pipeline import exit_code
    from checker.report import render
    from checker.runtime import open_cache
    from checker.tfstate_scan import STATE_RULES, scan_state

    _check_destinations(output, None)
    settings = Settings(root=Path.cwd(), checkov=False)
    # detect-secrets' answer for the state's values, cached by their content as `check` caches its scans
    # (never in CI, where a pull request could plant cache entries)
    cache = None if no_cache or os.environ.get("CI") else open_cache(settings)
    findings, diagnostics = scan_state(Path(state_file), settings.root, cache=cache)
    result = EnvResult(env="state", findings=sorted(findings, key=lambda f: f.sort_key()))
    state_report = Report(
        results=[result], diagnostics=sorted(set(diagnostics)), rules=list(STATE_RULES), tool_version=__version__
    )
    color = not output and use_color(no_color, sys.stdout)
    text = render(state_report, fmt, settings=settings, color=color, quiet=False, gate=True)
    if output:
        write_text(Path(output), text)
    else:
        echo_stdout(text, color)
    ctx.exit(exit_code(state_report, settings))


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["toml", "yaml"]),
    default="toml",
    show_default=True,
    help="toml: a [tool.notescheck] table in pyproject.toml; yaml: .notescheck.yaml.",
)
@click.pass_context
def init(ctx: click.Context, fmt: str) -> None:
    """Write a starting configuration for this project; never overwrites one."""
    from checker.config import PYPROJECT, YAML_CONFIG, load_config, scaffold

    root = Path.cwd()
    pyproject, yaml_file = root / PYPROJECT, root / YAML_CONFIG
    existing = [
        name
        for name, present in (
            (YAML_CONFIG, yaml_file.exists()),
            (f"[tool.notescheck] in {PYPROJECT}", pyproject.is_file() and _has_table(pyproject)),
        )
        if present
    ]
    if existing:
        raise UsageError(f"{existing[0]} already configures notescheck; edit it (init never overwrites)")
    text = scaffold(root, fmt)
    if fmt == "yaml":
        write_text(yaml_file, text)
        written = YAML_CONFIG
    else:
        before = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
        joined = before + ("\n" if before and not before.endswith("\n") else "") + ("\n" if before else "")
        write_text(pyproject, joined + text)
        written = f"[tool.notescheck] in {PYPROJECT}"
    _, problems = load_config(root)
    for problem in problems:  # our own scaffold must load: say so loudly if it does not
        click.echo(f"notescheck: {problem}", err=True)
    click.echo(f"notescheck: wrote {written}; `notescheck check` reads it from now on")
    ctx.exit(EXIT_USAGE if problems else 0)


def _has_table(pyproject: Path) -> bool:
    import tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{pyproject.name} cannot be read as TOML ({error}); fix it, or use --format yaml") from None
    return "notescheck" in data.get("tool", {})


def entry() -> None:
    """The console script: one process, one run."""
    # A run builds one large, long-lived graph: collecting it over and over costs time and frees nothing
    # (measured: resolve of 10,000 resources 2.8 s -> 1.9 s, same peak memory).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    from policies import PolicyDataError

    code: int | str | None  # what SystemExit carries, then the exit status
    try:
        main()
    except BrokenPipeError:  # the reader stopped early (| head)
        code = 1
    except SystemExit as stop:
        code = stop.code
    except PolicyDataError as error:  # our own data is broken: say where, not a traceback
        print(f"notescheck: {error}", file=sys.stderr)
        code = EXIT_USAGE
    else:
        code = 0
    # Tearing the interpreter down frees that graph object by object (~50 ms on 1,000 resources) for
    # nothing: every file is written and closed by now, so flush the streams and leave.
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader stopped early (| head): nothing more can be said
        code = code or 1
    except OSError as error:  # e.g. a full disk: the report is lost, so the run cannot count as a pass
        os.write(2, f"notescheck: cannot write the report to standard output: {error.strerror}\n".encode())
        code = EXIT_USAGE
    except ValueError:  # a closed stream
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    entry()
