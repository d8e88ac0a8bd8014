"""The consolidation page through a real `bgindex serve`: dated and signed as the officer types,
last year's result made elsewhere taken in (and a wrong one refused), then compared with."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from helpers import docx_text, run_bgindex
from tests.desk_server import ROOT, Server, multipart, request, start, token

SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="module")
def result_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ket-qua-2023.xlsx made on the command line from the 2023 samples."""
    out = tmp_path_factory.mktemp("kq-2023")
    done = run_bgindex("consolidate", str(SAMPLES / "2023"), "--year", "2023", "--out", str(out), "-q")
    assert done.returncode in (0, 1), done.stderr
    return out / "ket-qua-2023.xlsx"


def _post(server: Server, path: str, fields: dict[str, str] | None = None, files=None) -> str:
    headers = {"Origin": server.origin, "X-CSRF-Token": token(server)}
    if files is not None:
        body, kind = multipart(files)
    else:
        from urllib.parse import urlencode

        body, kind = urlencode(fields or {}).encode(), "application/x-www-form-urlencoded"
    answer = request(server, "POST", path, body=body, headers={**headers, "Content-Type": kind}, timeout=300)
    return f"{answer.status} {answer.text}"


def _drop(server: Server) -> None:
    files = [(p.name, p.read_bytes()) for p in sorted((SAMPLES / "2024").glob("*.xlsx"))]
    assert _post(server, "/nam/2024/nhan-tep/luong", files=files).startswith("200")


def test_last_years_result_is_taken_in_then_compared_with(tmp_path: Path, result_2023: Path) -> None:
    server = start(tmp_path)
    try:
        _drop(server)
        page = request(server, "GET", "/nam/2024/tong-hop").text
        assert "Chưa có kết quả tổng hợp năm 2023" in page and 'id="previous-form"' in page
        # a wrong file first: an agency's workbook is no consolidated result, nothing is stored
        agency_file = SAMPLES / "2023" / "bgindex-2023-SYT.xlsx"
        refused = _post(
            server, "/nam/2024/ket-qua-nam-truoc", files=[(agency_file.name, agency_file.read_bytes())]
        )
        assert refused.startswith("409") and "bgindex-2023-SYT.xlsx" in refused
        assert (
            str(tmp_path) not in refused.split('class="refusal"')[1].split("</div>")[0]
        )  # no temporary path
        assert not (tmp_path / "2023" / "ket-qua" / "ket-qua-2023.xlsx").exists()
        taken = _post(
            server, "/nam/2024/ket-qua-nam-truoc", files=[("ket-qua-2023.xlsx", result_2023.read_bytes())]
        )
        assert taken.startswith("200") and "Đã nhận kết quả tổng hợp năm 2023" in taken
        assert (tmp_path / "2023" / "ket-qua" / "ket-qua-2023.xlsx").read_bytes() == result_2023.read_bytes()
        # taken once: a second upload never replaces it
        again = _post(
            server, "/nam/2024/ket-qua-nam-truoc", files=[("ket-qua-2023.xlsx", result_2023.read_bytes())]
        )
        assert again.startswith("409") and "đã có kết quả tổng hợp năm 2023" in again
        done = _post(server, "/nam/2024/tong-hop", {"report_date": "05/03/2025"})
        assert done.startswith("200") and "So sánh với kết quả tổng hợp năm 2023" in done
        # the explanation letters now have last year's result to compare with
        letters = request(server, "GET", "/nam/2024/giai-trinh")
        assert letters.status == 200 and "Chưa có kết quả tổng hợp" not in letters.text
        # the comparison page: the pair asked for, and every indicator's trend over the years held
        compared = request(server, "GET", "/so-sanh?cu=2023&moi=2024").text
        trends = compared.split('id="trends"')[1].split("</table>")[0]
        assert "Năm 2023" in trends and "Năm 2024" in trends
        assert trends.count("<tr>") == 1 + 22  # the header and one row per indicator
        assert "<td>19</td>" in trends and "5,82" in trends and "4,93" in trends
    finally:
        server.stop()


def test_a_result_of_another_year_is_refused(tmp_path: Path, result_2023: Path) -> None:
    server = start(tmp_path)
    try:
        _drop(server)
        # on the 2025 page, last year is 2024: a 2023 result is not it
        refused = _post(server, "/nam/2025/ket-qua-nam-truoc", files=[("kq.xlsx", result_2023.read_bytes())])
        assert refused.startswith("409"), refused[:300]
        assert "không phải" in refused
        assert not (tmp_path / "2024" / "ket-qua").exists() or not any(
            (tmp_path / "2024" / "ket-qua").iterdir()
        )
    finally:
        server.stop()


def test_the_report_is_dated_and_signed_as_typed(tmp_path: Path) -> None:
    server = start(tmp_path)
    try:
        _drop(server)
        wrong = _post(server, "/nam/2024/tong-hop", {"report_date": "31/02/2025"})
        assert wrong.startswith("400") and "không phải ngày hợp lệ" in wrong
        assert not (tmp_path / "2024" / "ket-qua").exists() or not any(
            (tmp_path / "2024" / "ket-qua").iterdir()
        )
        fields = {
            "report_date": "05/03/2025",
            "signer_for": "KT. GIÁM ĐỐC",
            "signer_title": "PHÓ GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn Bình",
        }
        assert _post(server, "/nam/2024/tong-hop", fields).startswith("200")
        report = request(server, "GET", "/nam/2024/ket-qua/docx")
        assert report.status == 200
        text = docx_text(report.body)
        assert "ngày 05 tháng 3 năm 2025" in text
        assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Nguyễn Văn Bình" in text
        assert docx.Document(io.BytesIO(report.body)).paragraphs  # opens as a Word document
    finally:
        server.stop()
