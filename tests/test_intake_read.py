"""Each untrusted file is read once, after its size is checked: the hash, the scan and the parser
share the same bytes; unreadable files and the names a folder skips are reported."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from helpers import zip_bytes
from openpyxl import load_workbook

import bgindex.core.validate as validate_mod
import bgindex.intake.inspect as inspect_mod
from bgindex.catalog import load_catalog
from bgindex.core.validate import validate_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "2024" / "bgindex-2024-HIEPHOA.xlsx"


def _values(report) -> dict:
    assert report.report is not None, [i.code for i in report.issues]
    return {k: v.value for k, v in report.report.values.items()}


def test_file_replaced_after_the_read_keeps_hash_and_values_together(tmp_path, monkeypatch):
    catalog = load_catalog()
    path = tmp_path / "nhan.xlsx"
    shutil.copy(SAMPLE, path)
    other = tmp_path / "khac.xlsx"
    shutil.copy(SAMPLE, other)
    wb = load_workbook(other)
    wb["Số liệu"]["E6"] = 987654
    wb.save(other)
    original = validate_file(path, catalog, 2024, label="f")
    replaced = validate_file(other, catalog, 2024, label="f")
    assert _values(original) != _values(replaced)  # the two versions are told apart

    real = validate_mod.inspect_file

    def read_then_replace(p):
        inspection = real(p)
        os.replace(other, path)  # another version lands after the one read, before the parse
        return inspection

    monkeypatch.setattr(validate_mod, "inspect_file", read_then_replace)
    report = validate_file(path, catalog, 2024, label="f")
    assert report.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest() == original.sha256
    assert _values(report) == _values(original)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == replaced.sha256  # the disk did change


@pytest.mark.skipif(sys.platform == "win32", reason="sparse files need an explicit flag on NTFS")
def test_huge_sparse_file_is_refused_before_any_read(tmp_path, monkeypatch):
    path = tmp_path / "40GB.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(40 * 1024**3)

    def no_read(*args, **kwargs):
        raise AssertionError("a file above the size limit was opened")

    monkeypatch.setattr(inspect_mod, "open", no_read, raising=False)
    monkeypatch.setattr(validate_mod.hashlib, "sha256", no_read)
    started = time.monotonic()
    report = validate_file(path, load_catalog(), 2024)
    assert time.monotonic() - started < 2
    assert [i.code for i in report.issues] == ["E_FILE_TOO_LARGE"]
    assert report.sha256 is None
    assert validate_mod._sha256(path) is None  # nor when a worker died on it


def test_unreadable_file_is_not_called_missing(tmp_path, monkeypatch):
    path = tmp_path / "khoa.xlsx"
    shutil.copy(SAMPLE, path)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inspect_mod, "open", denied, raising=False)
    report = validate_file(path, load_catalog(), 2024)
    assert [i.code for i in report.issues] == ["E_FILE_NO_ACCESS"]
    assert "không có quyền đọc tệp" in report.issues[0].message.lower()
    assert report.status == "unreadable"


def test_folder_lists_the_names_it_does_not_read(tmp_path):
    from rich.console import Console

    from bgindex.cli.validate_view import print_validation
    from bgindex.core.validate import collect_files, validate

    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "hop-le.xlsx")
    shutil.copy(SAMPLE, folder / "~$hop-le.xlsx")
    shutil.copy(SAMPLE, folder / "..an.xlsx")
    (folder / "ghi-chu.txt").write_text("không phải bảng tính", encoding="utf-8")
    expected = {"~$hop-le.xlsx": "tệp khóa", "..an.xlsx": "tệp ẩn"}
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "ong.xlsx")
        expected["ong.xlsx"] = "không phải tệp thông thường"
    skipped: list = []
    assert collect_files([folder], skipped) == [folder / "hop-le.xlsx"]
    assert {Path(s.file).name: s.reason for s in skipped}.keys() == expected.keys()
    for s in skipped:
        assert expected[Path(s.file).name] in s.reason

    result = validate([folder], year=2024, workers=1)
    assert [Path(f.file).name for f in result.files] == ["hop-le.xlsx"]
    assert {Path(s.file).name for s in result.skipped} == set(expected)
    console = Console(record=True, width=200)
    print_validation(result, console)
    text = console.export_text()
    for name in expected:
        assert f"Bỏ qua, không đọc: {folder / name}" in text

    from bgindex.core.consolidate import consolidate

    assert {Path(s.file).name for s in consolidate(folder, 2024, workers=1).skipped} == set(expected)


_zip = zip_bytes


def test_pictures_have_their_own_bound_other_members_do_not():
    from bgindex.intake.limits import MAX_MEMBER_UNCOMPRESSED
    from bgindex.intake.zip_container import CheckedZip
    from bgindex.model.errors import FileProblem

    big = bytes(MAX_MEMBER_UNCOMPRESSED + 1)  # stored: ratio 1, nothing like a bomb
    for name in ("xl/media/image1.png", "Pictures/1000000000.png"):
        with CheckedZip(_zip({"a.xml": b"<a/>", name: big})) as zf:
            assert zf.size(name) == len(big)
    with pytest.raises(FileProblem) as exc:
        CheckedZip(_zip({"a.xml": b"<a/>", "xl/embeddings/oleObject1.bin": big}))
    assert exc.value.code == "E_FILE_UNSAFE"


def test_stored_part_with_a_wrong_crc_is_corrupt():
    import struct

    from bgindex.intake.zip_container import CheckedZip
    from bgindex.model.errors import FileProblem

    data = bytearray(_zip({"xl/styles.xml": b"<styleSheet/>"}))
    struct.pack_into("<I", data, 14, struct.unpack_from("<I", data, 14)[0] ^ 1)  # local header CRC
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 16, struct.unpack_from("<I", data, central + 16)[0] ^ 1)
    with pytest.raises(FileProblem) as exc:
        CheckedZip(bytes(data))
    assert exc.value.code == "E_FILE_CORRUPT" and "CRC" in exc.value.params["detail"]
