"""`bgindex validate` with forked workers and with spawned ones, side by side in one run.

Spawn is what Windows (and macOS) have: it is measured here under the same imitation of Windows'
process model the tests use (tests/windows_model: only spawn, no os.fork, no `resource`, no /proc).
Runs alternate fork, spawn, fork, spawn… so that a change in the machine's load hits both alike.

    python benchmarks/start_methods.py [--runs 5] [--write]

Data: the 20 samples of 2024 and 2,520 generated workbooks (63 provinces × 40 agencies, made
once with benchmarks/generate.py into benchmarks/work/full-n2520, as benchmarks/run.py does).
`--write` puts the table into benchmarks/RESULTS.md, between its start-methods markers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODEL = ROOT / "tests" / "windows_model"
SAMPLES = ROOT / "data" / "samples" / "2024"
NATIONAL = HERE / "work" / "full-n2520"
BEGIN, END = "<!-- BEGIN start-methods -->", "<!-- END start-methods -->"

# (what, the target's words, the allowed spawn figure given the fork one)
TARGETS = {
    "20 samples": ("within 0.5 s of fork", lambda fork: fork + 0.5),
    "2,520 files": ("within 1.3× of fork", lambda fork: fork * 1.3),
}


def national() -> tuple[Path, Path]:
    catalog = NATIONAL / "catalog.toml"
    if not catalog.exists() or len(list(NATIONAL.rglob("*.xlsx"))) != 2520:
        sys.path.insert(0, str(HERE))
        import generate

        generate.generate(NATIONAL, 63, 40, None, 6, 2024)
    return NATIONAL, catalog


def env_for(method: str) -> dict[str, str]:
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    if method == "spawn":
        paths.insert(0, str(MODEL))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def timed(cmd: list[str], method: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env_for(method))
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        raise SystemExit(f"{method}: {' '.join(cmd)} exited {done.returncode}: {done.stderr[-500:]!r}")
    return wall


Times = dict[str, dict[str, list[float]]]


def measure(runs: int, only: str | None = None) -> tuple[Times, tuple[float, float]]:
    bg = [sys.executable, "-m", "bgindex", "validate"]
    sets = {"20 samples": [*bg, str(SAMPLES), "--year", "2024"]}
    if only != "samples":
        root, catalog = national()
        sets["2,520 files"] = [*bg, str(root), "--year", "2024", "--catalog", str(catalog)]
    load_before = os.getloadavg()[0]
    times: Times = {name: {"fork": [], "spawn": []} for name in sets}
    for name, cmd in sets.items():
        for method in ("fork", "spawn"):  # one warm-up each: the files in the page cache
            timed(cmd, method)
        for _ in range(runs):
            for method in ("fork", "spawn"):
                times[name][method].append(timed(cmd, method))
    return times, (load_before, os.getloadavg()[0])


def table(times: Times, load: tuple[float, float], runs: int) -> str:
    when = time.strftime("%Y-%m-%d %H:%M")
    lines = [
        f"Measured by `python benchmarks/start_methods.py --runs {runs}` on {when}: "
        f"wall time of the whole command (start-up included), median of {runs} runs alternating fork "
        f"and spawn; {os.cpu_count()} cores, load average {load[0]:.2f} before and {load[1]:.2f} after "
        "(other work on the machine).",
        "",
        "| files | fork s (median) | spawn s (median) | spawn − fork | spawn / fork | target | verdict |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name, by in times.items():
        fork, spawn = statistics.median(by["fork"]), statistics.median(by["spawn"])
        words, allowed = TARGETS[name]
        verdict = "met" if spawn <= allowed(fork) else "**not met**"
        cells = [name, f"{fork:.2f}", f"{spawn:.2f}", f"{spawn - fork:+.2f} s", f"{spawn / fork:.2f}×"]
        lines.append("| " + " | ".join([*cells, words, verdict]) + " |")
    lines.append("")
    every = [
        f"{name} {method}: " + ", ".join(f"{t:.2f}" for t in ts)
        for name, by in times.items()
        for method, ts in by.items()
    ]
    lines.append("All runs (s): " + "; ".join(every) + ".")
    return "\n".join(lines)


def write(text: str) -> None:
    write_section(text, "Start methods: fork (Linux) and spawn (Windows, macOS)", BEGIN, END)


def write_section(text: str, title: str, begin: str, end: str) -> None:
    """Puts `text` under `title` into RESULTS.md between its markers (appended the first time)."""
    results = HERE / "RESULTS.md"
    body = results.read_text(encoding="utf-8")
    section = f"{begin}\n## {title}\n\n{text}\n{end}"
    if begin in body:
        head, rest = body.split(begin, 1)
        body = head + section + rest.split(end, 1)[1]
    else:
        body = body.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(body, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="put the table into benchmarks/RESULTS.md")
    ap.add_argument("--only", choices=["samples"], help="only the 20 samples (a loaded machine)")
    args = ap.parse_args()
    times, load = measure(args.runs, args.only)
    text = table(times, load, args.runs)
    print(text)
    if args.write:
        write(text)


if __name__ == "__main__":
    main()
