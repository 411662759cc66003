"""Time notescheck against Checkov on this repository's infra and on synthetic trees, pair by pair.

For each target (this repository, then the generated trees of benchmarks/generate.py) five commands run
in turn, `--repeat` rounds interleaved so that load from elsewhere on the machine hits all of them alike:

  ours cold      notescheck check --env prod --no-checkov --no-cache
  ours warm      notescheck check --env prod --no-checkov            (parse cache filled by a warm-up run)
  hook warm      notescheck check --env all --no-checkov             (what the pre-commit hook runs, warm)
  with Checkov   notescheck check --env prod
  Checkov alone  the scans notescheck starts, started the same way: the Terraform root with
                 envs/prod.tfvars (--framework terraform) and the SAM template (--framework
                 cloudformation), concurrently, -o json --skip-download --compact

Wall time is the median of the rounds; memory is the peak resident set of the largest process of a run
(os.wait4's ru_maxrss covers the child and the descendants it waited for), the median over rounds.
The Markdown table goes to benchmarks/results/latest.md, raw samples to benchmarks/results/raw/.

    .venv/bin/python benchmarks/run.py                  # 10 .. 10,000 resources, 5 rounds
    .venv/bin/python benchmarks/run.py --quick          # 10 .. 1,000 resources, 3 rounds, no 10k
    .venv/bin/python benchmarks/run.py --skip-checkov --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
RESULTS = BENCHMARKS / "results"
sys.path.insert(0, str(BENCHMARKS))

from generate import DEFAULT_SEED, DEFAULT_SIZES, write_tree  # noqa: E402

NOTESCHECK = REPO / ".venv" / "bin" / "notescheck"
CHECKOV = REPO / ".venv-checkov" / "bin" / "checkov"
ENV = "prod"
TERRAFORM_DIR = Path("infra/terraform")
SAM_TEMPLATE = Path("sam/template.yaml")
# The environment notescheck gives Checkov (checker/checkov.py): offline, quiet, no colours.
CHECKOV_ENV = {
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
    "BC_SKIP_MAPPING": "TRUE",
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "ANSI_COLORS_DISABLED": "1",
    "LOG_LEVEL": "WARNING",
}

OURS_COLD, OURS_WARM, HOOK_WARM = "ours cold", "ours warm", "hook warm"
WITH_CHECKOV, CHECKOV_ALONE = "with Checkov", "Checkov alone"
VARIANTS = (OURS_COLD, OURS_WARM, HOOK_WARM, WITH_CHECKOV, CHECKOV_ALONE)
CHECKOV_VARIANTS = (WITH_CHECKOV, CHECKOV_ALONE)


@dataclass
class Target:
    label: str
    root: Path
    resources: int | None = None  # as generated (a few more than the size asked for); None for this repo
    hcl_lines: int = 0
    files: int = 0
    size: int = 0  # the size asked for: 10, 100, 1000, 10000


@dataclass
class Sample:
    seconds: float  # wall time until the last process of the run ended
    cpu_seconds: float  # user + system time of the processes and the children they waited for
    max_rss_kb: int
    exit_codes: list[int]


@dataclass
class Measurements:
    target: Target
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def median_seconds(self, variant: str) -> float | None:
        samples = self.samples.get(variant)
        return statistics.median(s.seconds for s in samples) if samples else None

    def median_cpu(self, variant: str) -> float | None:
        samples = self.samples.get(variant)
        return statistics.median(s.cpu_seconds for s in samples) if samples else None

    def median_rss_mb(self, variant: str) -> float | None:
        samples = self.samples.get(variant)
        return statistics.median(s.max_rss_kb for s in samples) / 1024 if samples else None


def _commands(variant: str, target: Target) -> list[list[str]]:
    notescheck = [str(NOTESCHECK), "check", "--env", ENV]
    if variant == OURS_COLD:
        return [notescheck + ["--no-checkov", "--no-cache"]]
    if variant == OURS_WARM:
        return [notescheck + ["--no-checkov"]]
    if variant == HOOK_WARM:
        return [[str(NOTESCHECK), "check", "--env", "all", "--no-checkov"]]
    if variant == WITH_CHECKOV:
        return [notescheck]
    terraform = target.root / TERRAFORM_DIR
    common = [str(CHECKOV), "-o", "json", "--skip-download", "--compact"]
    var_file = terraform / "envs" / f"{ENV}.tfvars"
    scans = [common + ["--framework", "terraform", "-d", str(terraform), "--var-file", str(var_file.resolve())]]
    template = target.root / SAM_TEMPLATE
    if template.is_file():
        scans.append(common + ["--framework", "cloudformation", "-f", str(template)])
    return scans


def run_once(commands: list[list[str]], cwd: Path, env: dict[str, str]) -> Sample:
    """Start the commands together, wait for all; wall time until the last ends, largest peak RSS."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            c, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for c in commands
    ]
    exit_codes: dict[int, int] = {}
    peak_kb = 0
    cpu = 0.0
    waiting = {p.pid for p in processes}
    while waiting:
        pid, status, usage = os.wait4(-1, 0)
        if pid in waiting:
            waiting.discard(pid)
            exit_codes[pid] = os.waitstatus_to_exitcode(status)
            peak_kb = max(peak_kb, usage.ru_maxrss)
            cpu += usage.ru_utime + usage.ru_stime
    seconds = time.perf_counter() - started
    for process in processes:
        process.returncode = exit_codes[process.pid]  # reaped above; keep Popen from waiting again
    return Sample(seconds, cpu, peak_kb, [exit_codes[p.pid] for p in processes])


def _stderr_of(commands: list[list[str]], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(commands[0], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return f"exit {result.returncode}: {result.stderr.strip()[-400:]}"


def measure(target: Target, variants: tuple[str, ...], repeat: int, log) -> Measurements:
    measurements = Measurements(target)
    # PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every run compile notescheck afresh,
    # which no installed copy does.
    dropped = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")
    base_env = {k: v for k, v in os.environ.items() if k not in dropped}
    checkov_env = {**base_env, **CHECKOV_ENV}
    cache = target.root / ".notescheck-cache"
    if target.root != REPO and cache.exists():
        shutil.rmtree(cache)
    for variant in variants:  # warm-up: fills the parse cache, the page cache and .pyc files
        if variant in CHECKOV_VARIANTS and target.root != REPO:
            continue  # Checkov's own files are warm after the first target; a round costs minutes
        env = checkov_env if variant == CHECKOV_ALONE else base_env
        sample = run_once(_commands(variant, target), target.root, env)
        if any(code not in (0, 1) for code in sample.exit_codes):
            note = f"{variant}: {_stderr_of(_commands(variant, target), target.root, env)}"
            measurements.notes.append(note)
            log(f"  warning: {note}")
    for round_number in range(repeat):
        for variant in variants:
            env = checkov_env if variant == CHECKOV_ALONE else base_env
            sample = run_once(_commands(variant, target), target.root, env)
            measurements.samples.setdefault(variant, []).append(sample)
            log(
                f"  {target.label:>8} round {round_number + 1}/{repeat} {variant:<13} {sample.seconds:7.2f} s "
                f"cpu {sample.cpu_seconds:7.2f} s {sample.max_rss_kb / 1024:6.0f} MB exit {sample.exit_codes}"
            )
    return measurements


def _format_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _ratio(numerator: float | None, denominator: float | None, digits: int = 1) -> str:
    if numerator is None or not denominator:
        return "–"
    return f"{numerator / denominator:.{digits}f}×"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _checkov_version() -> str:
    try:
        return subprocess.run(
            [str(CHECKOV), "--version"], capture_output=True, text=True, timeout=120, check=False
        ).stdout.strip()
    except OSError:
        return "not installed"


def machine(repeat: int) -> dict[str, str]:
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores (nproc)": str(os.cpu_count()),
        "CPU": _cpu_model(),
        "Python": platform.python_version(),
        "Checkov": _checkov_version(),
        "notescheck commit": _git_commit(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "rounds": f"{repeat}, interleaved; medians",
    }


def _time_table(results: list[Measurements], median) -> list[str]:
    lines = [
        "| target | resources | HCL lines | files | ours cold | ours warm | hook warm | with Checkov "
        "| Checkov alone | Checkov alone / ours cold | with Checkov / Checkov alone |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for m in results:
        t = m.target
        cold, warm, hook, both, alone = (median(m, v) for v in VARIANTS)
        lines.append(
            f"| {t.label} | {t.resources if t.resources is not None else '–'} | {t.hcl_lines} | {t.files} "
            f"| {_format_seconds(cold)} | {_format_seconds(warm)} | {_format_seconds(hook)} | {_format_seconds(both)} "
            f"| {_format_seconds(alone)} | {_ratio(alone, cold)} | {_ratio(both, alone, 2)} |"
        )
    return lines


def _growth(results: list[Measurements]) -> list[str]:
    by_label = {m.target.label: m for m in results}
    if "1k" not in by_label or "10k" not in by_label:
        return []
    small, large = by_label["1k"], by_label["10k"]
    lines = [
        "",
        "Growth from 1,000 to 10,000 resources (10k / 1k; linear is 10×):",
        "",
        "| measure | " + " | ".join(VARIANTS) + " |",
        "|---|" + "--:|" * len(VARIANTS),
    ]
    for name, median in (("wall time", Measurements.median_seconds), ("CPU time", Measurements.median_cpu)):
        lines.append(f"| {name} | " + " | ".join(_ratio(median(large, v), median(small, v)) for v in VARIANTS) + " |")
    return lines


def render(results: list[Measurements], info: dict[str, str]) -> str:
    lines = [
        "# notescheck benchmark",
        "",
        "`notescheck check --env prod` on this repository and on synthetic trees (benchmarks/generate.py). "
        "*ours cold*: our rules only, `--no-checkov --no-cache`; *ours warm*: the same with the parse cache "
        "filled; *hook warm*: `--env all --no-checkov`, what the pre-commit hook runs, warm; *with Checkov*: "
        "our rules and Checkov together; *Checkov alone*: the Terraform and SAM scans "
        "notescheck starts, run by themselves (same flags, started together).",
        "",
        "Wall time, seconds (median):",
        "",
        *_time_table(results, Measurements.median_seconds),
        "",
        "CPU time (user + system, all processes of a run), seconds (median); steadier than wall time "
        "when the machine is shared:",
        "",
        *_time_table(results, Measurements.median_cpu),
        *_growth(results),
        "",
        "Peak memory, MB (resident set of the largest process of a run, median):",
        "",
        "| target | " + " | ".join(VARIANTS) + " |",
        "|---|" + "--:|" * len(VARIANTS),
    ]
    for m in results:
        lines.append(f"| {m.target.label} | " + " | ".join(_mb(m.median_rss_mb(v)) for v in VARIANTS) + " |")
    notes = [f"- {m.target.label}: {note}" for m in results for note in m.notes]
    if notes:
        lines += ["", "Runs that ended with an input or usage error (exit 2) or a crash:", "", *notes]
    lines += ["", "Machine:", ""] + [f"- {key}: {value}" for key, value in info.items()]
    return "\n".join(lines) + "\n"


def _targets(sizes: list[int], seed: int, include_repo: bool) -> list[Target]:
    targets = []
    if include_repo:
        tf_files = [p for p in (REPO / TERRAFORM_DIR).rglob("*") if p.suffix in (".tf", ".tfvars")]
        lines = sum(p.read_text(encoding="utf-8", errors="replace").count("\n") for p in tf_files)
        targets.append(Target("repo", REPO, None, lines, len(tf_files) + (REPO / SAM_TEMPLATE).is_file()))
    for size in sizes:
        tree = write_tree(size, seed)
        summary = json.loads((tree / "tree.json").read_text())
        label = f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)
        files = summary["terraform_files"] + 1
        targets.append(Target(label, tree, summary["resources"], summary["hcl_lines"], files, size))
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help=f"tree sizes [{' '.join(map(str, DEFAULT_SIZES))}]")
    parser.add_argument("--repeat", type=int, help="interleaved rounds per command [5; 3 with --quick]")
    parser.add_argument("--skip-checkov", action="store_true", help="only our own rules (cold and warm)")
    parser.add_argument("--quick", action="store_true", help="sizes 10 100 1000 and 3 rounds unless given")
    parser.add_argument("--no-repo", action="store_true", help="leave out this repository's own infra")
    parser.add_argument(
        "--checkov-max-resources",
        type=int,
        default=1_000,
        help="run the Checkov commands only on trees up to this size (Checkov takes minutes on 10,000) [1000]",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.md")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10, 100, 1000] if args.quick else list(DEFAULT_SIZES))
    repeat = args.repeat or (3 if args.quick else 5)
    if not NOTESCHECK.is_file():
        parser.error(f"{NOTESCHECK} not found: install notescheck into .venv first")
    skip_checkov = args.skip_checkov or not CHECKOV.is_file()
    variants = tuple(v for v in VARIANTS if not (skip_checkov and v in CHECKOV_VARIANTS))

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    info = machine(repeat)
    results = []
    for target in _targets(sizes, args.seed, not args.no_repo):
        log(f"{target.label}: {target.root}")
        too_big = target.size > args.checkov_max_resources
        chosen = tuple(v for v in variants if not (too_big and v in CHECKOV_VARIANTS))
        results.append(measure(target, chosen, repeat, log))
    text = render(results, info)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    raw = RESULTS / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    (raw / f"{stamp}.json").write_text(
        json.dumps(
            {"machine": info, "results": [asdict(m) for m in results]},
            indent=2,
            default=str,
        )
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
