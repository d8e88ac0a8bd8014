"""The shared foundation: cell addresses, Vietnamese conventions, status vocabularies, exit codes."""

from __future__ import annotations

import datetime as dt
import typing

import pytest

from bgindex.model import status
from bgindex.model.a1 import address, col_index, col_letter, parse_address, split_address
from bgindex.model.exits import ExitCode
from bgindex.model.vn import ROMAN, long_date, vn_megabytes, vn_number, vn_plain
from bgindex.reading.layout import find_header


@pytest.mark.parametrize(
    ("ref", "row", "col"), [("A1", 0, 0), ("Z9", 8, 25), ("AA10", 9, 26), ("XFD1048576", 1048575, 16383)]
)
def test_addresses_round_trip(ref: str, row: int, col: int) -> None:
    assert parse_address(ref) == (row, col)
    assert address(row, col) == ref
    assert col_letter(col) + str(row + 1) == ref
    assert col_index(ref.rstrip("0123456789").lower()) == col


def test_addresses_beyond_the_sheet_are_clamped_and_bad_ones_refused() -> None:
    assert address(5_000_000, 99_999) == "XFD1048576"
    assert parse_address("$C$7") == (6, 2)
    assert split_address("b7") == (6, 1)
    for bad in ("A0", "7B", "", "ABCD1", "A1:B2"):
        assert split_address(bad) is None
        with pytest.raises(ValueError):
            parse_address(bad)


def test_vietnamese_conventions() -> None:
    assert vn_number(1234.5) == "1.234,5"
    assert vn_plain(48841.2) == "48841,2" and vn_plain(1234567.0) == "1234567"
    assert vn_megabytes(25 * 1024 * 1024) == "25,0 MB"
    # Nghị định 30/2020: days below 10 and months 1 and 2 take a leading zero
    assert long_date(dt.date(2025, 3, 5)) == "ngày 05 tháng 3 năm 2025"
    assert long_date(dt.date(2025, 2, 20)) == "ngày 20 tháng 02 năm 2025"
    assert long_date(dt.date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"
    assert ROMAN[:4] == ("I", "II", "III", "IV") and ROMAN[8] == "IX"


@pytest.mark.parametrize(
    ("vocabulary", "labels"),
    [
        (status.FileStatus, status.FILE_STATUS_VI),
        (status.FileFate, status.FILE_FATE_VI),
        (status.IndicatorStatus, status.INDICATOR_STATUS_VI),
        (status.Assessment, status.ASSESSMENT_VI),
        (status.Timeliness, status.TIMELINESS_VI),
        (status.Flag, status.FLAG_VI),
        (status.Trend, status.TREND_VI),
    ],
)
def test_every_status_has_a_vietnamese_label(vocabulary: object, labels: dict[str, str]) -> None:
    values = set(typing.get_args(vocabulary))
    assert values <= set(labels), values - set(labels)
    assert all(label.strip() for label in labels.values())


def test_exit_codes_are_the_documented_numbers() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 130, 143]


def test_header_row_found_by_labels_anywhere_in_the_first_rows() -> None:
    rows = [["Báo cáo"], [], ["", "  mã  ", "Tên", "Mã"], ["x", "Mã", "Năm 2024"]]
    assert find_header(rows, {"code": "Mã", "name": "Tên"}, ("code", "name")) == (2, {"code": 1, "name": 2})
    taken = find_header(rows, {"code": "Mã"}, ("code",), accept=lambda row, cols: "Năm 2024" in row)
    assert taken == (3, {"code": 1})
    assert find_header(rows, {"code": "Mã", "x": "Không có"}, ("code", "x")) is None
