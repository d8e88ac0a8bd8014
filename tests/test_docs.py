"""README.md's generated blocks (command options, issue codes) match the code."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gen_docs.py"


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_is_up_to_date():
    gen = _gen_docs()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gen.render(text) == text, f"README.md is stale: run `{gen.FIX_COMMAND}`"


def test_blocks_name_every_command_option_and_code():
    from typer.main import get_command

    from bgindex.cli.app import app
    from bgindex.model.issues import TYPES

    gen = _gen_docs()
    options, codes = gen.options_block(), gen.issue_codes_block()
    group = get_command(app)
    ctx = group.make_context("bgindex", [], resilient_parsing=True)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert f"#### `bgindex {name}" in options
        for param in cmd.params:
            for opt in param.opts if param.param_type_name == "option" else ():
                assert f"`{opt}`" in options, (name, opt)
    assert [line.split("`")[1] for line in codes.splitlines() if line.startswith("| `")] == list(TYPES)
    assert "{" not in codes


def test_check_fails_on_a_stale_readme(tmp_path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = tmp_path / "README.md"
    stale.write_text(text.replace("| `E_NOT_NUMBER` |", "| `E_NOT_A_NUMBER` |"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--readme", str(stale)], capture_output=True, text=True
    )
    assert run.returncode == 1 and "python3 scripts/gen_docs.py" in run.stderr
    fresh = subprocess.run([sys.executable, str(SCRIPT), "--readme", str(stale)], capture_output=True)
    assert fresh.returncode == 0 and stale.read_text(encoding="utf-8") == text
