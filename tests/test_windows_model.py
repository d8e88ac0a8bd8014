"""Every command under an imitation of Windows' process model (tests/windows_model/sitecustomize.py:
only spawn, no os.fork, no `resource`, no /proc) gives the answers it gives without it, and never
exit 4; on the samples and on the hostile-file corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import run_bgindex

from bgindex.intake.pool import choose_start_method
from bgindex.model.exits import ExitCode

pytestmark = pytest.mark.windows_model

ROOT = Path(__file__).resolve().parents[1]
MODEL = Path(__file__).parent / "windows_model"
SAMPLES = ROOT / "data" / "samples"


def model_env() -> dict[str, str | None]:
    """The environment of a subprocess that imitates Windows: the sitecustomize first on its path."""
    path = os.environ.get("PYTHONPATH")
    return {"PYTHONPATH": os.pathsep.join([str(MODEL), *([path] if path else [])])}


# name → the command's arguments given its output folder; run in this order (later ones read the
# results of earlier ones).
Command = Callable[[Path, dict[str, Path]], list[str]]
Y24, JSON = ["--year", "2024"], ["--format", "json"]
COMMANDS: dict[str, Command] = {
    "catalog": lambda out, c: ["catalog"],
    "catalog-json": lambda out, c: ["catalog", "--format", "json", "--year", "2024"],
    "template": lambda out, c: ["template", "--year", "2024", "--out", str(out / "bieu-mau")],
    "validate-samples": lambda out, c: ["validate", str(SAMPLES / "2024"), *Y24, *JSON],
    "validate-invalid": lambda out, c: ["validate", str(SAMPLES / "invalid"), *Y24, *JSON],
    "validate-annotate": lambda out, c: [
        "validate", str(SAMPLES / "invalid"), "--year", "2024", "--annotate", str(out / "chu-thich")
    ],
    "validate-corpus": lambda out, c: ["validate", *map(str, c.values()), *Y24, *JSON],
    "status-samples": lambda out, c: ["status", str(SAMPLES / "2024"), *Y24, *JSON],
    "status-corpus": lambda out, c: ["status", str(next(iter(c.values())).parent), "--year", "2024"],
    "consolidate-2023": lambda out, c: [
        "consolidate", str(SAMPLES / "2023"), "--year", "2023", "--out", str(out / "kq2023"),
        "--report-date", "01/03/2024", "--format", "xlsx", "--format", "json",
    ],
    "consolidate-2024": lambda out, c: [
        "consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(out / "kq2024"),
        "--previous", str(out / "kq2023" / "ket-qua-2023.xlsx"), "--report-date", "01/03/2025",
    ],
    "consolidate-corpus": lambda out, c: [
        "consolidate", str(next(iter(c.values())).parent), "--year", "2024", "--out", str(out / "kq-corpus"),
        "--report-date", "01/03/2025", "--format", "json", "-q",
    ],
    "diff-results": lambda out, c: [
        "diff", str(out / "kq2023" / "ket-qua-2023.xlsx"), str(out / "kq2024" / "ket-qua-2024.xlsx"),
        "--format", "json",
    ],
    "diff-folders": lambda out, c: ["diff", str(SAMPLES / "2023"), str(SAMPLES / "2024"), "--format", "json"],
}  # fmt: skip


Answers = dict[str, tuple[int, str, str]]


def _run_all(out: Path, corpus: dict[str, Path], env: dict[str, str | None]) -> Answers:
    out.mkdir(parents=True, exist_ok=True)
    answers: Answers = {}
    for name, args in COMMANDS.items():
        proc = run_bgindex(*args(out, corpus), env={"COLUMNS": "200", **env}, timeout=600)
        answers[name] = (proc.returncode, proc.stdout.replace(str(out), "<OUT>"), proc.stderr)
    answers["files"] = (0, "\n".join(sorted(str(p.relative_to(out)) for p in out.rglob("*"))), "")
    return answers


@pytest.fixture(scope="session")
def both_models(tmp_path_factory, corpus) -> tuple[Answers, Answers]:
    """Every command once as Linux runs it and once under the imitation, the two side by side."""
    base = tmp_path_factory.mktemp("models")
    with ThreadPoolExecutor(max_workers=2) as pool:
        linux = pool.submit(_run_all, base / "linux", corpus, {})
        windows = pool.submit(_run_all, base / "windows", corpus, model_env())
        return linux.result(), windows.result()


@pytest.mark.parametrize("name", [*COMMANDS, "files"])
def test_same_answers_without_fork_resource_or_proc(name, both_models):
    linux, windows = (answers[name] for answers in both_models)
    assert windows[0] != ExitCode.INTERNAL, windows[2]
    assert "không lường trước" not in windows[2]
    assert "Traceback" not in windows[2]
    assert windows[:2] == linux[:2]


def test_the_imitation_holds_in_the_subprocess():
    probe = (
        "import multiprocessing as mp, os, sys\n"
        "assert mp.get_all_start_methods() == ['spawn'], mp.get_all_start_methods()\n"
        "for m in ('fork', 'forkserver'):\n"
        "    for call in (mp.get_context, mp.set_start_method):\n"
        "        try:\n"
        "            call(m)\n"
        "        except ValueError:\n"
        "            pass\n"
        "        else:\n"
        "            sys.exit(f'{call.__name__}({m}) worked')\n"
        "assert not any(hasattr(os, n) for n in ('fork', 'forkpty', 'register_at_fork'))\n"
        "try:\n"
        "    import resource\n"
        "    sys.exit('resource imported')\n"
        "except ImportError:\n"
        "    pass\n"
        "from pathlib import Path\n"
        "for read in (lambda: open('/proc/self/status'), lambda: Path('/proc/self/status').read_text(),\n"
        "             lambda: os.open('/proc/self/status', os.O_RDONLY), lambda: os.listdir('/proc')):\n"
        "    try:\n"
        "        read()\n"
        "        sys.exit('read /proc')\n"
        "    except FileNotFoundError:\n"
        "        pass\n"
        "from bgindex.intake import pool\n"
        "print(pool.START_METHOD)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(model_env()["PYTHONPATH"])}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert proc.stdout.strip() == "spawn"


@pytest.mark.parametrize(
    ("platform", "available", "expected"),
    [
        ("linux", ["fork", "spawn", "forkserver"], "fork"),
        ("linux", ["spawn"], "spawn"),  # a Linux interpreter that offers no fork (the imitation)
        ("win32", ["spawn"], "spawn"),
        ("darwin", ["spawn", "fork", "forkserver"], "spawn"),  # macOS frameworks are not fork-safe
    ],
)
def test_start_method_follows_what_the_interpreter_offers(platform, available, expected):
    assert choose_start_method(platform, available) == expected


def test_the_desk_runs_under_windows_process_model(tmp_path: Path) -> None:
    """`bgindex serve` with only spawn: a drop of the samples and a broken file validated in spawned
    workers from the server's thread, the board, the consolidation."""
    from tests.desk_server import multipart, request, start, token

    samples = sorted((ROOT / "data" / "samples" / "2024").glob("*.xlsx"))
    broken = ROOT / "data" / "samples" / "invalid" / "loi-10-khong-phai-bieu-mau.xlsx"
    server = start(tmp_path, windows=True)
    try:
        secret = token(server)
        body, kind = multipart([(p.name, p.read_bytes()) for p in [*samples, broken]])
        headers = {"Origin": server.origin, "X-CSRF-Token": secret, "Content-Type": kind}
        drop = request(server, "POST", "/nam/2024/nhan-tep/luong", body=body, headers=headers, timeout=300)
        assert drop.status == 200 and drop.text.count("<tr") == 21
        assert "Đã nhận 20/20 đơn vị" in request(server, "GET", "/nam/2024/tinh-hinh").text
        headers = {"Origin": server.origin, "X-CSRF-Token": secret}
        done = request(server, "POST", "/nam/2024/tong-hop", headers=headers, timeout=300)
        assert done.status == 200 and "ket-qua/xlsx" in done.text
    finally:
        server.stop()
    assert server.process is not None and "Traceback" not in (
        server.process.stderr.read() if server.process.stderr else ""
    )
