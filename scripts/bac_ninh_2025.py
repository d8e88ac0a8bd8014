"""A synthetic reporting year 2025 for the new Bắc Ninh: 107 reporting units and a few realistic extras.

Deterministic (fixed seed and dates). Commune figures follow each commune's population (the CSV's
where known, else drawn by type); the departments' figures are the province's, and where a department
leads an indicator its figure agrees with the sum of the communes' within the indicator's tolerance.
Extras, as a real mailbox has them: a commune's corrected re-send, a re-send of a department,
a file forwarded twice (byte-identical copy), a commune whose first file has a figure typed as words
(re-sent corrected), a commune file with such an error never corrected, and a form of the former
Bắc Giang profile sent by a former district (rejected). Used by `make_samples.py --bac-ninh-2025 DIR`
and by the tests (generated into a temporary folder, never committed).
"""

from __future__ import annotations

import csv
import random
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from make_samples import header_columns, write_info  # beside this file
from openpyxl import Workbook, load_workbook

from bgindex.catalog.loading import load_shipped
from bgindex.catalog.model import Catalog
from bgindex.core.formula import evaluate_indicator
from bgindex.outputs.agency_template import build_workbook, make_templates
from bgindex.outputs.xlsx_writing import save
from bgindex.reading import layout as L

YEAR = 2025
SEED = 20260105
GENERATED = date(2026, 1, 5)
ROOT = Path(__file__).resolve().parents[1]
COMMUNES_CSV = ROOT / "data" / "reference" / "bac-ninh-2025-xa-phuong.csv"
FOREST_DISTRICTS = ("Huyện Sơn Động", "Huyện Lục Ngạn", "Huyện Lục Nam", "Huyện Yên Thế", "Thị xã Chũ")
LATE = {"XP07615": date(2026, 2, 26), "XP09247": date(2026, 3, 4), "SNV": date(2026, 2, 23)}
NEVER_SENT = "XP07672"  # one commune has not reported: status shows it as missing

Values = dict[str, dict[str, tuple[float, float]]]  # agency -> variable -> (2024, 2025)


@dataclass(frozen=True)
class Commune:
    code: str
    ward: bool
    district: str
    people: int


def communes(rng: random.Random) -> list[Commune]:
    with COMMUNES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        ward = row["loai"].strip() == "phường"
        known = row["dan_so"].replace(".", "").strip()
        people = (
            int(known)
            if known.isdigit()
            else rng.randint(32_000, 62_000)
            if ward
            else rng.randint(16_000, 34_000)
        )
        out.append(Commune("XP" + row["ma_dvhc"].strip(), ward, row["don_vi_cap_huyen_cu"].strip(), people))
    return out


def _pair(rng: random.Random, current: float, integer: bool, spread: float = 0.08) -> tuple[float, float]:
    """(2024, 2025) with a modest change from the year before."""
    before = current / (1 + rng.uniform(-spread, spread))
    return (float(round(before)), float(round(current))) if integer else (round(before, 1), round(current, 1))


def _part(
    rng: random.Random, whole: tuple[float, float], low: float, high: float, integer: bool
) -> tuple[float, float]:
    shares = (rng.uniform(low, high), rng.uniform(low, high))
    vals = [whole[i] * shares[i] for i in range(2)]
    if integer:
        return (float(int(vals[0])), float(int(vals[1])))
    return (round(vals[0], 1), round(vals[1], 1))


def _kept(rng: random.Random, count: int, share: float) -> tuple[float, float]:
    """Of `count` units, how many met the standard in 2024 and 2025: mostly the same, one more at times."""
    now = sum(rng.random() < share for _ in range(count))
    return (float(max(0, now - (1 if rng.random() < 0.3 else 0))), float(now))


def commune_values(rng: random.Random, c: Commune) -> dict[str, tuple[float, float]]:
    v: dict[str, tuple[float, float]] = {}
    waste = c.people * rng.uniform(0.75, 0.95) * 365 / 1000  # tonnes/year of domestic solid waste
    v["c12_ctr_phat_sinh"] = _pair(rng, round(waste, 1), False)
    v["c12_ctr_xu_ly"] = _part(rng, v["c12_ctr_phat_sinh"], 0.86, 0.99, False)
    v["c11_ctr_thu_gom"] = _part(rng, v["c12_ctr_phat_sinh"], 0.88, 0.98, False)
    v["c11_ctr_phan_loai"] = _part(rng, v["c11_ctr_thu_gom"], 0.25 if c.ward else 0.15, 0.6, False)
    sewage = c.people * 0.1 if c.ward else 0.0  # class IV+ urban wastewater, m³/day: wards only
    v["c01_nt_phat_sinh"] = _pair(rng, round(sewage, 1), False) if sewage else (0.0, 0.0)
    v["c01_nt_xu_ly_dat"] = _part(rng, v["c01_nt_phat_sinh"], 0.3, 0.8, False) if sewage else (0.0, 0.0)
    sites = rng.choice((0, 0, 0, 1, 2, 3, 4, 6))
    v["c02_co_so_tong"] = (float(max(0, sites - rng.choice((0, 1)))), float(sites))
    v["c02_co_so_dat"] = tuple(float(max(0, int(x) - rng.choice((0, 0, 1)))) for x in v["c02_co_so_tong"])  # type: ignore[assignment]
    clusters = rng.choice((0, 0, 0, 1, 1, 2))
    v["c04_ccn_hoat_dong"] = (float(clusters), float(clusters))
    v["c04_ccn_dat"] = _kept(rng, clusters, 0.6)
    landfill = 1 if rng.random() < 0.12 else 0
    v["c13_bcl_tong"] = (float(landfill), float(landfill))
    v["c13_bcl_hop_ve_sinh"] = _kept(rng, landfill, 0.5)
    polluted = 1 if rng.random() < 0.08 else 0
    v["c14_kv_o_nhiem"] = (float(polluted), float(polluted))
    v["c14_kv_xu_ly"] = _kept(rng, polluted, 0.4)
    forest = c.district in FOREST_DISTRICTS
    v["c20_dt_chay"] = _pair(rng, round(rng.uniform(0.8, 2.5), 1), False, 0.3) if forest else (0.0, 0.0)
    v["c20_dt_chat_pha"] = _pair(rng, round(rng.uniform(0.3, 0.8), 1), False, 0.3) if forest else (0.0, 0.0)
    calls = rng.randint(3, 40 if c.ward else 18)
    v["c26_tiep_nhan"] = _pair(rng, float(calls), True, 0.2)
    v["c26_da_xu_ly"] = tuple(float(max(0, int(x) - rng.choice((0, 0, 1)))) for x in v["c26_tiep_nhan"])  # type: ignore[assignment]
    return v


def _sum(values: Values, codes: list[str], var: str) -> tuple[float, float]:
    return (
        round(sum(values[c][var][0] for c in codes), 1),
        round(sum(values[c][var][1] for c in codes), 1),
    )


def make_values(rng: random.Random, places: list[Commune]) -> Values:
    values: Values = {c.code: commune_values(rng, c) for c in places}
    codes = [c.code for c in places]
    total = sum(c.people for c in places)
    urban = sum(c.people for c in places if c.ward)
    people = {
        "ds_toan_tinh": (float(round(total / 1.011)), float(total)),
        "ds_do_thi": (float(round(urban / 1.02)), float(urban)),
    }
    people["ds_do_thi_loai4"] = tuple(float(int(x * 0.92)) for x in people["ds_do_thi"])  # type: ignore[assignment]
    people["ds_nong_thon"] = tuple(
        t - u for t, u in zip(people["ds_toan_tinh"], people["ds_do_thi"], strict=True)
    )  # type: ignore[assignment]
    values["CTK"] = people
    sewage = _sum(values, codes, "c01_nt_phat_sinh")
    treated = _sum(values, codes, "c01_nt_xu_ly_dat")
    values["SXD"] = {
        "c01_nt_phat_sinh": (round(sewage[0] * 1.01, 1), round(sewage[1] * 1.01, 1)),
        "c01_nt_xu_ly_dat": (round(treated[0] * 1.01, 1), round(treated[1] * 1.01, 1)),
        "c07_phuong_tien": (352.0, 386.0),
        "c15_dan_duoc_cap": (
            float(int(people["ds_do_thi"][0] * 0.912)),
            float(int(people["ds_do_thi"][1] * 0.934)),
        ),
    }
    values["STC"] = {
        "c24_tong_chi": (64_120_500.0, 71_845_300.0),
        "c24_chi_su_nghiep_mt": (702_400.0, 818_900.0),
    }
    values["SCT"] = {
        "c04_ccn_hoat_dong": _sum(values, codes, "c04_ccn_hoat_dong"),
        "c04_ccn_dat": _sum(values, codes, "c04_ccn_dat"),
        "c21_dien_tai_tao": (362.4, 418.7),
        "c21_dien_tong": (3_512.0, 3_796.5),
    }
    values["SYT"] = {
        "c05_csyt_tong": (176.0, 181.0),
        "c05_csyt_dat": (163.0, 172.0),
        "c09_ctnh_phat_sinh": (1_412.6, 1_468.3),
        "c09_ctnh_xu_ly": (1_409.1, 1_468.3),
    }
    values["SNV"] = {"c25_can_bo_mt": (298.0, 331.0)}
    values["BQLKCN"] = {
        "c02_co_so_tong": (402.0, 437.0),
        "c02_co_so_dat": (389.0, 428.0),
        "c03_kcn_hoat_dong": (27.0, 30.0),
        "c03_kcn_dat": (24.0, 28.0),
    }
    burned = _sum(values, codes, "c20_dt_chay")
    cleared = _sum(values, codes, "c20_dt_chat_pha")
    values["SNNMT"] = {
        "c09_ctnh_phat_sinh": (26_840.5, 28_912.7),
        "c09_ctnh_xu_ly": (26_102.3, 28_344.1),
        "c13_bcl_tong": _sum(values, codes, "c13_bcl_tong"),
        "c13_bcl_hop_ve_sinh": _sum(values, codes, "c13_bcl_hop_ve_sinh"),
        "c14_kv_o_nhiem": _sum(values, codes, "c14_kv_o_nhiem"),
        "c14_kv_xu_ly": _sum(values, codes, "c14_kv_xu_ly"),
        "c16_dan_hop_ve_sinh": tuple(float(int(x * 0.987)) for x in people["ds_nong_thon"]),  # type: ignore[dict-item]
        "c18_dt_quy_hoach": (15_420.0, 15_420.0),
        "c18_dt_khu_bao_ton": (12_873.4, 13_104.9),
        "c19_dt_quy_hoach": (162_350.0, 162_350.0),
        "c19_dt_trong_moi": (4_982.5, 5_236.8),
        "c20_dt_chay": (round(burned[0] * 1.02, 1), round(burned[1] * 1.02, 1)),
        "c20_dt_chat_pha": (round(cleared[0] * 1.02, 1), round(cleared[1] * 1.02, 1)),
        "c22_tram_qt_kk": (10.0, 12.0),
        "c23_doi_tuong": (146.0, 153.0),
        "c23_da_truyen": (131.0, 142.0),
    }
    return values


REPORTERS = ("Nguyễn Thị Hoa", "Trần Văn Minh", "Lê Thị Thu", "Phạm Quang Huy", "Hoàng Thị Lan", "Đỗ Văn Nam")


def _columns(ws: Any) -> tuple[int, dict[str, int]]:
    """The header row of the data sheet and the column of each header key."""
    return header_columns(ws, L.data_headers(YEAR))


def _cause(name: str, before: float | None, now: float | None) -> str:
    if before is None or now is None:
        return "Số liệu năm trước chưa đủ để so sánh; đơn vị đã rà soát lại số liệu năm báo cáo."
    if now > before:
        return (
            f"Tăng so với năm {YEAR - 1} do tăng cường đầu tư, kiểm tra và hướng dẫn thực hiện trên địa bàn."
        )
    if now < before:
        return (
            f"Giảm so với năm {YEAR - 1} do sắp xếp lại đơn vị hành chính và rà soát lại đối tượng thống kê."
        )
    return f"Không thay đổi so với năm {YEAR - 1}: đối tượng và kết quả thực hiện giữ ổn định."


def fill(
    wb: Workbook,
    catalog: Catalog,
    agency: str,
    mine: dict[str, tuple[float, float]],
    rng: random.Random,
    report_date: date,
) -> None:
    """Fill a freshly built form in memory: information, figures, causes, documents."""
    info = wb[L.SHEET_INFO]
    fields = {
        "reporter": rng.choice(REPORTERS),
        "position": "Công chức địa chính - xây dựng - nông nghiệp và môi trường"
        if agency.startswith("XP")
        else "Chuyên viên",
        "phone": f"0222 3{rng.randint(100, 999)} {rng.randint(100, 999)}",
        "email": f"{agency.lower()}@bacninh.gov.vn",
        "report_date": report_date,
        "letter_no": f"{rng.randint(5, 180)}/BC-{'UBND' if agency.startswith('XP') else agency}",
    }
    write_info(info, fields)
    data = wb[L.SHEET_DATA]
    head, cols = _columns(data)
    indicators = {i.key: i for i in catalog.indicators_for(agency, YEAR)}
    for r in range(head + 1, data.max_row + 1):
        code = data.cell(r, cols["code"]).value
        if not isinstance(code, str):
            continue
        if code in indicators:
            ind = indicators[code]
            got = [evaluate_indicator(ind, {c: mine[c][k] for c in mine}) for k in (0, 1)]
            selfs = [round(g.value, 2) if g.outcome == "ok" and g.value is not None else None for g in got]
            data.cell(r, cols["previous"]).value, data.cell(r, cols["current"]).value = selfs
            data.cell(r, cols["cause"]).value = _cause(ind.name, selfs[0], selfs[1])
            data.cell(
                r, cols["measures"]
            ).value = "Tuyên truyền, hướng dẫn, kiểm tra việc thực hiện trên địa bàn."
        elif code in mine:
            cast = int if catalog.variable_by_code[code].type == "integer" else float
            data.cell(r, cols["previous"]).value = cast(mine[code][0])
            data.cell(r, cols["current"]).value = cast(mine[code][1])
    docs = wb[L.SHEET_DOCS]
    dhead, dcols = header_columns(docs, L.DOC_HEADERS)
    org = catalog.agency_by_code[agency].name
    for n, (key, ind) in enumerate(indicators.items(), start=1):
        number = f"{rng.randint(10, 420)}/BC-{'UBND' if agency.startswith('XP') else agency}"
        row = {
            "indicator": key,
            "number": number,
            "date": date(YEAR, 12, rng.randint(10, 28)),
            "issuer": org,
            "summary": f"Báo cáo kết quả thực hiện chỉ số {ind.code} năm {YEAR}",
            "filename": f"{number.replace('/', '-')}-{YEAR}.pdf",
        }
        for field, value in row.items():
            docs.cell(dhead + n, dcols[field]).value = value


def generate_bac_ninh_2025(out: Path) -> list[Path]:
    """Write the synthetic year into `out` (emptied of .xlsx first); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.xlsx"):
        old.unlink()
    catalog = load_shipped("bac-ninh.toml")
    rng = random.Random(SEED)
    places = communes(rng)
    values = make_values(rng, places)
    files: list[Path] = []
    for unit in catalog.reporting_agencies(YEAR):
        if unit.code == NEVER_SENT:
            continue
        wb = build_workbook(catalog, unit, YEAR, None, GENERATED)  # one save per file, not two
        when = LATE.get(unit.code, date(YEAR + 1, rng.choice((1, 2)), rng.randint(5, 18)))
        fill(wb, catalog, unit.code, values[unit.code], rng, when)
        files.append(save(wb, out / L.agency_file_name(unit.code, YEAR)))
    files += _extras(out, catalog, values, rng)
    return files


def _set_current(path: Path, code: str, value: Any, report_date: date | None = None) -> None:
    wb = load_workbook(path)
    data = wb[L.SHEET_DATA]
    head, cols = _columns(data)
    for r in range(head + 1, data.max_row + 1):
        if data.cell(r, cols["code"]).value == code:
            data.cell(r, cols["current"]).value = value
    if report_date is not None:
        info = wb[L.SHEET_INFO]
        for row in info.iter_rows(min_row=1, max_row=30, max_col=1):
            if row[0].value == L.INFO_LABELS["report_date"]:
                info.cell(row[0].row, 2).value = report_date
    wb.save(path)


def _extras(out: Path, catalog: Catalog, values: Values, rng: random.Random) -> list[Path]:
    def name(agency: str) -> Path:
        return out / L.agency_file_name(agency, YEAR)

    extras: list[Path] = []
    # A commune corrects its hotline figure and sends again, a week later.
    resend = out / "bgindex-2025-XP07627-gui-lai.xlsx"
    shutil.copyfile(name("XP07627"), resend)
    handled = values["XP07627"]["c26_da_xu_ly"][1]
    _set_current(
        resend,
        "c26_da_xu_ly",
        int(handled) + 1 if handled < values["XP07627"]["c26_tiep_nhan"][1] else int(handled),
        date(2026, 2, 19),
    )
    extras.append(resend)
    # A department sends its report again (same figures, a later date).
    again = out / "bgindex-2025-SCT-bo-sung.xlsx"
    shutil.copyfile(name("SCT"), again)
    _set_current(again, "c21_dien_tai_tao", values["SCT"]["c21_dien_tai_tao"][1], date(2026, 2, 20))
    extras.append(again)
    # The same file forwarded twice by e-mail: a byte-identical copy.
    for agency in ("XP09247", "XP09265", "BQLKCN"):
        copy = out / f"Fwd bgindex-2025-{agency}.xlsx"
        shutil.copyfile(name(agency), copy)
        extras.append(copy)
    # A commune types a figure in words, then re-sends it corrected.
    first = name("XP07615")
    wrong = out / "bgindex-2025-XP07615-lan-1.xlsx"
    shutil.copyfile(first, wrong)
    _set_current(wrong, "c12_ctr_xu_ly", "khoảng 9 nghìn tấn", date(2026, 2, 10))
    extras.append(wrong)
    # A commune whose figure in words is never corrected: only the figures it touches are lost.
    _set_current(name("XP09400"), "c11_ctr_phan_loai", "chưa thống kê")
    # A former district sends the old Bắc Giang form (rejected: another profile).
    old = load_shipped("bac-giang.toml")
    stale = make_templates(old, YEAR, out / "_cu", ["TANYEN"], generated=GENERATED).files[0]
    moved = out / "bgindex-2025-TANYEN.xlsx"
    shutil.move(stale, moved)
    (out / "_cu").rmdir()
    extras.append(moved)
    # Two more communes re-send with a later date (the first sending lacked the documents list).
    for agency in ("XP09367", "XP07774"):
        again = out / f"bgindex-2025-{agency}-gui-lai.xlsx"
        shutil.copyfile(name(agency), again)
        _set_current(again, "c26_tiep_nhan", int(values[agency]["c26_tiep_nhan"][1]), date(2026, 2, 18))
        extras.append(again)
    return extras
