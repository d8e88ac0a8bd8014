"""A year on the desk in a real browser: first upload to downloaded report (Playwright, Debian's Chromium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.desk_server import ROOT, start

chromium = shutil.which("chromium")
pytestmark = pytest.mark.skipif(chromium is None, reason="Chromium is not installed (.ci/run installs it)")

SAMPLES = sorted((ROOT / "data" / "samples" / "2024").glob("*.xlsx"))
INVALID = [
    ROOT / "data" / "samples" / "invalid" / name
    for name in ("loi-01-khong-phai-so.xlsx", "loi-02-so-am.xlsx", "loi-10-khong-phai-bieu-mau.xlsx")
]


def _not_blank(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        extrema = image.convert("L").getextrema()
    assert extrema[0] != extrema[1], f"{path.name} is one colour"


def test_a_year_from_first_upload_to_downloaded_report(tmp_path: Path) -> None:
    import docx
    import openpyxl
    from playwright.sync_api import sync_playwright

    server = start(tmp_path / "ban-lam-viec")
    shots = tmp_path / "anh"
    shots.mkdir()
    console: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium)
            page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
            page.on("console", lambda m: console.append(m.text))

            def shot(name: str) -> None:
                path = shots / f"{name}.png"
                page.screenshot(path=str(path), full_page=True)
                _not_blank(path)

            page.goto(server.origin + "/")
            shot("nam-bao-cao")
            page.fill("input[name=nam]", "2024")
            page.click("form button[type=submit]")
            page.wait_for_url("**/nam/2024/tinh-hinh")

            page.goto(server.origin + "/nam/2024/nhan-tep")
            page.set_input_files("#drop-input", [str(p) for p in SAMPLES])
            # a selector rather than wait_for_function: the page's CSP forbids the eval that one uses
            page.wait_for_selector("#drop-note:has-text('Xong: đã nhận và kiểm tra 20')", timeout=30_000)
            assert page.locator("#drop-rows tr").count() == 20
            page.set_input_files("#drop-input", [str(p) for p in INVALID])
            page.wait_for_selector("#drop-note:has-text('Xong: đã nhận và kiểm tra 3 ')", timeout=30_000)
            assert page.locator("#drop-rows tr").count() == 23
            assert page.locator("#drop-rows tr[data-outcome=errors]").count() >= 2
            shot("nhan-tep")

            page.goto(server.origin + "/nam/2024/tinh-hinh")
            assert "Đã nhận 20/20 đơn vị" in page.inner_text("#board-count")
            units = page.locator("tr.unit")
            assert units.count() == 20
            # uploaded today for 2024: late by arrival, with the date typed in the workbook beside it
            assert page.locator("tr.unit[data-timeliness=late]").count() == 20
            assert page.locator("tr.unit >> text=/muộn \\d+ ngày/").count() == 20
            tanyen = page.locator("tr.unit[data-agency=TANYEN]")
            assert tanyen.get_attribute("data-outcome") == "errors"
            assert "/20" in tanyen.inner_text() or "2025" in tanyen.inner_text()  # the typed report date
            page.check("input[name=loc]")
            page.wait_for_url("**loc=van-de**")
            shot("tinh-hinh")

            page.goto(server.origin + "/nam/2024/tinh-hinh")
            tanyen = page.locator("tr.unit[data-agency=TANYEN]")
            tanyen.locator("a", has_text="loi-01").click()
            page.wait_for_url("**/nam/2024/tep/*")
            assert page.locator("table.issues >> text=E_NOT_NUMBER").count() == 1
            assert page.locator("table.cells td.hit").count() >= 1
            shot("tep")
            with page.expect_download() as download:
                page.click("text=Tải bản chú thích (gửi lại đơn vị)")
            annotated = tmp_path / download.value.suggested_filename
            download.value.save_as(annotated)
            assert "Số liệu" in openpyxl.load_workbook(annotated).sheetnames

            page.goto(server.origin + "/nam/2024/tong-hop")
            page.click("#consolidate")
            page.wait_for_selector("#downloads a", timeout=30_000)
            assert page.locator("table.indicators tbody tr").count() >= 20
            shot("tong-hop")
            for label, kind in (("Bảng kết quả (Excel)", "xlsx"), ("Báo cáo (Word)", "docx")):
                with page.expect_download() as download:
                    page.click(f"text={label}")
                saved = tmp_path / download.value.suggested_filename
                download.value.save_as(saved)
                if kind == "xlsx":
                    assert len(openpyxl.load_workbook(saved).sheetnames) >= 3
                else:
                    assert "2024" in "\n".join(par.text for par in docx.Document(str(saved)).paragraphs)

            pages = (
                ("/nam/2024/danh-muc", "danh-muc", "Đơn vị báo cáo", 200),
                ("/so-sanh", "so-sanh", "So sánh kết quả", 200),
                ("/nam/2024/cong-van-nhac", "cong-van-nhac", "Công văn đôn đốc", 200),
                # no 2023 result in this workspace: the letters are refused with the library's reason
                ("/nam/2024/giai-trinh", "giai-trinh", "Không thực hiện được", 409),
            )
            for path, name, heading, status in pages:
                answer = page.goto(server.origin + path)
                assert answer is not None and answer.status == status, path
                assert heading in page.inner_text("main"), path
                shot(name)
            browser.close()
    finally:
        server.stop()
    violations = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert not violations, violations
