"""The national-scale benchmark of issue 6: bgindex against the reading floor and two baselines.

    python benchmarks/run.py            # full: 63 provinces x 40 agencies, scaling 250/1,000/2,520
    python benchmarks/run.py --quick    # ~100 files, one run each, under a minute (CI smoke)

Every measured command is its own process, timed whole (start-up included), with the peak memory
of its process tree (the sum of the RSS of the process and all its children, sampled every 20 ms,
and never below the peak RSS the kernel reports for the largest single process). Medians of
`--repeat` runs, the runs of different commands interleaved so that drift hits all alike.

Measured on the same generated files (benchmarks/generate.py, valid workbooks from the real
templates): `bgindex validate` over all of them, `bgindex consolidate` of one province (the
shipped 20-agency Bắc Giang profile, and one 40-agency province) and of every province (a loop of
one `bgindex consolidate` process per province folder, as an officer or a script would run it),
`bgindex --help`; and the baselines: pandas.read_excel(engine="openpyxl") of every sheet (the
script an officer would write), `frictionless validate` of every file's data sheet against an
equivalent table schema, and the bare read floor (python-calamine reading every sheet, no checks).
The table goes to stdout and, with machine details, to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata as md
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import generate  # noqa: E402

YEAR = generate.YEAR
SAMPLE_S = 0.02


# ----------------------------------------------------------------------------- tools on demand
def ensure(module: str, requirement: str) -> bool:
    """Import `module`, installing `requirement` into this environment first if it is missing
    (benchmark-only tools of the `bench` extra: pandas, psutil, frictionless). False when it cannot be had."""
    try:
        __import__(module)
        return True
    except ImportError:
        pass
    print(f"installing {requirement} for the benchmark…", file=sys.stderr)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", requirement], capture_output=True, text=True
    )
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return False
    try:
        __import__(module)
        return True
    except ImportError:
        return False


# ----------------------------------------------------------------------------- measuring
@dataclass
class Run:
    wall: float
    peak_mb: float
    rc: int
    other: float = 0.0  # share of the machine's CPU used by other processes during the run
    cpu: float = 0.0  # user + system CPU seconds of the process and the children it waited for


def _busy_cpu() -> float | None:
    """CPU seconds the whole machine has been busy (all processes), if psutil is there."""
    try:
        import psutil
    except ImportError:
        return None
    t = psutil.cpu_times()
    return t.user + t.system + getattr(t, "nice", 0) + getattr(t, "irq", 0) + getattr(t, "softirq", 0)


class _Sampler(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.stop.wait(SAMPLE_S)


def run_once(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Wall time and peak tree memory of one whole process."""
    busy0 = _busy_cpu()
    with open(log, "ab") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        sampler = _Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
    # ru_maxrss (KiB): the largest single process of the tree that was waited for
    peak = max(sampler.peak, usage.ru_maxrss * 1024)
    other = 0.0
    busy1 = _busy_cpu()
    if busy0 is not None and busy1 is not None and wall > 0:
        mine = usage.ru_utime + usage.ru_stime  # the process and the children it waited for
        other = max(0.0, (busy1 - busy0) - mine) / (wall * (os.cpu_count() or 1))
    return Run(wall, peak / 1024 / 1024, proc.returncode, other, usage.ru_utime + usage.ru_stime)


@dataclass
class Measure:
    key: str
    label: str
    cmd: list[str] | Loop
    cwd: Path
    files: int
    repeat: int
    ok_codes: tuple[int, ...] = (0,)
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def wall(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs else None

    @property
    def peak_mb(self) -> float | None:
        return statistics.median(r.peak_mb for r in self.runs) if self.runs else None

    @property
    def other(self) -> float | None:
        return statistics.median(r.other for r in self.runs) if self.runs else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(r.cpu for r in self.runs) if self.runs else None

    @property
    def best(self) -> float | None:
        return min(r.wall for r in self.runs) if self.runs else None

    @property
    def rates(self) -> float | None:
        return self.files / self.wall if self.wall and self.files else None

    @property
    def failed(self) -> list[int]:
        return [r.rc for r in self.runs if r.rc not in self.ok_codes]


class Loop:
    """Several commands run one after the other, measured as one (consolidate every province)."""

    def __init__(self, cmds: list[list[str]]) -> None:
        self.cmds = cmds


def execute(m: Measure, log: Path) -> Run:
    if isinstance(m.cmd, Loop):
        total, peak, rc, other, cpu = 0.0, 0.0, 0, 0.0, 0.0
        for cmd in m.cmd.cmds:
            r = run_once(cmd, m.cwd, log)
            total, peak, cpu = total + r.wall, max(peak, r.peak_mb), cpu + r.cpu
            other += r.other * r.wall
            rc = r.rc if r.rc not in m.ok_codes else rc
        return Run(total, peak, rc, other / total if total else 0.0, cpu)
    return run_once(m.cmd, m.cwd, log)


# ----------------------------------------------------------------------------- data sets
@dataclass
class DataSet:
    name: str
    root: Path
    files: list[Path]
    catalog: Path | None

    @property
    def list_file(self) -> Path:
        return self.root / "files.txt"

    @property
    def provinces(self) -> list[Path]:
        return sorted(p for p in self.root.iterdir() if p.is_dir() and p.name.startswith("T"))


def make_set(name: str, provinces: int, agencies: int, files: int | None, seed: int) -> DataSet:
    root = WORK / name
    manifest = root / "manifest.json"
    want = {"provinces": provinces, "agencies": agencies, "files": files, "seed": seed, "year": YEAR}
    if manifest.exists():
        have = json.loads(manifest.read_text(encoding="utf-8"))
        same = (
            have.get("agencies") == agencies
            and have.get("seed") == seed
            and have.get("year") == YEAR
            and have.get("files") == (files if files is not None else provinces * agencies)
        )
        if not same:
            manifest.unlink()
    if not manifest.exists():
        generate.generate(root, want["provinces"], agencies, files, seed, YEAR)
    paths = sorted(root.rglob("*.xlsx"))
    ds = DataSet(name, root, paths, root / "catalog.toml" if agencies != generate.REAL_AGENCIES else None)
    ds.list_file.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    resources = [
        {
            "name": f"r{i:05d}",
            "path": str(p.relative_to(root)),
            "format": "xlsx",
            "dialect": {"headerRows": [4], "excel": {"sheet": "Số liệu"}},
            "schema": "schema.json",
        }
        for i, p in enumerate(paths)
    ]
    (root / "schema.json").write_text(
        json.dumps(baselines.frictionless_schema(YEAR), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (root / "datapackage.json").write_text(
        json.dumps({"name": f"bench-{name}", "resources": resources}, ensure_ascii=False), encoding="utf-8"
    )
    return ds


# ----------------------------------------------------------------------------- the plan
def bgindex_cmd() -> list[str]:
    script = Path(sys.executable).parent / "bgindex"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bgindex"]


def catalog_args(ds: DataSet) -> list[str]:
    return ["--catalog", str(ds.catalog)] if ds.catalog else []


def plan(
    sets: dict[str, DataSet],
    scale: list[DataSet],
    head: DataSet,
    real: DataSet,
    repeat: int,
    slow_repeat: int,
    has_frictionless: bool,
) -> list[Measure]:
    bg = bgindex_cmd()
    py = sys.executable
    base = str(HERE / "baselines.py")
    out = WORK / "out"
    ms: list[Measure] = [
        Measure("help", "`bgindex --help`", [*bg, "--help"], ROOT, 0, max(repeat, 5)),
    ]
    for ds in scale:
        n = len(ds.files)
        is_head = ds is head
        reps = repeat
        ms += [
            Measure(
                f"validate@{n}",
                "`bgindex validate` (all files)",
                [*bg, "validate", str(ds.root), "--year", str(YEAR), *catalog_args(ds)],
                ROOT,
                n,
                reps,
            ),
            Measure(
                f"floor@{n}",
                "read floor: python-calamine, every sheet, 1 process",
                [py, base, "floor", str(ds.list_file)],
                ROOT,
                n,
                reps,
            ),
            Measure(
                f"floor2@{n}",
                "read floor: python-calamine, every sheet, 2 processes",
                [py, base, "floor", str(ds.list_file), "--workers", "2"],
                ROOT,
                n,
                reps,
            ),
            Measure(
                f"pandas@{n}",
                'baseline: pandas.read_excel(engine="openpyxl"), every sheet',
                [py, base, "pandas", str(ds.list_file)],
                ROOT,
                n,
                reps if is_head else slow_repeat,
            ),
        ]
        if has_frictionless:
            exe = shutil.which("frictionless") or str(Path(py).parent / "frictionless")
            ms.append(
                Measure(
                    f"frictionless@{n}",
                    "baseline: `frictionless validate` (data sheet)",
                    [exe, "validate", "datapackage.json"],
                    ds.root,
                    n,
                    reps if is_head else slow_repeat,
                )
            )
    first = real.provinces[0]
    ms.append(
        Measure(
            "consolidate-one",
            f"`bgindex consolidate` one province, "
            f"{len(list(first.glob('*.xlsx')))} files (Bắc Giang profile)",
            [*bg, "consolidate", str(first), "--year", str(YEAR), "--out", str(out / "one"), "--quiet"],
            ROOT,
            len(list(first.glob("*.xlsx"))),
            repeat,
        )
    )
    first40 = head.provinces[0]
    n40 = len(list(first40.glob("*.xlsx")))
    ms.append(
        Measure(
            "consolidate-one40",
            f"`bgindex consolidate` one province, {n40} files (40-agency catalogue)",
            [
                *bg,
                "consolidate",
                str(first40),
                "--year",
                str(YEAR),
                "--out",
                str(out / "one40"),
                "--quiet",
                *catalog_args(head),
            ],
            ROOT,
            n40,
            repeat,
        )
    )
    loop = Loop(
        [
            [
                *bg,
                "consolidate",
                str(p),
                "--year",
                str(YEAR),
                "--out",
                str(out / p.name),
                "--quiet",
                *catalog_args(head),
            ]
            for p in head.provinces
        ]
    )
    ms.append(
        Measure(
            "consolidate-all",
            f"`bgindex consolidate` every province: a loop of {len(head.provinces)} processes",
            loop,
            ROOT,
            len(head.files),
            slow_repeat,
            # a partial last folder (quick runs) leaves agencies missing: exit 1
            ok_codes=(0, 1),
        )
    )
    return ms


# ----------------------------------------------------------------------------- report
def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass

    def ver(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "not installed"

    libs = (
        "bgindex",
        "python-calamine",
        "openpyxl",
        "pandas",
        "pydantic",
        "typer",
        "defusedxml",
        "frictionless",
        "psutil",
    )
    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{n} {ver(n)}" for n in libs),
    }


def fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def profile(head: DataSet, files: int) -> dict[str, str]:
    """`benchmarks/profile_validate.py` as it is, and with the catalogue memo prototype."""
    out: dict[str, str] = {}
    for patch in ("",):  # the memo prototype has since been applied in src/ (catalog._memoized)
        cmd = [sys.executable, str(HERE / "profile_validate.py"), str(head.root), "--files", str(files)]
        if patch:
            cmd += ["--patch", patch]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        out[patch or "as is"] = (done.stdout + done.stderr).strip()
    return out


HOLDS_BACK = """\
What holds `validate` back from the read floor (see the profile below; CPU time per file, one
process, the same files):

1. The pre-scan (`intake.inspect.inspect_file`) is still the largest part (~2 ms per file against ~1 ms for
   the whole calamine read). Before calamine sees a file, every zip member is inflated to prove
   its declared size (kept in memory, so nothing is inflated twice by our checks), the structure
   parts go through defusedxml's expat, and each sheet's extent is established by an expat walk
   of its XML (a regular-expression fast path for plain sheets was removed in issue 10: it saved
   ~0.1 s on the 120 files of a large province). calamine then inflates and parses the sheets it
   needs a second time. This is the price of refusing hostile files before a native parser sees them
   (FACTS.md: calamine aborts the process on a far cell and eats gigabytes on a zip bomb); the
   floor does none of it.
2. Reading proper (headers, Vietnamese numbers, text normalisation and legacy-font detection,
   pydantic models per value and document) is ~1.2 ms per file; the rules ~0.1 ms since the
   catalogue's lookups are memoised per (agency, year).
3. The worker round trip: files go to two worker processes in batches; the table output does not
   carry the values read back (only `--format json` does), so the parent stays light and memory
   flat (~60 MB per process at 2,520 files).
4. Start-up is not the problem for large N (~0.3 s); `--help` stays light because the commands
   import their modules lazily.

The pandas + openpyxl and frictionless baselines are slower per file than bgindex but do far less
(no pre-scan, no cell addresses, no cross-cell rules, one sheet for frictionless).

`consolidate` of one province: validating its 20 files takes ~0.3 s; the rest is the outputs, and
above all the 17 charts of the HTML report (matplotlib: ~0.6 s to import and ~0.8 s of CPU to draw,
mostly laying out ~500 text labels as paths). The charts are drawn in the process itself, after
the workbooks are read (a forked chart worker that overlapped them was removed in issue 10: it
saved no measurable wall time on two cores and cannot run on Windows); without the HTML report
(`--format xlsx --format md --format json`) the command takes ~1.3 s.

Measuring on a shared machine: see *other load*; the CPU columns are less sensitive to it.
"""


def report(
    ms: dict[str, Measure],
    scale: list[DataSet],
    head: DataSet,
    info: dict[str, str],
    repeat: int,
    slow_repeat: int,
    quick: bool,
    has_frictionless: bool,
    psutil_ok: bool,
    profiles: dict[str, str] | None = None,
) -> str:
    n = len(head.files)
    lines: list[str] = []
    add = lines.append
    add("# bgindex benchmark results" + (" (quick run)" if quick else ""))
    add("")
    add(
        f"Generated by `python benchmarks/run.py{' --quick' if quick else ''}` on {info['date']}. "
        "Whole-process figures (start-up included): wall time is the median of the runs, peak "
        "memory the median of the runs' peak summed RSS of the process tree"
        + ("" if psutil_ok else " (psutil unavailable: largest single process only)")
        + "."
    )
    add("")
    add(
        "Machine: " + f"{info['cpu']}, {info['cores']} cores, {info['ram']} RAM, {info['os']}, "
        f"Python {info['python']}.  "
    )
    add(f"Libraries: {info['libraries']}.")
    add("")
    add(
        f"## Main table (N = {n:,} files"
        + (
            f", {len(head.provinces)} provinces × {n // max(len(head.provinces), 1)}"
            if n % max(len(head.provinces), 1) == 0
            else ""
        )
        + ")"
    )
    add("")
    add(
        "| measurement | files | runs | wall s (median) | best s | CPU s | files/s | peak MB | other load "
        "| ratio (wall) | ratio (CPU) |"
    )
    add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    v = ms.get(f"validate@{n}")
    floor = ms.get(f"floor@{n}")
    rows = [
        ("help", None),
        (f"validate@{n}", "floor"),
        (f"floor@{n}", None),
        (f"floor2@{n}", None),
        (f"pandas@{n}", "over"),
        (f"frictionless@{n}", "over"),
        ("consolidate-one", None),
        ("consolidate-one40", None),
        ("consolidate-all", None),
    ]
    for key, kind in rows:
        m = ms.get(key)
        if m is None or not m.runs:
            continue
        ratio = ratio_cpu = ""
        if kind == "floor" and floor and floor.wall and m.wall:
            ratio = f"bgindex / floor = {m.wall / floor.wall:.2f}×"
            ratio_cpu = f"{m.cpu / floor.cpu:.2f}×" if m.cpu and floor.cpu else ""
        elif kind == "over" and v and v.wall and m.wall:
            ratio = f"baseline / bgindex = {m.wall / v.wall:.1f}×"
            ratio_cpu = f"{m.cpu / v.cpu:.1f}×" if m.cpu and v.cpu else ""
        if m.failed:
            ratio += f" **exit codes {sorted(set(m.failed))}**"
        add(
            f"| {m.label} | {m.files or ''} | {len(m.runs)} | {fmt(m.wall)} | {fmt(m.best)} | "
            f"{fmt(m.cpu)} | {fmt(m.rates, 0) if m.rates else ''} | {fmt(m.peak_mb, 0)} | "
            f"{(m.other or 0) * 100:.0f} % | {ratio} | {ratio_cpu} |"
        )
    if not has_frictionless:
        add(
            "| baseline: `frictionless validate` | | | not run: frictionless could not be installed"
            " | | | | | | | |"
        )
    add("")
    add("## Targets")
    add("")
    add("| target | measured (wall) | by CPU time (work done) | verdict (wall) |")
    add("|---|---|---|---|")

    def cpu_ratio(a: Measure, b: Measure) -> str:
        return f"{a.cpu:.2f} s / {b.cpu:.2f} s = {a.cpu / b.cpu:.2f}×" if a.cpu and b.cpu else "—"

    def verdict(ok: bool, detail: str) -> str:
        return ("met" if ok else "**not met**") + (f" ({detail})" if detail else "")

    pd_ = ms.get(f"pandas@{n}")
    fr = ms.get(f"frictionless@{n}")
    one = ms.get("consolidate-one")
    hp = ms.get("help")
    if v and v.wall and floor and floor.wall:
        r = v.wall / floor.wall
        add(
            f"| validate {n:,} files within 2× the bare read floor | {v.wall:.2f} s vs "
            f"{floor.wall:.2f} s = {r:.2f}× | {cpu_ratio(v, floor)} | "
            + verdict(
                r <= 2, "" if r <= 2 else f"{r / 2:.1f}× over the target; would need ≤ {2 * floor.wall:.2f} s"
            )
            + " |"
        )
    if v and v.wall and pd_ and pd_.wall:
        r = pd_.wall / v.wall
        add(
            f"| validate ≥ 10× faster than pandas + openpyxl | {pd_.wall:.2f} s / {v.wall:.2f} s = "
            f"{r:.1f}× | {cpu_ratio(pd_, v)} | "
            + verdict(r >= 10, "" if r >= 10 else f"needs validate ≤ {pd_.wall / 10:.2f} s")
            + " |"
        )
    if v and v.wall and fr and fr.wall:
        r = fr.wall / v.wall
        add(
            f"| validate ≥ 5× faster than `frictionless validate` | {fr.wall:.2f} s / {v.wall:.2f} s"
            f" = {r:.1f}× | {cpu_ratio(fr, v)} | "
            + verdict(r >= 5, "" if r >= 5 else f"needs validate ≤ {fr.wall / 5:.2f} s")
            + " |"
        )
    if one and one.wall:
        add(
            f"| consolidate one province ({one.files} files) < 2 s | {one.wall:.2f} s | "
            f"{fmt(one.cpu)} s CPU | "
            + verdict(one.wall < 2, "" if one.wall < 2 else f"{one.wall - 2:.2f} s over")
            + " |"
        )
    if hp and hp.wall:
        add(
            f"| `bgindex --help` < 0.5 s | {hp.wall:.3f} s | {fmt(hp.cpu, 3)} s CPU | "
            + verdict(hp.wall < 0.5, "" if hp.wall < 0.5 else f"{hp.wall - 0.5:.2f} s over")
            + " |"
        )
    if v and v.peak_mb:
        add(
            f"| peak memory < 500 MB at N = {n:,} | {v.peak_mb:.0f} MB (validate, process tree) | | "
            + verdict(v.peak_mb < 500, "" if v.peak_mb < 500 else f"{v.peak_mb - 500:.0f} MB over")
            + " |"
        )
    add("")
    add("## Scaling")
    add("")
    add(
        "| files | bgindex validate s | CPU s | files/s | s per 1,000 files | peak MB | floor s "
        "| floor 2-proc s | pandas s | frictionless s |"
    )
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for ds in scale:
        k = len(ds.files)
        vv = ms.get(f"validate@{k}")

        def w(key: str) -> str:
            m = ms.get(key)
            return fmt(m.wall) if m and m.wall else "—"

        per = vv.wall / k * 1000 if vv and vv.wall else None
        add(
            f"| {k:,} | {w(f'validate@{k}')} | {fmt(vv.cpu if vv else None)} | "
            f"{fmt(vv.rates if vv else None, 0)} | {fmt(per)} | "
            f"{fmt(vv.peak_mb if vv else None, 0)} | {w(f'floor@{k}')} | {w(f'floor2@{k}')} | "
            f"{w(f'pandas@{k}')} | {w(f'frictionless@{k}')} |"
        )
    pts = [
        (len(ds.files), ms[f"validate@{len(ds.files)}"].wall)
        for ds in scale
        if ms.get(f"validate@{len(ds.files)}") and ms[f"validate@{len(ds.files)}"].wall
    ]
    cpts = [
        (len(ds.files), ms[f"validate@{len(ds.files)}"].cpu)
        for ds in scale
        if ms.get(f"validate@{len(ds.files)}") and ms[f"validate@{len(ds.files)}"].cpu
    ]
    for what, points in (("wall time", pts), ("CPU time", cpts)):
        if len(points) < 3:
            continue
        (n0, t0), (n1, t1) = points[0], points[-1]
        slope = (t1 - t0) / (n1 - n0)
        fixed = t0 - slope * n0
        worst = max(abs(t - (fixed + slope * k)) / t for k, t in points[1:-1])
        add("")
        add(
            f"Linear fit of {what} through the end points: {fixed:.2f} s fixed + "
            f"{slope * 1000:.2f} s per 1,000 files; the middle point(s) lie within "
            f"{worst * 100:.0f} % of the line."
        )
    add("")
    add("## What holds the targets back")
    add("")
    add(HOLDS_BACK)
    for name, text in (profiles or {}).items():
        add(f"### Profile of `bgindex.core.validate.validate_file` ({name})")
        add("")
        add(
            f"`python benchmarks/profile_validate.py {head.root.relative_to(ROOT)}"
            + (f" --patch {name}" if name != "as is" else "")
            + "`"
        )
        add("")
        add("```")
        add(text)
        add("```")
        add("")
    add("## Notes")
    add("")
    add(
        f"- Runs: {repeat} per measurement at the largest N (the help command: at least 5); the "
        f"slower baselines at the smaller N and the every-province loop: {slow_repeat}. Runs of "
        "different commands are interleaved."
    )
    add(
        "- Data: `benchmarks/generate.py` fills the real templates "
        "(`bgindex.outputs.agency_template`) with varied valid values (parts within wholes, "
        "lead agency = sum of the cross-checking agencies, "
        "causes and documents present). The 40-agency catalogue is the shipped Bắc Giang profile "
        "with 30 districts instead of 10 (`benchmarks/work/*/catalog.toml`, passed as "
        "`--catalog`); the one-province target uses the shipped profile itself (20 agencies). "
        "Every bgindex run must exit 0 (all files valid, every indicator computed)."
    )
    add(
        "- bgindex validate / consolidate run with their default worker count "
        f"(`min(cores, files/8)` processes = {os.cpu_count()} here); stdout goes to /dev/null, "
        "so the text rendering is included."
    )
    add(
        "- Read floor: python-calamine `to_python(skip_empty_area=False)` of every sheet of every "
        "file, nothing else; ratios use the one-process floor as the issue defines it; the "
        "two-process floor is shown for reference."
    )
    add(
        '- pandas baseline: `pd.read_excel(path, sheet_name=None, engine="openpyxl")` per file, '
        "plus a count of negative figures in the data sheet, one process."
    )
    add(
        "- frictionless baseline: `frictionless validate datapackage.json` (one process, its "
        "default), one resource per file: sheet 'Số liệu', header row 4, schema "
        "`benchmarks/work/*/schema.json` (label required; both year columns `number` ≥ 0; a "
        "table schema cannot say integer for some rows only, nor part ≤ whole, nor find columns "
        "by header, nor read the other sheets — it checks less than bgindex)."
    )
    add(
        "- Consolidate every province: one `bgindex consolidate` process per province folder, "
        "run one after the other (the CLI loop; wall time and peak are for the whole loop, peak "
        "is the largest single consolidate)."
    )
    add(
        "- *other load*: the share of the machine's CPU (all cores) that processes other than the "
        "measured one used during the run (median over runs; from psutil's system CPU times minus "
        "the measured tree's own CPU). This machine is shared with other work: anything well above "
        "a few % means the wall time of that row is inflated; *best s* is the fastest run. "
        "*CPU s* (user + system of the whole tree, from wait4) moves much less with other load: "
        "the CPU ratios compare the work done; on an idle 2-core machine bgindex's wall time is "
        "about its CPU time / 2 (two workers), the one-process baselines' about their CPU time."
    )
    add(
        "- Peak memory sums the RSS of forked workers, which share pages with their parent: an "
        "upper bound of the real footprint."
    )
    return "\n".join(lines) + "\n"


def print_table(ms: list[Measure]) -> None:
    print(f"{'measurement':72} {'files':>6} {'runs':>4} {'wall s':>8} {'files/s':>8} {'peak MB':>8}")
    for m in ms:
        if not m.runs:
            continue
        print(
            f"{m.label[:72]:72} {m.files:>6} {len(m.runs):>4} {m.wall:>8.2f} "
            f"{(m.rates or 0):>8.0f} {m.peak_mb:>8.0f}" + (f"  exit {m.failed}" if m.failed else "")
        )


# ----------------------------------------------------------------------------- raw results
def save(
    path: Path,
    measures: list[Measure],
    scale: list[DataSet],
    head: DataSet,
    repeat: int,
    slow_repeat: int,
    quick: bool,
    has_fr: bool,
    psutil_ok: bool,
    profiles: dict[str, str] | None,
) -> None:
    data = {
        "info": machine(),
        "repeat": repeat,
        "slow_repeat": slow_repeat,
        "quick": quick,
        "has_frictionless": has_fr,
        "psutil": psutil_ok,
        "profiles": profiles or {},
        "scale": [str(d.root) for d in scale],
        "head": str(head.root),
        "measures": [
            {
                "key": m.key,
                "label": m.label,
                "files": m.files,
                "repeat": m.repeat,
                "runs": [vars(r) for r in m.runs],
            }
            for m in measures
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _dataset(root: str) -> DataSet:
    r = Path(root)
    cat = r / "catalog.toml"
    return DataSet(r.name, r, sorted(r.rglob("*.xlsx")), cat if cat.exists() else None)


def rerender(path: Path, results: Path | None) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    ms = {}
    for d in data["measures"]:
        m = Measure(d["key"], d["label"], [], ROOT, d["files"], d["repeat"])
        m.runs = [Run(**r) for r in d["runs"]]
        ms[m.key] = m
    scale = [_dataset(r) for r in data["scale"]]
    head = next(d for d in scale if str(d.root) == data["head"])
    text = report(
        ms,
        scale,
        head,
        data["info"],
        data["repeat"],
        data["slow_repeat"],
        data["quick"],
        data["has_frictionless"],
        data["psutil"],
        data["profiles"],
    )
    out = results or (WORK / "RESULTS-quick.md" if data["quick"] else HERE / "RESULTS.md")
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="~100 files, one run each (CI smoke)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per measurement (default 3)")
    ap.add_argument(
        "--slow-repeat",
        type=int,
        default=1,
        help="runs of the slow baselines at the smaller N and of the every-province loop (default 1)",
    )
    ap.add_argument("--provinces", type=int, default=63)
    ap.add_argument("--agencies", type=int, default=40)
    ap.add_argument(
        "--scale",
        type=str,
        default="250,1000",
        help="smaller N for the scaling table, comma-separated (default 250,1000)",
    )
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument(
        "--only",
        type=str,
        default=None,
        help="comma-separated measurement keys to run (e.g. validate,floor,help)",
    )
    ap.add_argument(
        "--no-profile", action="store_true", help="skip the in-process profile of validate_file at the end"
    )
    ap.add_argument(
        "--report-only",
        type=Path,
        default=None,
        metavar="JSON",
        help="re-render the results from a saved benchmarks/work/results-*.json",
    )
    ap.add_argument(
        "--results",
        type=Path,
        default=None,
        help="where to write the results (default benchmarks/RESULTS.md; quick runs: "
        "benchmarks/work/RESULTS-quick.md)",
    )
    args = ap.parse_args(argv)
    if args.report_only:
        return rerender(args.report_only, args.results)
    if args.quick:
        args.provinces, scale_n = 3, [50]
        args.repeat = args.repeat or 1
        total = 100
    else:
        scale_n = [int(x) for x in args.scale.split(",") if x.strip()]
        total = args.provinces * args.agencies
    repeat = args.repeat or 3
    results = args.results or (WORK / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    WORK.mkdir(parents=True, exist_ok=True)
    psutil_ok = ensure("psutil", "psutil")
    ensure("pandas", "pandas>=2.1")  # the pandas + openpyxl baseline (the `bench` extra)
    has_fr = shutil.which("frictionless") is not None or ensure("frictionless", "frictionless[excel]")
    if has_fr:
        has_fr = (
            shutil.which("frictionless") is not None
            or (Path(sys.executable).parent / "frictionless").exists()
        )

    t0 = time.perf_counter()
    tag = "quick" if args.quick else "full"
    head = make_set(
        f"{tag}-n{total}", args.provinces, args.agencies, total if args.quick else None, args.seed
    )
    scale = [make_set(f"{tag}-n{k}", 0, args.agencies, k, args.seed) for k in scale_n if k < total]
    scale.append(head)
    real = make_set(f"{tag}-bac-giang", 1, generate.REAL_AGENCIES, None, args.seed)
    print(
        f"data ready in {time.perf_counter() - t0:.1f} s: "
        + ", ".join(f"{len(d.files)} files" for d in scale),
        file=sys.stderr,
    )
    sets = {d.name: d for d in [*scale, real]}
    measures = plan(sets, scale, head, real, repeat, args.slow_repeat if not args.quick else 1, has_fr)
    if args.only:
        keep = {k.strip() for k in args.only.split(",")}
        measures = [m for m in measures if m.key.split("@")[0] in keep or m.key in keep]
    log = WORK / "run-stderr.log"
    log.write_text("", encoding="utf-8")
    for r in range(max(m.repeat for m in measures)):
        for m in measures:
            if r < m.repeat:
                run = execute(m, log)
                m.runs.append(run)
                print(
                    f"[{r + 1}] {m.key:24} {run.wall:8.3f} s cpu {run.cpu:8.2f} s "
                    f"{run.peak_mb:7.0f} MB rc={run.rc} "
                    f"other load {run.other * 100:3.0f} %",
                    file=sys.stderr,
                    flush=True,
                )
    by_key = {m.key: m for m in measures}
    print_table(measures)
    profiles = None if args.no_profile else profile(head, 50 if args.quick else 200)
    text = report(
        by_key, scale, head, machine(), repeat, args.slow_repeat, args.quick, has_fr, psutil_ok, profiles
    )
    results.write_text(text, encoding="utf-8")
    save(
        WORK / f"results-{tag}.json",
        measures,
        scale,
        head,
        repeat,
        args.slow_repeat,
        args.quick,
        has_fr,
        psutil_ok,
        profiles,
    )
    print(f"\nwrote {results} ({time.perf_counter() - t0:.0f} s in all)", file=sys.stderr)
    bad = [m.key for m in measures if m.failed and m.key.startswith(("validate", "consolidate"))]
    if bad:
        print(f"unexpected exit codes: {bad} (see {log})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
