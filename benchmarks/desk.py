"""The desk's timings through a real `bgindex serve`: a drop of 20 files, the board, consolidation.

    python benchmarks/desk.py [--write]

1. the 20 samples of 2024 dropped at once (one request, as desk.js sends them) until all are
   validated, then the board fetched: wall time from the first byte sent to the board received;
2. the board of the synthetic Bắc Ninh 2025 (115 reporting units, scripts/make_samples.py
   --bac-ninh-2025) rendered by the server: median of five requests;
3. consolidation of the 20 samples from the page (the POST of the «Tổng hợp» button).
Targets (issue 16): under 3 s, under 300 ms, under 3 s. `--write` puts the table into
benchmarks/RESULTS.md between its desk markers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from start_methods import write_section  # noqa: E402
from tests.desk_server import multipart, request, start, token  # noqa: E402

SAMPLES = ROOT / "data" / "samples" / "2024"
BEGIN, END = "<!-- BEGIN desk -->", "<!-- END desk -->"


def _drop(server, year: int, paths: list[Path]) -> None:
    body, kind = multipart([(p.name, p.read_bytes()) for p in paths])
    headers = {"Origin": server.origin, "X-CSRF-Token": token(server), "Content-Type": kind}
    answer = request(server, "POST", f"/nam/{year}/nhan-tep/luong", body=body, headers=headers, timeout=600)
    assert answer.status == 200 and answer.text.count("<tr") == len(paths), answer.text[:300]


def _year_2024(root: Path, times: dict[str, list[float]], samples: list[Path]) -> None:
    """One fresh workspace: the 20 samples dropped at once, then the consolidation from the page."""
    server = start(root)
    try:
        start_time = time.perf_counter()
        _drop(server, 2024, samples)
        board = request(server, "GET", "/nam/2024/tinh-hinh")
        times["drop"].append(time.perf_counter() - start_time)
        assert "Đã nhận 20/20 đơn vị" in board.text
        headers = {"Origin": server.origin, "X-CSRF-Token": token(server)}
        start_time = time.perf_counter()
        done = request(server, "POST", "/nam/2024/tong-hop", headers=headers, timeout=600)
        times["consolidate"].append(time.perf_counter() - start_time)
        assert done.status == 200 and "ket-qua/xlsx" in done.text, done.text[:300]
    finally:
        server.stop()


def measure(runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"drop": [], "board": [], "consolidate": []}
    samples = sorted(SAMPLES.glob("*.xlsx"))
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            _year_2024(Path(tmp) / f"ban-lam-viec-{run}", times, samples)
        year_2025 = Path(tmp) / "bac-ninh-2025"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--bac-ninh-2025", str(year_2025)],
            check=True,
            capture_output=True,
            env={"PYTHONPATH": str(ROOT / "src")},
        )
        units = sorted(p for p in year_2025.rglob("*") if p.suffix in (".xlsx", ".xls", ".ods"))
        server = start(Path(tmp) / "ban-lam-viec-2025")
        try:
            _drop(server, 2025, units)
            request(server, "GET", "/nam/2025/tinh-hinh")  # templates compiled, caches warm
            for _ in range(max(5, runs)):
                start_time = time.perf_counter()
                board = request(server, "GET", "/nam/2025/tinh-hinh")
                times["board"].append(time.perf_counter() - start_time)
            assert board.text.count('class="unit"') >= 100, board.text.count('class="unit"')
        finally:
            server.stop()
    return times


def table(times: dict[str, list[float]]) -> str:
    rows = [
        ("20 samples dropped at once → validated, board received", "drop", 3.0),
        ("board of Bắc Ninh 2025 (its 115 files received) rendered", "board", 0.3),
        ("consolidation of the 20 samples from the page", "consolidate", 3.0),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    out = [
        f"Measured by `python benchmarks/desk.py` on {time.strftime('%Y-%m-%d %H:%M')}: wall time seen by an "
        f"HTTP client of a real `bgindex serve`, median (and worst) of the runs; {os.cpu_count()} cores, "
        f"load average {load:.2f} after the runs.",
        "",
        "| measurement | median | worst | runs | target |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key, target in rows:

        def shown(t: float, ms: bool = target < 1) -> str:
            return f"{t * 1000:.0f} ms" if ms else f"{t:.2f} s"

        goal = f"< {target * 1000:.0f} ms" if target < 1 else f"< {target:.0f} s"
        cells = [
            label,
            shown(statistics.median(times[key])),
            shown(max(times[key])),
            str(len(times[key])),
            goal,
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="put the table into benchmarks/RESULTS.md")
    ap.add_argument("--runs", type=int, default=5, help="fresh workspaces for the drop and the consolidation")
    args = ap.parse_args()
    text = table(measure(args.runs))
    print(text)
    if args.write:
        write_section(text, "The desk (bgindex serve)", BEGIN, END)


if __name__ == "__main__":
    main()
