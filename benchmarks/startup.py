"""Start-up time of the ``triage`` command, side by side with a bare interpreter.

    .venv/bin/python benchmarks/startup.py              # 15 runs of each, medians
    .venv/bin/python benchmarks/startup.py --runs 31

Each command is started as a new process (``subprocess``) and timed from outside with
``time.perf_counter``; the runs of all commands are interleaved, so a busy moment of the
machine falls on all of them alike. The figure to compare is each command's median
*minus* the median of ``python -c pass``: what the command itself adds.

Targets (docs/design.md, "Start-up"): ``triage --help`` within 0.15 s of a bare
interpreter (importing the CLI loads no rule engine), ``triage assess`` of one case
under 0.5 s.

Not a test: numbers depend on the machine. Record them in docs/design.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ONE_CASE = ["assess", "--anc", "800", "--anc-unit", "cells/uL", "--temperature", "38.4"]
TARGETS = {"triage --help": ("within", 0.15), "triage assess (one case)": ("under", 0.5)}


def triage_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python cli.py``."""
    script = Path(sys.executable).with_name("triage")
    if script.exists():
        return [str(script)]
    found = shutil.which("triage")
    if found:
        return [found]
    return [sys.executable, str(Path(__file__).resolve().parents[1] / "cli.py")]


def commands() -> dict[str, list[str]]:
    triage = triage_command()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "triage --help": [*triage, "--help"],
        "triage quiz --help": [*triage, "quiz", "--help"],
        "triage vocab": [*triage, "vocab"],
        "triage cases list": [*triage, "cases", "list"],
        "triage assess (one case)": [*triage, *ONE_CASE],
    }


def time_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (``time.perf_counter``) and CPU time (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(runs: int, bytecode: bool = True) -> dict[str, list[tuple[float, float]]]:
    table = commands()
    env = dict(os.environ)
    if bytecode:  # as an installed package runs: byte-code cached (pip compiles on install)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    for argv in table.values():  # warm the file and byte-code caches once, untimed
        time_once(argv, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in table}
    for _ in range(runs):
        for name, argv in table.items():
            times[name].append(time_once(argv, env))
    return times


def report(times: dict[str, list[tuple[float, float]]]) -> str:
    """Medians side by side: wall time, what it adds to a bare interpreter, CPU time."""
    walls = {name: [wall for wall, _ in samples] for name, samples in times.items()}
    cpus = {name: [cpu for _, cpu in samples] for name, samples in times.items()}
    bare = statistics.median(walls["python -c pass"])
    bare_cpu = statistics.median(cpus["python -c pass"])
    width = max(len(name) for name in times)
    runs = len(next(iter(times.values())))
    lines = [
        f"medians of {runs} runs, seconds; +bare: minus the median of `python -c pass`",
        f"{'command':<{width}}    wall   +bare     cpu   +bare   min wall",
    ]
    for name in times:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        line = (
            f"{name:<{width}}  {wall:6.3f}  {wall - bare:+6.3f}  {cpu:6.3f}  "
            f"{cpu - bare_cpu:+6.3f}     {min(walls[name]):6.3f}"
        )
        target = TARGETS.get(name)
        if target:
            kind, limit = target
            value = wall - bare if kind == "within" else wall
            met = "met" if value <= limit else "NOT met"
            line += f"   target {kind} {limit:.2f} s: {met}"
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE if set: every module compiled at every start",
    )
    args = parser.parse_args()
    print(report(measure(args.runs, bytecode=not args.no_bytecode)))


if __name__ == "__main__":
    main()
