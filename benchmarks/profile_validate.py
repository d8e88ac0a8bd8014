"""Where the time of `bgindex validate` goes, per file, and what prototype speed-ups would gain.

    python benchmarks/profile_validate.py DIR [--files 200] [--catalog TOML] [--cprofile]
    python benchmarks/profile_validate.py DIR --patch memo,expat   # with prototype speed-ups

Runs in one process on the first `--files` workbooks under DIR (e.g. benchmarks/work/full-n2520):
phase by phase timing of `bgindex.core.validate.validate_file` (hash, pre-scan, calamine open, reading,
rules, result objects), the cost of sending a result back from a worker (pickle), of the parent's
rendering, and the pool's overhead (`validate_files` with 1 and 2 workers against the plain loop).

The `--patch` prototypes never touch src/: they monkeypatch this process only.
- memo:  memoise Catalog.variables_for / indicators_for / reporters / checks_for /
         active_indicators / indicator_agencies per (agency, year) - they are recomputed for every
         row of every file today.
- lazyscan: scan a sheet's XML only when bgindex loads that sheet (Book.sheet), not every sheet
         up front (the guide sheet is never read); prototype of the idea, measured only in-process.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pickle
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# CPU time of this process: the machine may be shared, CPU time is what contention changes least.
_clock = time.process_time


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


# ----------------------------------------------------------------------------- prototypes


def patch_memo() -> None:
    """Memoise the catalogue's assignment questions (the catalogue is not changed after loading)."""
    from bgindex.catalog.model import Catalog

    def memo(name: str, key: Callable[..., Any]) -> None:
        original = getattr(Catalog, name)
        store: dict[Any, Any] = {}

        def wrapper(self: Any, *args: Any) -> Any:
            k = (id(self), key(*args))
            try:
                return store[k]
            except KeyError:
                store[k] = value = original(self, *args)
                return value

        wrapper.__name__ = name
        setattr(Catalog, name, wrapper)

    memo("variables_for", lambda agency, year: (agency, year))
    memo("indicators_for", lambda agency, year: (agency, year))
    memo("checks_for", lambda agency, year: (agency, year))
    memo("reporters", lambda variable, year: (variable, year))
    memo("active_indicators", lambda year: year)
    memo("indicator_agencies", lambda ind: ind.code)


def patch_lazyscan() -> None:
    """Scan sheet XML only for the sheets bgindex loads (prototype: rescans on Book.sheet)."""
    import zipfile

    from bgindex import safety, workbook

    real = safety._scan_sheet_xml
    skipped: dict[str, tuple[str, str]] = {}

    class _Deferred:
        elements = 0  # safety._scan_xlsx keeps an element budget across sheets

    def defer(zf: zipfile.ZipFile, part: str, name: str, *rest: Any) -> Any:
        skipped[name] = (zf.filename, part, rest)
        return _Deferred()

    orig_scan_xlsx = safety._scan_xlsx

    def scan_xlsx(zf: zipfile.ZipFile, names: set[str], result: Any) -> None:
        safety._scan_sheet_xml = defer
        try:
            orig_scan_xlsx(zf, names, result)
        finally:
            safety._scan_sheet_xml = real
        result.sheets = {k: v for k, v in result.sheets.items() if not isinstance(v, _Deferred)}
        result._deferred = dict(skipped)
        skipped.clear()

    safety._scan_xlsx = scan_xlsx
    orig_sheet = workbook.Book.sheet

    def sheet(self: Any, name: str) -> Any:
        deferred = getattr(self.inspection, "_deferred", {})
        if name in deferred and name not in self.inspection.sheets:
            path, part, rest = deferred[name]
            with zipfile.ZipFile(path) as zf:
                self.inspection.sheets[name] = safety._scan_sheet_xml(zf, part, name, *rest)
        return orig_sheet(self, name)

    workbook.Book.sheet = sheet


PATCHES = {"memo": patch_memo, "lazyscan": patch_lazyscan}


# ----------------------------------------------------------------------------- phases
def phases(files: list[Path], catalog: Any, year: int) -> dict[str, float]:
    """Seconds per phase over all files, mirroring validate_file step by step."""
    from bgindex.core import validate as V
    from bgindex.core.rules import check_report
    from bgindex.intake.inspect import inspect_file
    from bgindex.model.reports import FileReport
    from bgindex.reading.book import Book
    from bgindex.reading.reader import read_report

    t: dict[str, float] = defaultdict(float)
    real_sheet = Book.sheet

    def timed_sheet(self: Any, name: str) -> Any:
        cached = name in self._cache
        s = _clock()
        try:
            return real_sheet(self, name)
        finally:
            if not cached:
                t["calamine sheet load (inside reading)"] += _clock() - s

    Book.sheet = timed_sheet
    try:
        for path in files:
            label = str(path)
            s = _clock()
            out = FileReport(file=label, status="valid", sha256=V._sha256(path))
            t["sha256 + FileReport"] += _clock() - s
            s = _clock()
            inspection = inspect_file(path)
            t["pre-scan (safety.inspect_file)"] += _clock() - s
            s = _clock()
            book = Book(str(path), inspection)
            t["calamine open (Book)"] += _clock() - s
            s = _clock()
            report, issues = read_report(book, catalog, label, year)
            book.close()
            t["reading.read_report (incl. sheet loads)"] += _clock() - s
            s = _clock()
            out.issues += issues
            out.issues += check_report(report, catalog, label)
            t["rules.check_report"] += _clock() - s
            s = _clock()
            out.report = report
            out.agency, out.year = report.agency, report.year
            out.report_date = report.info.report_date
            V._finish(out)
            t["finish"] += _clock() - s
            s = _clock()
            blob = pickle.dumps(out, pickle.HIGHEST_PROTOCOL)
            t["pickle.dumps (worker)"] += _clock() - s
            s = _clock()
            pickle.loads(blob)
            t["pickle.loads (parent)"] += _clock() - s
            t["_bytes"] += len(blob)
    finally:
        Book.sheet = real_sheet
    t["reading.read_report (excl. sheet loads)"] = (
        t.pop("reading.read_report (incl. sheet loads)") - t["calamine sheet load (inside reading)"]
    )
    return t


def pool_and_render(files: list[Path], catalog: Any, year: int) -> dict[str, float]:
    from rich.console import Console

    from bgindex.cli.validate_view import print_validation
    from bgindex.core.validate import summarize, validate_file, validate_files
    from bgindex.model.reports import ValidationResult

    out: dict[str, float] = {}
    s = _clock()
    reports = [validate_file(p, catalog, year) for p in files]
    out["plain loop, 1 process"] = _clock() - s
    for w in (1, 2):
        s, c, wall = _clock(), _children_cpu(), time.perf_counter()
        validate_files(files, catalog, year, workers=w)
        out[f"validate_files, {w} worker(s): parent CPU"] = _clock() - s
        out[f"validate_files, {w} worker(s): workers CPU"] = _children_cpu() - c
        out[f"validate_files, {w} worker(s): wall"] = time.perf_counter() - wall
    s = _clock()
    summary, code = summarize(reports)
    result = ValidationResult(
        catalog=catalog.profile.id, year=year, files=reports, summary=summary, exit_code=code
    )
    out["ValidationResult"] = _clock() - s
    s = _clock()
    print_validation(result, Console(file=io.StringIO(), width=150, highlight=False, soft_wrap=False))
    out["render table (rich, parent)"] = _clock() - s
    s = _clock()
    result.model_dump_json(indent=2)
    out["render json"] = _clock() - s
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument(
        "--catalog",
        type=Path,
        default=None,
        help="default: DIR/catalog.toml if present, else the shipped one",
    )
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--patch", type=str, default="", help="comma-separated: memo, lazyscan")
    ap.add_argument("--cprofile", action="store_true", help="also print a cProfile summary")
    ap.add_argument("--no-pool", action="store_true", help="skip the pool / rendering timings")
    args = ap.parse_args(argv)
    for name in filter(None, args.patch.split(",")):
        PATCHES[name.strip()]()
    from bgindex.catalog import load_catalog
    from bgindex.core.validate import collect_files, validate_file

    cat_path = args.catalog or (args.dir / "catalog.toml" if (args.dir / "catalog.toml").exists() else None)
    catalog = load_catalog(cat_path)
    files = collect_files([args.dir])[: args.files]
    for p in files[:5]:  # warm up imports and caches
        validate_file(p, catalog, args.year)
    # correctness: same statuses and issue codes as without patches is checked by the caller
    bad = [r for r in (validate_file(p, catalog, args.year) for p in files) if r.status != "valid"]
    if bad:
        print(
            f"WARNING: {len(bad)} files not valid, e.g. {bad[0].file}: {[i.code for i in bad[0].issues][:5]}",
            file=sys.stderr,
        )
    loops = []
    for _ in range(3):
        s = _clock()
        for p in files:
            validate_file(p, catalog, args.year)
        loops.append(_clock() - s)
    per = statistics.median(loops) / len(files) * 1000
    print(
        f"validate_file in one process: {per:.2f} ms CPU per file (median of 3 loops over "
        f"{len(files)} files){' with ' + args.patch if args.patch else ''}"
    )
    t = phases(files, catalog, args.year)
    nbytes = t.pop("_bytes")
    total = sum(t.values())
    print(
        f"\nphase breakdown ({len(files)} files, ms per file; pickle size "
        f"{nbytes / len(files) / 1024:.1f} KiB per result):"
    )
    for k, v in sorted(t.items(), key=lambda kv: -kv[1]):
        print(f"  {k:45} {v / len(files) * 1000:7.2f}  {v / total * 100:5.1f} %")
    if not args.no_pool:
        print("\nprocess pool and parent side (CPU seconds unless 'wall', for all files):")
        for k, v in pool_and_render(files, catalog, args.year).items():
            print(f"  {k:45} {v:7.2f}  ({v / len(files) * 1000:.2f} ms per file)")
    if args.cprofile:
        pr = cProfile.Profile()
        pr.enable()
        for p in files:
            validate_file(p, catalog, args.year)
        pr.disable()
        st = pstats.Stats(pr)
        st.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
