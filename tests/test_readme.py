"""The README's ```bash blocks run as written, in order, in a temporary folder holding a copy of
data/samples/ (as an officer's working folder would after the README's own copy step)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
EXPECTED = re.compile(r"#\s*mã thoát (\d+)")
INSTALL = "python3 -m pip install . && "  # the package is installed already where the tests run


def _blocks(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]


def _commands(block: str) -> list[tuple[str, int]]:
    """Each command of a block (continued lines joined) with the exit code its comment expects."""
    out, pending = [], ""
    for line in block.splitlines():
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        line = pending + line
        pending = ""
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = EXPECTED.search(line)
        out.append((line.removeprefix(INSTALL), int(m.group(1)) if m else 0))
    return out


def test_readme_shell_blocks_run_as_written(tmp_path):
    work = tmp_path / "so-tnmt"
    shutil.copytree(ROOT / "data" / "samples", work / "data" / "samples")
    # the synthetic year of the new Bắc Ninh is made by the sample script, run from a source folder
    shutil.copytree(ROOT / "scripts", work / "scripts")
    shutil.copytree(ROOT / "data" / "reference", work / "data" / "reference")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "bgindex"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m bgindex "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("COLUMNS", None)
    ran = 0
    for lang, body in _blocks((ROOT / "README.md").read_text(encoding="utf-8")):
        if lang == "toml" and body.startswith("# bgindex.toml"):
            (work / "bgindex.toml").write_text(body, encoding="utf-8")  # the settings file as shown
        if lang != "bash":
            continue
        for command, expected in _commands(body):
            if command.startswith("bash .ci/run"):
                continue  # the README's test command: it is what runs this test
            run = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True)
            assert run.returncode == expected, (
                command,
                run.returncode,
                run.stdout[-2000:],
                run.stderr[-2000:],
            )
            ran += 1
    assert ran >= 10
    assert (work / "ket-qua" / "2024" / "ket-qua-2024.xlsx").is_file()


def test_commands_are_split_with_their_expected_codes():
    block = "bgindex a \\\n  --b c\n# comment\nbgindex d   # mã thoát 1\n"
    assert _commands(block) == [("bgindex a    --b c", 0), ("bgindex d   # mã thoát 1", 1)]
