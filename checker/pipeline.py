"""The whole run, top-down: load -> graph -> evaluate -> report.

Sources are parsed once and resolved per environment, so `--env all` costs one parse; without Checkov
the environments are then checked on several cores at once. Checkov, when on, runs as a subprocess for
each environment while our own analysis proceeds.

A report has one section per environment checked and, beside them, the section `shared`: the shared
Terraform roots (checker.roots: state bucket, lock table, CloudTrail), checked once per run with the
rules whose `sections` name it, whichever environments were asked for.

Every stage takes the run's checker.runtime.Runtime (parse cache, cores, memos) as an argument and
returns what it found; run() alone assembles the Report, from the values the stages return.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from checker import __version__
from checker.content_secrets import prepare_detector, scan_texts
from checker.docs import load_documents
from checker.graph import build_graph
from checker.model import Diagnostic, DiagnosticLevel, EnvResult, Finding, Graph, GraphPart, Report
from checker.records import record
from checker.roots import env_var_files
from checker.rule_runner import answer_checklist, evaluate_counted
from checker.settings import SHARED, Settings
from checker.userfiles import present
from policies import (
    PolicyDataError,
    all_rules,
    environment_names,
    load_checkov_checklist,
    load_policy_data,
    load_spec,
    policy_data_to_validate,
)
from policies.base import Rule, RuleContext
from policies.lib.layers import module_graph

if TYPE_CHECKING:
    from checker.roots import SharedRoot
    from checker.runtime import Runtime
    from checker.sam import SamSources
    from checker.sam.transform import PendingExpansions
    from checker.terraform import TerraformSources


@record
class Sources:
    """Everything parsed, before any environment is applied."""

    terraform: TerraformSources | None = None
    sam: SamSources | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    shared: list[SharedRoot] = field(default_factory=list)  # the shared roots, parsed and resolved


def selected_rules(settings: Settings) -> list[Rule]:
    """Rules this run applies: on each graph, and on the report (NC-WAIVER-002); state-file rules have their command."""
    return [r for r in all_rules() if r.scope in ("graph", "report") and settings.rule_enabled(r.id)]


def section_rules(rules: list[Rule], section: str) -> list[Rule]:
    """The rules of one section: the shared section's, or an environment's."""
    kind = SHARED if section == SHARED else "environment"
    return [r for r in rules if kind in r.sections]


def section_checklist(spec: dict, rules: list[Rule]) -> dict[str, str]:
    """The review questions a section's rules answer: the shared roots answer fewer than an environment, and a
    question no rule of the section asks is left out rather than answered yes."""
    asked = {r.checklist for r in rules}
    return {key: question for key, question in spec["checklist"].items() if key in asked}


def sections_of(settings: Settings, sources: Sources) -> list[str]:
    """The report's sections: the environments asked for, then `shared` when there are shared roots."""
    return [*settings.envs, *([SHARED] if settings.shared and sources.shared else [])]


def load_sources(settings: Settings, runtime: Runtime) -> Sources:
    """Parse both halves, through the runtime's parse cache. The SAM transform of each environment's template
    is started on another core (runtime.pending_expansions), to overlap Terraform's parse and resolve; the
    graph joins it when it needs it (build_env_graph)."""
    from checker.sam import parse_sam
    from checker.terraform import parse_terraform

    sources = Sources()
    template = settings.path(settings.sam_template)
    if present(template):  # parse_sam says what a FIFO, a directory or a dangling link is
        samconfig = settings.path(settings.samconfig)
        sources.sam = parse_sam(
            template,
            samconfig if present(samconfig) else None,
            settings.root,
            max_file_bytes=settings.max_file_bytes,
            cache=runtime.cache,
        )
    elif template.exists() or settings.sam_template != Settings.sam_template:
        sources.diagnostics.append(_missing(settings, settings.sam_template, "SAM template"))
    runtime.pending_expansions = _expand_sam_elsewhere(sources, settings, runtime)
    tf_dir = settings.path(settings.terraform_dir)
    if settings.plan_file is None:
        if tf_dir.is_dir():
            sources.terraform = parse_terraform(
                tf_dir,
                settings.root,
                max_file_bytes=settings.max_file_bytes,
                cache=runtime.cache,
                remote_modules=settings.remote_modules,
                workers=runtime.workers,
            )
        elif tf_dir.exists() or settings.terraform_dir != Settings.terraform_dir:
            sources.diagnostics.append(_missing(settings, settings.terraform_dir, "Terraform directory"))
    if settings.shared:
        from checker.roots import find_shared_roots

        sources.shared, root_diagnostics = find_shared_roots(settings, sources.terraform, runtime)
        sources.diagnostics.extend(root_diagnostics)
    if sources.terraform is None and sources.sam is None and settings.plan_file is None:
        message = (
            f"nothing to check: no Terraform directory {settings.terraform_dir.as_posix()} and no SAM template "
            f"{settings.sam_template.as_posix()} under {settings.root} (run from the project root, or pass "
            "--project-dir, --terraform-dir or --sam-template)"
        )
        sources.diagnostics.append(Diagnostic(file="", line=0, message=message, code="read"))
    return sources


def _expand_sam_elsewhere(sources: Sources, settings: Settings, runtime: Runtime) -> PendingExpansions | None:
    """The SAM transform of each environment's template, started on another core (see checker.sam.transform)."""
    from checker.sam.resolve import transform_input
    from checker.sam.transform import expand_elsewhere

    sam = sources.sam
    if sam is None or sam.template is None or not any(
        isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::Serverless::")
        for r in (sam.template.get("Resources") or {}).values()
    ):
        return None
    inputs = [found for env in settings.envs if (found := transform_input(sam, env)) is not None]
    return expand_elsewhere(inputs, runtime)


def _missing(settings: Settings, relative: Path, what: str) -> Diagnostic:
    return Diagnostic(file=relative.as_posix(), line=0, message=f"{what} not found", code="read")


def build_shared_graph(sources: Sources, settings: Settings) -> Graph:
    """The shared section's graph: every shared root, resolved without tfvars (they are applied once). Roots
    are separate configurations, so an address two of them use names two things: the later root's node gets
    an id of its own (its address, what users see, stays)."""
    from checker.uploads import attach_uploads

    parts: list[GraphPart] = []
    taken: set[str] = set()
    diagnostics: list[Diagnostic] = []
    for root in sources.shared:
        diagnostics += attach_uploads(root.part.nodes, settings.root, root.dir, settings.max_file_bytes)
        ids = {node.id for node in root.part.nodes}
        renamed = {node_id: f"{node_id}@{root.dir}" for node_id in ids & taken}
        taken |= ids | set(renamed.values())
        parts.append(_with_ids(root.part, renamed) if renamed else root.part)
    graph = build_graph(SHARED, parts, settings.root.as_posix())
    graph.diagnostics.extend(diagnostics)
    return graph


def _with_ids(part: GraphPart, renamed: dict[str, str]) -> GraphPart:
    from dataclasses import replace

    from checker.model import Edge

    nodes = [replace(n, id=renamed[n.id]) if n.id in renamed else n for n in part.nodes]
    edges = [Edge(renamed.get(e.source, e.source), renamed.get(e.target, e.target), e.kind) for e in part.edges]
    return GraphPart(nodes=nodes, edges=edges, diagnostics=part.diagnostics)


def build_section_graph(sources: Sources, settings: Settings, section: str, runtime: Runtime) -> Graph:
    if section == SHARED:
        return build_shared_graph(sources, settings)
    return build_env_graph(sources, settings, section, runtime)


def build_env_graph(sources: Sources, settings: Settings, env: str, runtime: Runtime) -> Graph:
    from checker.sam import resolve_sam
    from checker.sam.ssm import published_parameters
    from checker.terraform import resolve_terraform

    parts: list[GraphPart] = []
    diagnostics: list[Diagnostic] = []
    if settings.plan_file is not None:
        from checker.plan import load_plan
        from checker.terraform.sources import relative_posix
        from checker.uploads import attach_uploads

        part = load_plan(settings.path(settings.plan_file), settings.root, env)
        # a plan's `source` paths are relative to where `terraform plan` ran: the Terraform directory
        module_root = relative_posix(settings.path(settings.terraform_dir), settings.root)
        diagnostics += attach_uploads(part.nodes, settings.root, module_root, settings.max_file_bytes)
        parts.append(part)
    elif sources.terraform is not None:
        var_files, missing = env_var_files(settings, env)
        diagnostics.extend(missing)
        from checker.uploads import attach_uploads

        part = resolve_terraform(sources.terraform, env, var_files, cache=runtime.cache)
        # the files aws_s3_object uploads (`source`), read for NC-SECRET-005
        diagnostics += attach_uploads(part.nodes, settings.root, sources.terraform.root_dir, settings.max_file_bytes)
        parts.append(part)
    documents = load_documents(settings.root, load_spec(runtime), settings.docs_dir)
    if sources.sam is not None:  # SAM reads what this environment's Terraform publishes in SSM
        published = published_parameters(node for part in parts for node in part.nodes)
        # the transform's child is usually still at work on a cold run: detect-secrets' import meanwhile
        runtime.finish_expansions(while_waiting=prepare_detector)
        parts.append(resolve_sam(sources.sam, env, published, cache=runtime.cache, expanded=runtime.sam_expansions))
    parts.append(documents)
    graph = build_graph(env, parts, settings.root.as_posix())
    graph.diagnostics.extend(diagnostics)
    return graph


def _silent(message: str) -> None:
    """The default progress sink: say nothing."""


def run(settings: Settings, runtime: Runtime, progress: Callable[[str], None] = _silent) -> Report:
    """The whole run; `progress` hears one short line per stage (the CLI shows it on a terminal)."""
    unknown = [e for e in settings.envs if e not in environment_names(runtime)]
    if unknown:
        try:
            load_policy_data(runtime)  # a broken spec.yaml explains unknown names best
            message = f"unknown environment(s): {', '.join(unknown)}"
            diagnostic = Diagnostic(file="", line=0, code="usage", message=message)
        except PolicyDataError as error:
            diagnostic = _policy_data_error(error)
        return Report(diagnostics=[diagnostic], tool_version=__version__)

    checkov_runs: dict = {}  # filled once the sources name the shared roots (_check_sections)
    try:
        checked = _check_sections(settings, runtime, checkov_runs, progress)
    except PolicyDataError as error:  # our own tables are broken: an input error, not a traceback
        checked = Checked(diagnostics=[_policy_data_error(error)])
    finally:
        for checkov_run in checkov_runs.values():
            checkov_run.cancel()
    return Report(
        results=checked.results,
        diagnostics=sorted({d for d in checked.diagnostics if not settings.skipped(d.file)}),
        rules=checked.rules,
        checklist=checked.checklist,
        tool_version=__version__,
        checkov_version=checked.checkov_version,
    )


def _policy_data_error(error: PolicyDataError) -> Diagnostic:
    return Diagnostic(file=error.file, line=0, message=error.problem, code="config")


@record
class Checked:
    """What checking every section gives the report."""

    results: list[EnvResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    checklist: dict[str, str] = field(default_factory=dict)  # the spec's review checklist
    checkov_version: str = ""


def _load_baseline(settings: Settings) -> tuple[Counter[str] | None, list[Diagnostic]]:
    """The fingerprints --baseline knows (None: no baseline); a broken baseline file is an input error."""
    if settings.baseline_file is None:
        return None, []
    from checker.suppress import load_baseline

    return load_baseline(settings.path(settings.baseline_file), settings.baseline_file.as_posix())


def _validate_elsewhere(settings: Settings, runtime: Runtime) -> Callable[[], None]:
    """Without a cache (CI), jsonschema's import and the checks of our tables and the waivers run on
    another core while the sources are parsed; with one, their verdicts are usually cached already."""
    from checker.validation import nothing_to_join, validate_elsewhere
    from checker.waivers import waivers_to_validate

    if runtime.cache is not None:
        return nothing_to_join
    waivers_file = settings.path(settings.waivers_file)
    return validate_elsewhere(lambda: [*policy_data_to_validate(), *waivers_to_validate(waivers_file)], runtime)


def _check_sections(
    settings: Settings, runtime: Runtime, checkov_runs: dict, progress: Callable[[str], None]
) -> Checked:
    """Every section checked; Checkov's runs, once started, are put in `checkov_runs` for run() to end."""
    from checker.parallel import each_elsewhere
    from checker.waivers import load_waivers

    join_validation = _validate_elsewhere(settings, runtime)
    progress("parsing Terraform and SAM")
    sources = load_sources(settings, runtime)
    diagnostics = list(sources.diagnostics)
    sections = sections_of(settings, sources)
    if not settings.envs and not sections:
        message = "--env shared: the project has no shared roots (shared-roots, or a root tagged Environment = shared)"
        diagnostics.append(Diagnostic(file="", line=0, message=message, level=DiagnosticLevel.WARNING, code="root"))
    if settings.checkov:  # before our rules: Checkov's own start-up overlaps everything that follows
        from checker.checkov import start_checkov_runs

        progress("starting Checkov")
        shared_dirs = [root.dir for root in sources.shared] if SHARED in sections else []
        checkov_runs.update(start_checkov_runs(settings, settings.envs, shared_dirs))
    join_validation()
    try:
        spec = load_policy_data(runtime)
        waivers, waiver_diagnostics = load_waivers(settings.path(settings.waivers_file), runtime=runtime)
    except PolicyDataError as error:  # what the sources said is reported beside it
        return Checked(diagnostics=[*diagnostics, _policy_data_error(error)])
    rules = selected_rules(settings)
    baseline, baseline_diagnostics = _load_baseline(settings)
    diagnostics += [*waiver_diagnostics, *baseline_diagnostics]

    def check(section: str, progress: Callable[[str], None], cores: bool = False) -> EnvCheck:
        checkov_run = checkov_runs.get(section)
        chosen = section_rules(rules, section)
        return _check_env(
            sources, settings, runtime, section, spec, chosen, waivers, baseline, checkov_run, progress, cores
        )

    if checkov_runs:  # Checkov's runs belong to this process, and they keep the cores busy anyway
        checked = [check(section, progress) for section in sections]
    elif len(sections) == 1:  # one section: its rules share the cores
        checked = [check(sections[0], progress, cores=True)]
    else:  # sections are independent once parsed: `--env all` (the pre-commit hook) checks them at once
        progress(f"checking {', '.join(sections)}")
        runtime.finish_expansions()  # the transform's child is this process's: joined before forking
        checked = each_elsewhere(sections, lambda section: check(section, _silent), runtime.workers)
    results = [env_check.result for env_check in checked]
    diagnostics += [d for env_check in checked for d in env_check.diagnostics]
    checkov_version = next((c.checkov_version for c in reversed(checked) if c.checkov_version), "")
    results = _with_unused_waivers(settings, spec, rules, results, waivers, checkov_ran=bool(checkov_runs))
    return Checked(results, diagnostics, rules, dict(spec["checklist"]), checkov_version)


@record
class EnvCheck:
    """What checking one environment gives the report."""

    result: EnvResult
    diagnostics: list[Diagnostic]
    checkov_version: str = ""


def _check_env(
    sources: Sources,
    settings: Settings,
    runtime: Runtime,
    env: str,
    spec: dict,
    rules: list[Rule],
    waivers: list,
    baseline: Counter[str] | None,
    checkov_run,
    progress: Callable[[str], None],
    cores: bool,
) -> EnvCheck:
    """One environment from its graph to its checklist: our rules (with `cores`, on more than one core when
    the graph is large), Checkov's findings, suppressions."""
    from checker.suppress import apply_baseline, apply_suppressions

    progress(f"checking {env}")
    graph = build_section_graph(sources, settings, env, runtime)
    context = RuleContext(
        env=env,
        spec=spec,
        today=settings.today,
        waivers=tuple(waivers),
        scan_content=functools.partial(scan_texts, cache=runtime.cache),
    )
    if cores:
        findings, rule_diagnostics, checks = _evaluate_on_cores(graph, rules, context, runtime.workers)
    else:
        findings, rule_diagnostics, checks = evaluate_counted(graph, rules, context)
    diagnostics = [*graph.diagnostics, *rule_diagnostics]
    checkov_version = ""
    if checkov_run is not None:
        progress(f"waiting for Checkov ({env})")
        outcome = checkov_run.wait()
        checkov_version = outcome.version
        diagnostics.extend(outcome.diagnostics)
        findings.extend(f for f in outcome.findings if settings.rule_enabled(f.rule_id))
    findings = [f for f in findings if not settings.skipped(f.file)]
    findings = apply_suppressions(findings, graph, waivers, settings.today)
    if baseline is not None and settings.baseline_file is not None:  # a baseline is read from the file
        findings = apply_baseline(findings, baseline, settings.baseline_file.as_posix())
    checkov_questions = load_checkov_checklist() if checkov_run is not None else {}
    checklist = answer_checklist(findings, rules, section_checklist(spec, rules), settings.severity, checkov_questions)
    result = EnvResult(
        env=env,
        findings=findings,
        checklist=checklist,
        rules_run=tuple(r.id for r in rules),
        resources_checked=len(graph.resources()),
        checks=checks,
        modules=module_graph(graph, spec),
    )
    return EnvCheck(result, diagnostics, checkov_version)


RULES_ELSEWHERE_MIN_NODES = 5_000  # 2 cores: 1,377 nodes (1k tree) gain nothing, 13,526 (10k) gain 9%


def _evaluate_on_cores(
    graph: Graph, rules: list[Rule], context: RuleContext, workers: int
) -> tuple[list[Finding], list[Diagnostic], dict[str, int]]:
    """evaluate_counted(), with every other rule on a forked child when the graph is large: rules only read the
    graph, and no finding depends on another rule's, so the two halves' findings together are the whole."""
    from checker.parallel import each_elsewhere

    if len(graph.nodes) < RULES_ELSEWHERE_MIN_NODES:
        return evaluate_counted(graph, rules, context)
    halves = each_elsewhere([rules[0::2], rules[1::2]], lambda half: evaluate_counted(graph, half, context), workers)
    findings = sorted((f for found, _, _ in halves for f in found), key=Finding.sort_key)
    checks = {rule_id: n for _, _, counted in halves for rule_id, n in counted.items()}
    return findings, [d for _, diagnostics, _ in halves for d in diagnostics], checks


def _with_unused_waivers(
    settings: Settings, spec: dict, rules: list[Rule], results: list[EnvResult], waivers: list, checkov_ran: bool
) -> list[EnvResult]:
    """The results with NC-WAIVER-002's findings added: it needs every environment's findings, so it runs
    after all of them."""
    from dataclasses import replace

    from checker.suppress import unused_waivers

    if not settings.rule_enabled("NC-WAIVER-002"):
        return results
    ran = {r.id for r in rules}

    def rule_ran(rule_id: str) -> bool:
        return rule_id in ran or (checkov_ran and rule_id.startswith("CKV") and settings.rule_enabled(rule_id))

    extra = unused_waivers(results, waivers, settings.today, rule_ran, settings.root)
    if not any(extra.get(result.env) for result in results):
        return results
    checkov_questions = load_checkov_checklist() if checkov_ran else {}
    with_extra = []
    for result in results:
        if extra.get(result.env):
            findings = sorted([*result.findings, *extra[result.env]], key=Finding.sort_key)
            ran_here = section_rules(rules, result.env)
            checklist = answer_checklist(
                findings, ran_here, section_checklist(spec, ran_here), settings.severity, checkov_questions
            )
            result = replace(result, findings=findings, checklist=checklist)
        with_extra.append(result)
    return with_extra


def exit_code(report: Report, settings: Settings) -> int:
    """0 clean, 1 findings at or above the gate, 2 input or usage errors (never a silent pass)."""
    if report.has_input_errors:
        return 2
    failing = [f for f in report.findings if not f.suppressed and f.severity.at_least(settings.severity)]
    return 1 if failing else 0


__all__ = ["Sources", "run", "exit_code", "load_sources", "build_env_graph", "build_section_graph", "selected_rules"]
