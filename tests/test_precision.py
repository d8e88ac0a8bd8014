"""Every figure of an indicator is written at the decimals its catalogue declares, the same in the
JSON's `decimals`, the Markdown, HTML and Word report, the result workbook, the charts and the letters."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import docx
import pytest
from conftest import SAMPLES
from helpers import chart_figures, edited_2024, run_bgindex
from openpyxl import load_workbook

from bgindex.catalog.loading import CatalogError, parse_catalog
from bgindex.catalog.model import Catalog
from bgindex.core.consolidate import consolidate
from bgindex.model.vn import indicator_change, indicator_number
from bgindex.outputs.charts import catalogue
from bgindex.outputs.charts import draw as C

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"[+−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("kq2024")
    done = run_bgindex(
        "consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(target), "-q",
        "--format", "json", "--format", "md", "--format", "html", "--format", "docx", "--format", "xlsx",
        "--report-date", "05/03/2025",
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return target


@pytest.fixture(scope="module")
def data(out: Path) -> dict:
    return json.loads((out / "ket-qua-2024.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def texts(out: Path) -> dict[str, str]:
    page = html.unescape(re.sub(r"<[^>]+>", " ", (out / "bao-cao-2024.html").read_text(encoding="utf-8")))
    word = docx.Document(str(out / "bao-cao-2024.docx"))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return {
        "md": (out / "bao-cao-2024.md").read_text(encoding="utf-8").replace("\\", ""),
        "html": page,
        "docx": "\n".join([p.text for p in word.paragraphs] + cells),
    }


def _figures(i: dict) -> list[str]:
    d = i["decimals"]
    values = [indicator_number(i[key], d) for key in ("value", "previous")]
    return [*values, indicator_change(i["change"], d)]


def test_the_json_says_each_indicator_s_precision(data, catalog: Catalog):
    for i in data["indicators"]:
        assert i["decimals"] == catalog.indicator_by_code[i["code"]].decimals
        assert isinstance(i["value"], float)  # the JSON keeps full precision
    i22 = next(i for i in data["indicators"] if i["code"] == "22")
    assert i22["decimals"] == 3 and i22["value"] != round(i22["value"], 3)
    i21 = next(i for i in data["indicators"] if i["code"] == "21")
    assert i21["secondary"]["decimals"] == 2


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_report_writes_each_figure_at_its_indicator_s_decimals(data, texts, fmt):
    text = texts[fmt]
    for i in data["indicators"]:
        for figure in _figures(i):
            assert figure in text, (fmt, i["code"], figure)
    # indicator 22 at 3 decimals, and at no other precision
    assert "0,082" in text and "0,104" in text and "+0,022" in text
    assert not re.search(r"0,0820|0,1038|0,10(?![\d])|0,0218", text)


def test_a_rate_s_change_is_in_percentage_points_with_the_relative_change_beside(data, texts):
    i01 = next(i for i in data["indicators"] if i["code"] == "01")
    said = f"{indicator_change(i01['change'], 2)} điểm phần trăm (+16,8 %)"
    for fmt in ("md", "html", "docx"):
        assert said in " ".join(texts[fmt].split()), fmt


def test_a_table_column_never_mixes_precisions(texts, data):
    """The report's table of indicators: each row's three figures have the row's decimals."""
    rows = [line for line in texts["md"].splitlines() if re.match(r"\| \d+ \| \d\d \|", line)]
    decimals = {i["code"]: i["decimals"] for i in data["indicators"]}
    assert len(rows) == len(decimals)
    for row in rows:
        cells = [c.strip() for c in row.split("|")]
        code, figures = cells[2], cells[5:8]
        for f in figures:
            assert re.fullmatch(NUMBER, f), row
            assert len(f.partition(",")[2]) == decimals[code], row


def test_result_workbook_rows_have_their_indicator_s_decimals(out, data):
    ws = load_workbook(out / "ket-qua-2024.xlsx")["Chỉ số"]
    decimals = {i["code"]: i["decimals"] for i in data["indicators"]}
    seen = 0
    for row in ws.iter_rows(min_row=4):
        code = row[0].value
        if code not in decimals:
            continue
        seen += 1
        want = "#,##0" + ("." + "0" * decimals[code] if decimals[code] else "")
        for cell in row[3:6]:
            if isinstance(cell.value, float | int):
                assert cell.number_format == want, (code, cell.coordinate, cell.number_format)
    assert seen == len(decimals)


def test_chart_of_indicator_22_writes_three_decimals(monkeypatch, catalog):
    result = consolidate(SAMPLES / "2024", 2024, catalog, report_date=dt.date(2025, 3, 5))
    figs = chart_figures(monkeypatch, lambda: catalogue.render_charts(result, "png"))
    fig = next(f for f in figs.values() if any(t.get_text() == "0,082" for t in f.texts))  # type: ignore[attr-defined]
    values = {t.get_text() for t in fig.texts if t.get_fontsize() == C.VALUE_SIZE}  # type: ignore[attr-defined]
    assert {"0,082", "0,104"} <= values
    assert not values & {"0,0820", "0,1038", "0,08", "0,10"}
    # the ticks of an axis share one precision, the one its step needs (0,00 0,02 … 0,10)
    assert C.tick_decimals([0.0, 0.02, 0.04, 0.1]) == 2 and C.tick_decimals([0.0, 20.0, 40.0]) == 0


def test_letter_writes_the_indicator_s_figures_at_its_precision(tmp_path, catalog):
    older = tmp_path / "kq2023"
    done = run_bgindex("consolidate", str(SAMPLES / "2023"), "--year", "2023", "--out", str(older), "-q")
    assert done.returncode in (0, 1), done.stderr
    folder, _ = edited_2024(tmp_path, "STNMT", {"CS22": (5, None)})  # no cause given for indicator 22
    res = run_bgindex(
        "diff", str(older / "ket-qua-2023.xlsx"), str(folder), "--agency", "STNMT",
        "--format", "text", "--report-date", "05/03/2025",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    item = next(line for line in res.stdout.splitlines() if "Chỉ số 22" in line)
    # the agency's own count as it typed it, the province's rate at the indicator's 3 decimals
    assert "năm 2023 là 3 trạm, năm 2024 là 4 trạm" in item, item
    assert "năm 2023 là 0,082 trạm" in item and "năm 2024 là 0,104 trạm" in item, item
    assert not re.search(r"0,0820|0,1038|0,10(?![\d])|0,0218", item), item


def test_catalogue_refuses_more_than_four_decimals():
    from bgindex.catalog.loading import toml_data

    raw = toml_data((ROOT / "src/bgindex/catalog/profiles/bac-giang.toml").read_text(encoding="utf-8"), "x")
    raw["indicators"][0]["decimals"] = 9
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw, "custom.toml")
    assert "indicators[0]" in err.value.key and "decimals" in err.value.key
    assert "số chữ số thập phân phải từ 0 đến 4" in err.value.message


def test_a_catalogue_without_decimals_loads_at_the_default_precision():
    from bgindex.catalog.loading import toml_data

    raw = toml_data((ROOT / "src/bgindex/catalog/profiles/bac-giang.toml").read_text(encoding="utf-8"), "x")
    for ind in raw["indicators"]:
        ind.pop("decimals")
        if "secondary" in ind:
            ind["secondary"].pop("decimals")
    cat = parse_catalog(raw, "older.toml")
    assert cat.indicator_by_code["08"].decimals == 0  # "vụ": whole incidents
    assert cat.indicator_by_code["22"].decimals == 2
    assert cat.indicator_by_code["21"].secondary is not None
    assert cat.indicator_by_code["21"].secondary.decimals == 2
