"""bgindex.toml: the daily commands run without options, the command line wins, errors name the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import run_bgindex

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SETTINGS = """year = 2024
[folders]
received = "nhan-ve/{year}"
results = "ket-qua/{year}"
previous = "ket-qua/{previous_year}/ket-qua-{previous_year}.xlsx"
[signer]
name = "Nguyễn Văn An"
title = "GIÁM ĐỐC"
"""


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("so-tnmt")
    for year in (2023, 2024):
        shutil.copytree(SAMPLES / str(year), root / "nhan-ve" / str(year))
    (root / "bgindex.toml").write_text(SETTINGS, encoding="utf-8")
    return root


def test_daily_commands_need_no_options(office):
    first = run_bgindex("consolidate", "--year", "2023", "-q", cwd=office)  # the command line wins
    assert first.returncode == 0, first.stderr
    assert (office / "ket-qua" / "2023" / "ket-qua-2023.xlsx").is_file()
    run = run_bgindex("consolidate", "-q", cwd=office)
    assert run.returncode == 0, run.stderr
    report = (office / "ket-qua" / "2024" / "bao-cao-2024.md").read_text(encoding="utf-8")
    assert "Nguyễn Văn An" in report and "GIÁM ĐỐC" in report
    assert "ket-qua-2023.xlsx" in (office / "ket-qua" / "2024" / "ket-qua-2024.json").read_text(
        encoding="utf-8"
    )
    assert run_bgindex("status", "-q", cwd=office).returncode == 0
    assert run_bgindex("validate", "-q", cwd=office).stdout.startswith("Tổng cộng: 20 tệp")
    assert run_bgindex("diff", "-q", cwd=office).returncode == 0


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        ('year = "hai"\n', "year", "số nguyên"),
        ("year = 1890\n", "year", "quá nhỏ"),
        ('[folders]\nrecieved = "x"\n', "folders.recieved", "không được phép"),
        ("[folders\n", "(cú pháp TOML)", "dòng 1, cột 9"),
        ('[folders]\nreceived = "nhan-ve/{nam}"\n', "folders.received", "{year}"),
    ],
)
def test_errors_name_the_key_in_vietnamese(tmp_path, text, key, says):
    (tmp_path / "bgindex.toml").write_text(text, encoding="utf-8")
    run = run_bgindex("status", cwd=tmp_path)
    assert run.returncode == 2
    assert f"khóa {key}:" in run.stderr and says in run.stderr, run.stderr


def test_a_named_settings_file_and_a_missing_one(tmp_path, office):
    run = run_bgindex("--settings", str(office / "bgindex.toml"), "status", "-q", cwd=tmp_path)
    assert run.returncode == 0, run.stderr  # folders are taken relative to the settings file
    missing = run_bgindex("--settings", str(tmp_path / "khong-co.toml"), "status", cwd=tmp_path)
    assert missing.returncode == 2 and "không tìm thấy tệp thiết lập" in missing.stderr


def test_a_profile_by_name_and_the_signer_on_behalf(tmp_path):
    (tmp_path / "bgindex.toml").write_text('year = 2026\nprofile = "bac-giang"\n', encoding="utf-8")
    run = run_bgindex("catalog", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert '"id": "bac-giang-pepi-2019"' in run.stdout
    assert "CẢNH BÁO: năm báo cáo 2026" in run.stderr  # the profile named, outside its years: said
    both = 'profile = "bac-giang"\ncatalog = "khac.toml"\n'
    (tmp_path / "bgindex.toml").write_text(both, encoding="utf-8")
    refused = run_bgindex("catalog", cwd=tmp_path)
    assert refused.returncode == 2 and "chỉ ghi một trong hai khóa catalog và profile" in refused.stderr


def test_the_signer_on_behalf_reaches_the_report(tmp_path):
    shutil.copytree(SAMPLES / "2024", tmp_path / "nhan-ve" / "2024")
    signer = '[signer]\nname = "Trần Thị Bình"\ntitle = "PHÓ GIÁM ĐỐC"\nfor_line = "KT. GIÁM ĐỐC"\n'
    settings = 'year = 2024\n[folders]\nreceived = "nhan-ve/{year}"\nresults = "ket-qua/{year}"\n' + signer
    (tmp_path / "bgindex.toml").write_text(settings, encoding="utf-8")
    run = run_bgindex("consolidate", "-q", "--format", "md", "--report-date", "05/03/2025", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = (tmp_path / "ket-qua" / "2024" / "bao-cao-2024.md").read_text(encoding="utf-8")
    assert "KT. GIÁM ĐỐC" in report and "PHÓ GIÁM ĐỐC" in report and "Trần Thị Bình" in report
