"""Report templates are data: an officer's template reads the report's figures and can run nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bgindex.outputs.report_html import sandbox

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_2024 = ROOT / "data" / "samples" / "2024"


def _consolidate(out: Path, templates: Path, *formats: str) -> subprocess.CompletedProcess[str]:
    args = ["consolidate", str(SAMPLES_2024), "--year", "2024", "--out", str(out), "--quiet"]
    args += ["--templates", str(templates), "--report-date", "05/03/2025"]
    for fmt in formats:
        args += ["--format", fmt]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "bgindex", *args], capture_output=True, text=True, env=env, timeout=300
    )


def _attack(proof: Path) -> str:
    """What a malicious line in a template would do: reach `os` and create a file."""
    return "{{ cycler.__init__.__globals__.os.system('touch " + str(proof) + "') }}"


@pytest.mark.parametrize(
    "source",
    [
        "{{ cycler.__init__.__globals__.os }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
        "{% set x = [] %}{{ x.append(1) }}",
    ],
)
def test_the_sandbox_refuses_python_internals(source: str) -> None:
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        sandbox().from_string(source).render()


def test_the_sandbox_still_renders_reports() -> None:
    assert sandbox().from_string("{{ 1234.5 | num(2) }} · {{ ROMAN[1] }}").render() == "1.234,50 · II"
    # an officer's template of before the per-indicator precision passes the unit: the value as typed
    assert sandbox().from_string("{{ 1234.5 | num('ha') }}").render() == "1.234,5"


def test_a_hostile_markdown_template_runs_nothing(tmp_path: Path) -> None:
    proof = tmp_path / "da-chay-lenh"
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "bao-cao.md.j2").write_text("# Báo cáo\n" + _attack(proof) + "\n", encoding="utf-8")
    done = _consolidate(tmp_path / "kq", folder, "md")
    assert done.returncode == 2, done.stderr
    assert "bị từ chối" in done.stderr and "Traceback" not in done.stderr
    assert not proof.exists()
    assert not (tmp_path / "kq").exists() or not any((tmp_path / "kq").iterdir())


def test_a_hostile_word_template_runs_nothing(tmp_path: Path) -> None:
    import docx

    proof = tmp_path / "da-chay-lenh"
    folder = tmp_path / "mau"
    folder.mkdir()
    document = docx.Document()
    document.add_paragraph("BÁO CÁO " + _attack(proof))
    document.save(str(folder / "bao-cao.docx"))
    done = _consolidate(tmp_path / "kq", folder, "docx")
    assert done.returncode == 2, done.stderr
    assert "bị từ chối" in done.stderr
    assert not proof.exists()


def test_a_template_missing_from_the_officers_folder_is_the_shipped_one(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "bao-cao.md.j2").write_text("Mẫu riêng: {{ r.year }}\n", encoding="utf-8")
    out = tmp_path / "kq"
    done = _consolidate(out, folder, "md", "html")
    assert done.returncode == 0, done.stderr
    assert (out / "bao-cao-2024.md").read_text(encoding="utf-8") == "Mẫu riêng: 2024\n"
    assert "TÓM TẮT" in (out / "bao-cao-2024.html").read_text(encoding="utf-8")
