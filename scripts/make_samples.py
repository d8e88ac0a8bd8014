"""Regenerate the deterministic sample workbooks under data/samples (valid years, invalid cases)."""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bgindex.catalog import load_catalog
from bgindex.catalog.model import Catalog, Indicator
from bgindex.core.formula import evaluate_indicator
from bgindex.model.vn import vn_number
from bgindex.outputs.agency_template import make_templates
from bgindex.reading import layout as L

SEED = 20250105
YEARS = (2022, 2023, 2024)
ALL_YEARS = (2021, 2022, 2023, 2024)  # 2021 only appears as the previous year of 2022
LATE = {"SGTVT": date(2025, 2, 24), "YENTHE": date(2025, 3, 3)}  # late reports of 2024
AS_TEXT_AGENCY = "LUCNAM"  # its 2024 file has one decimal typed as text ("48.841,2")
LEAD_GAP_2024 = 1.12  # indicator 20 in 2024: SNNPTNT exceeds the districts' sum by 12 %

Values = dict[str, dict[str, dict[int, float]]]  # agency -> variable -> year -> value


# ------------------------------------------------------------------------------------- places
@dataclass(frozen=True)
class District:
    """One district-level unit and the scale of its figures in 2021."""

    code: str
    area: str  # "thành phố Bắc Giang"
    slug: str  # e-mail slug
    communes: tuple[str, ...]
    clusters: tuple[str, ...]  # industrial clusters (CCN), first ones operating in 2021
    plant: str  # domestic wastewater treatment plant (class IV+ towns), "" if none
    forest: str  # where natural forest lies, "" if none
    waste_tpd: float  # domestic solid waste generated, tonnes/day
    sorted_share: float  # share sorted at source
    outside_zone: int  # establishments >= 50 m3/day outside industrial zones
    wastewater: float  # class IV+ domestic wastewater generated, m3/day (0: no class IV town)
    treated_share: tuple[float, float, float, float]  # of that wastewater, 2021..2024
    clusters_n: int  # operating clusters in 2021
    clusters_ok: int  # with compliant central wastewater treatment in 2021
    landfills: tuple[tuple[int, int], ...]  # (landfills, sanitary) 2021..2024
    sites: tuple[tuple[int, int], ...]  # (contaminated sites, treated) 2021..2024
    forest_loss: float  # typical natural forest burned + cleared, ha/year
    hotline: int  # hotline reports per year


DISTRICTS = (
    District(
        "TPBACGIANG",
        "thành phố Bắc Giang",
        "tpbacgiang",
        (
            "phường Dĩnh Kế",
            "phường Xương Giang",
            "phường Đa Mai",
            "xã Song Mai",
            "xã Tân Tiến",
            "phường Thọ Xương",
        ),
        ("CCN Thọ Xương", "CCN Song Khê"),
        "Nhà máy xử lý nước thải thành phố Bắc Giang (công suất 10.000 m³/ngày đêm)",
        "",
        255.0,
        0.38,
        18,
        23_500.0,
        (0.41, 0.43, 0.52, 0.60),
        1,
        1,
        ((1, 1), (1, 1), (1, 1), (1, 1)),
        ((1, 0), (1, 1), (1, 1), (1, 1)),
        0.0,
        62,
    ),
    District(
        "TXVIETYEN",
        "thị xã Việt Yên",
        "vietyen",
        (
            "phường Bích Động",
            "phường Nếnh",
            "phường Hồng Thái",
            "xã Minh Đức",
            "phường Quang Châu",
            "xã Thượng Lan",
        ),
        ("CCN Hoàng Mai", "CCN Việt Nhật", "CCN Đình Trám mở rộng", "CCN Vân Trung", "CCN Quang Châu"),
        "trạm xử lý nước thải tập trung phường Bích Động (công suất 3.000 m³/ngày đêm)",
        "",
        172.0,
        0.30,
        24,
        8_900.0,
        (0.0, 0.0, 0.22, 0.31),
        4,
        2,
        ((1, 0), (1, 0), (1, 1), (1, 1)),
        ((0, 0), (0, 0), (0, 0), (0, 0)),
        0.0,
        55,
    ),
    District(
        "HIEPHOA",
        "huyện Hiệp Hòa",
        "hiephoa",
        ("thị trấn Thắng", "xã Đức Thắng", "xã Mai Đình", "xã Hoàng Vân", "xã Lương Phong", "xã Hợp Thịnh"),
        ("CCN Đức Thắng", "CCN Hợp Thịnh", "CCN Lương Phong", "CCN Hà Thịnh", "CCN Đoan Bái", "CCN Hoàng An"),
        "trạm xử lý nước thải thị trấn Thắng (công suất 1.200 m³/ngày đêm)",
        "",
        148.0,
        0.22,
        15,
        3_100.0,
        (0.0, 0.0, 0.0, 0.15),
        5,
        2,
        ((2, 1), (2, 1), (2, 1), (2, 1)),
        ((3, 1), (3, 1), (3, 2), (3, 2)),
        0.0,
        41,
    ),
    District(
        "LANGGIANG",
        "huyện Lạng Giang",
        "langgiang",
        ("thị trấn Vôi", "thị trấn Kép", "xã Tân Dĩnh", "xã Xương Lâm", "xã Phi Mô", "xã Yên Mỹ"),
        ("CCN Tân Dĩnh – Phi Mô", "CCN Non Sáo", "CCN Hương Lạc", "CCN Xương Lâm", "CCN Tân Thịnh"),
        "",
        "xã Hương Sơn",
        126.0,
        0.25,
        12,
        0.0,
        (0.0, 0.0, 0.0, 0.0),
        4,
        1,
        ((2, 1), (2, 1), (2, 1), (2, 2)),
        ((4, 1), (4, 2), (4, 2), (4, 3)),
        0.8,
        35,
    ),
    District(
        "LUCNAM",
        "huyện Lục Nam",
        "lucnam",
        ("thị trấn Đồi Ngô", "xã Huyền Sơn", "xã Bảo Đài", "xã Lục Sơn", "xã Bình Sơn", "xã Cẩm Lý"),
        ("CCN Đồi Ngô", "CCN Nghĩa Phương", "CCN Phương Sơn", "CCN Cẩm Lý"),
        "",
        "xã Lục Sơn, Bình Sơn",
        118.0,
        0.18,
        9,
        0.0,
        (0.0, 0.0, 0.0, 0.0),
        3,
        0,
        ((3, 1), (3, 1), (3, 1), (2, 1)),
        ((5, 1), (5, 1), (6, 2), (6, 3)),
        4.5,
        28,
    ),
    District(
        "LUCNGAN",
        "huyện Lục Ngạn",
        "lucngan",
        ("thị trấn Chũ", "xã Nam Dương", "xã Phì Điền", "xã Kiên Thành", "xã Sa Lý", "xã Phong Minh"),
        ("CCN Nam Dương", "CCN Hồng Giang", "CCN Kiên Thành", "CCN Phì Điền"),
        "trạm xử lý nước thải thị trấn Chũ (công suất 800 m³/ngày đêm)",
        "xã Sa Lý, Phong Minh",
        124.0,
        0.20,
        11,
        2_650.0,
        (0.0, 0.12, 0.13, 0.20),
        3,
        1,
        ((2, 1), (2, 1), (2, 1), (2, 1)),
        ((3, 0), (3, 1), (3, 1), (3, 2)),
        6.0,
        31,
    ),
    District(
        "SONDONG",
        "huyện Sơn Động",
        "sondong",
        ("thị trấn An Châu", "xã Cẩm Đàn", "xã An Lạc", "xã Tuấn Mậu", "xã Dương Hưu", "thị trấn Tây Yên Tử"),
        ("CCN Thanh Luận", "CCN An Châu"),
        "",
        "Khu bảo tồn thiên nhiên Tây Yên Tử, xã An Lạc, Dương Hưu",
        38.0,
        0.12,
        3,
        0.0,
        (0.0, 0.0, 0.0, 0.0),
        1,
        0,
        ((2, 0), (2, 0), (2, 0), (2, 1)),
        ((1, 0), (1, 0), (1, 0), (1, 1)),
        11.0,
        14,
    ),
    District(
        "TANYEN",
        "huyện Tân Yên",
        "tanyen",
        (
            "thị trấn Cao Thượng",
            "thị trấn Nhã Nam",
            "xã Ngọc Thiện",
            "xã Hợp Đức",
            "xã Quang Tiến",
            "xã Việt Lập",
        ),
        ("CCN Đồng Đình", "CCN Ngọc Châu", "CCN Việt Lập", "CCN Quang Tiến", "CCN Hợp Đức"),
        "",
        "xã Phúc Sơn",
        104.0,
        0.27,
        10,
        0.0,
        (0.0, 0.0, 0.0, 0.0),
        4,
        1,
        ((2, 1), (2, 1), (1, 1), (1, 1)),
        ((4, 2), (4, 2), (4, 3), (4, 3)),
        0.4,
        26,
    ),
    District(
        "YENDUNG",
        "huyện Yên Dũng",
        "yendung",
        (
            "thị trấn Nham Biền",
            "thị trấn Tân An",
            "xã Đồng Phúc",
            "xã Yên Lư",
            "xã Tiến Dũng",
            "xã Cảnh Thụy",
        ),
        ("CCN Nham Sơn – Yên Lư", "CCN Tiến Dũng", "CCN Tân Dân", "CCN Cảnh Thụy"),
        "",
        "xã Nham Sơn",
        93.0,
        0.24,
        8,
        0.0,
        (0.0, 0.0, 0.0, 0.0),
        3,
        1,
        ((1, 0), (1, 0), (1, 0), (1, 0)),
        ((2, 1), (2, 1), (2, 1), (2, 2)),
        0.3,
        22,
    ),
    District(
        "YENTHE",
        "huyện Yên Thế",
        "yenthe",
        (
            "thị trấn Phồn Xương",
            "thị trấn Bố Hạ",
            "xã Đồng Lạc",
            "xã Canh Nậu",
            "xã Xuân Lương",
            "xã Tam Tiến",
        ),
        ("CCN Bố Hạ", "CCN Đồng Tâm", "CCN Tân Sỏi"),
        "",
        "xã Xuân Lương, Canh Nậu",
        66.0,
        0.16,
        6,
        0.0,
        (0.0, 0.0, 0.0, 0.0),
        2,
        0,
        ((2, 1), (2, 1), (2, 1), (2, 1)),
        ((3, 1), (3, 1), (3, 1), (3, 2)),
        3.2,
        19,
    ),
)
DISTRICT_BY_CODE = {d.code: d for d in DISTRICTS}
# Industrial zones in the order they started operating: 8 in 2021, 9 in 2023, 10 in 2024.
ZONES = (
    "KCN Đình Trám",
    "KCN Quang Châu",
    "KCN Song Khê – Nội Hoàng",
    "KCN Vân Trung",
    "KCN Hòa Phú",
    "KCN Việt Hàn",
    "KCN Yên Lư",
    "KCN Tân Hưng",
    "KCN Hòa Yên",
    "KCN Yên Sơn – Bắc Lũng",
)
ZONE_BY_DISTRICT = {
    "TXVIETYEN": ZONES[0:2] + ZONES[3:4] + ZONES[5:6],
    "HIEPHOA": ZONES[4:5],
    "YENDUNG": ZONES[6:7] + ZONES[8:9],
    "LANGGIANG": ZONES[7:8],
    "TPBACGIANG": ZONES[2:3],
    "LUCNAM": ZONES[9:10],
}
PROVINCE_PLANT = "Nhà máy xử lý nước thải thành phố Bắc Giang và trạm xử lý nước thải phường Bích Động"

# ------------------------------------------------------------------------------ who reports
LETTER = {
    "STNMT": "STNMT",
    "SNNPTNT": "SNN",
    "SXD": "SXD",
    "SCT": "SCT",
    "SYT": "SYT",
    "SGTVT": "SGTVT",
    "STC": "STC",
    "SNV": "SNV",
    "BQLKCN": "BQL",
    "CTK": "CTK",
}
POSITION = {
    "STNMT": "Phó Trưởng phòng Quản lý môi trường",
    "SNNPTNT": "Chuyên viên Phòng Kế hoạch – Tài chính",
    "SXD": "Chuyên viên Phòng Quản lý hạ tầng kỹ thuật",
    "SCT": "Chuyên viên Phòng Quản lý công nghiệp",
    "SYT": "Chuyên viên Phòng Nghiệp vụ Y",
    "SGTVT": "Chuyên viên Phòng Quản lý vận tải, phương tiện và người lái",
    "STC": "Chuyên viên Phòng Quản lý ngân sách",
    "SNV": "Chuyên viên Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
    "BQLKCN": "Phó Trưởng phòng Quản lý tài nguyên và môi trường",
    "CTK": "Chuyên viên Phòng Thống kê Xã hội",
}
EMAIL = {
    "STNMT": "pqlmt.stnmt",
    "SNNPTNT": "vanphong.snnptnt",
    "SXD": "phtkt.sxd",
    "SCT": "pqlcn.sct",
    "SYT": "pnvy.syt",
    "SGTVT": "pqlvt.sgtvt",
    "STC": "pqlns.stc",
    "SNV": "ptcbc.snv",
    "BQLKCN": "ptnmt.bqlkcn",
    "CTK": "ptkxh.ctk",
}
NAMES = (
    "Nguyễn Văn Hùng",
    "Trần Thị Thu Hà",
    "Thân Văn Tuấn",
    "Giáp Thị Ngọc Ánh",
    "Lê Minh Tuấn",
    "Phạm Thị Lan Anh",
    "Hoàng Văn Dũng",
    "Ngô Thị Hương",
    "Đỗ Đức Thắng",
    "Vũ Thị Mai",
    "Dương Văn Long",
    "Nguyễn Thị Thanh Huyền",
    "Hà Văn Bình",
    "Lương Thị Hồng",
    "Chu Văn Khánh",
    "Bùi Thị Phương",
    "Đặng Quang Huy",
    "Trịnh Thị Yến",
    "Mẫn Thị Hạnh",
    "Thân Thị Thu Trang",
    "Nguyễn Đức Mạnh",
    "Giáp Văn Cường",
    "Hoàng Thị Nga",
    "Lý Văn Sơn",
)


# ------------------------------------------------------------------------------------ figures
def _r(value: float, digits: int = 1) -> float:
    return round(value, digits)


def population(rng: random.Random) -> dict[str, dict[int, float]]:
    """Cục Thống kê: the province's population figures (the year before the report)."""
    total = {2021: 1_862_700, 2022: 1_881_600, 2023: 1_900_300, 2024: 1_921_500}
    urban = {2021: 0.214, 2022: 0.222, 2023: 0.229, 2024: 0.237}
    class4 = {2021: 0.830, 2022: 0.835, 2023: 0.840, 2024: 0.846}
    household = {2021: 3.625, 2022: 3.612, 2023: 3.601, 2024: 3.588}  # rural persons per household
    out: dict[str, dict[int, float]] = {
        k: {} for k in ("ds_do_thi", "ds_do_thi_loai4", "ds_nong_thon", "ho_nong_thon", "ds_toan_tinh")
    }
    for y in ALL_YEARS:
        t = total[y] + rng.randint(-450, 450)
        u = round(t * urban[y]) + rng.randint(-300, 300)
        rural = t - u
        out["ds_toan_tinh"][y] = t
        out["ds_do_thi"][y] = u
        out["ds_do_thi_loai4"][y] = round(u * class4[y])
        out["ds_nong_thon"][y] = rural
        out["ho_nong_thon"][y] = round(rural / household[y])
    return out


def district_values(rng: random.Random, d: District) -> dict[str, dict[int, float]]:
    v: dict[str, dict[int, float]] = {}

    def put(code: str, year: int, value: float) -> None:
        v.setdefault(code, {})[year] = value

    tpd, sorted_share = d.waste_tpd, d.sorted_share * rng.uniform(0.95, 1.05)
    collect, treat = rng.uniform(0.86, 0.93), rng.uniform(0.78, 0.88)
    outside, ok_share = d.outside_zone, rng.uniform(0.68, 0.78)
    clusters, clusters_ok = d.clusters_n, d.clusters_ok
    wastewater = d.wastewater
    for i, y in enumerate(ALL_YEARS):
        if i:
            tpd *= rng.uniform(1.025, 1.05)
            sorted_share = min(0.85, sorted_share + rng.uniform(0.03, 0.06))
            collect = min(0.99, collect + rng.uniform(0.01, 0.025))
            treat = min(0.98, treat + rng.uniform(0.015, 0.035))
            outside += rng.randint(0, 3)
            ok_share = min(0.97, ok_share + rng.uniform(0.02, 0.06))
            wastewater *= rng.uniform(1.02, 1.04)
            if clusters < len(d.clusters) and rng.random() < 0.35:
                clusters += 1
            if clusters_ok < clusters and rng.random() < 0.35:
                clusters_ok += 1
        generated = _r(tpd * 365)
        collected = _r(generated * collect)
        put("c01_nt_phat_sinh", y, _r(wastewater))
        put("c01_nt_xu_ly_dat", y, _r(wastewater * d.treated_share[i] * rng.uniform(0.98, 1.02)))
        put("c02_co_so_tong", y, outside)
        put("c02_co_so_dat", y, min(outside, round(outside * ok_share)))
        put("c04_ccn_hoat_dong", y, clusters)
        put("c04_ccn_dat", y, clusters_ok)
        put("c11_ctr_thu_gom", y, collected)
        put("c11_ctr_phan_loai", y, _r(collected * sorted_share))
        put("c12_ctr_phat_sinh", y, generated)
        put("c12_ctr_xu_ly", y, _r(generated * treat))
        put("c13_bcl_tong", y, d.landfills[i][0])
        put("c13_bcl_hop_ve_sinh", y, d.landfills[i][1])
        put("c14_kv_o_nhiem", y, d.sites[i][0])
        put("c14_kv_xu_ly", y, d.sites[i][1])
        loss = d.forest_loss * rng.uniform(0.5, 1.5)
        burned = _r(loss * rng.uniform(0.5, 0.7), 2)
        put("c20_dt_chay", y, burned)
        put("c20_dt_chat_pha", y, _r(loss - burned, 2) if loss else 0.0)
        received = round(d.hotline * rng.uniform(0.8, 1.3))
        put("c26_tiep_nhan", y, received)
        put("c26_da_xu_ly", y, max(0, received - rng.choice((0, 0, 0, 1, 1, 2))))
    return v


def total(values: Values, agencies: list[str], code: str, year: int) -> float:
    return sum(values[a][code][year] for a in agencies)


def department_values(rng: random.Random, values: Values) -> None:
    """Departments, the board and the statistics office; leads derived from the districts."""
    districts = [d.code for d in DISTRICTS]
    pop = population(rng)
    values["CTK"] = pop
    sxd: dict[str, dict[int, float]] = {}
    sct: dict[str, dict[int, float]] = {}
    stnmt: dict[str, dict[int, float]] = {}
    snn: dict[str, dict[int, float]] = {}
    syt: dict[str, dict[int, float]] = {}
    bql: dict[str, dict[int, float]] = {}
    values.update(
        {
            "SXD": sxd,
            "SCT": sct,
            "STNMT": stnmt,
            "SNNPTNT": snn,
            "SYT": syt,
            "BQLKCN": bql,
            "SGTVT": {},
            "STC": {},
            "SNV": {},
        }
    )
    snn_sites = ((6, 1), (6, 2), (6, 3), (7, 4))
    zones = ((8, 7), (8, 8), (9, 8), (10, 9))
    medical = ((48, 41), (50, 44), (52, 47), (53, 49))
    stations = (2, 2, 3, 4)
    cems = ((58, 49), (64, 57), (71, 66), (76, 72))
    renewable = (62.4, 88.7, 121.5, 158.2)
    buses = (118, 126, 134, 152)
    staff = (172, 178, 185, 191)
    env_share = (0.0118, 0.0124, 0.0131, 0.0142)
    planted = (8_812.4, 9_148.6, 9_420.3, 7_986.5)  # 2024: storm Yagi delayed planting
    forestry_land = (162_400.0, 162_400.0, 161_950.0, 161_950.0)
    reserve = (13_022.7, 13_022.7, 13_022.7, 14_431.5)
    hazardous, medical_hw, inside, budget = 38_540.0, 612.5, 164, 25_120_000.0
    hw_share = (0.936, 0.951, 0.944, 0.968)

    def put(target: dict[str, dict[int, float]], code: str, year: int, value: float) -> None:
        target.setdefault(code, {})[year] = value

    for i, y in enumerate(ALL_YEARS):
        if i:
            hazardous *= rng.uniform(1.06, 1.10)
            medical_hw *= rng.uniform(1.03, 1.07)
            inside += rng.randint(8, 15)
            budget *= rng.uniform(1.04, 1.08)
        # lead 01 (SXD): within 2 % of the districts' sum
        for code in ("c01_nt_phat_sinh", "c01_nt_xu_ly_dat"):
            jitter = 1 + rng.uniform(-0.015, 0.015)
            put(sxd, code, y, _r(total(values, districts, code, y) * jitter))
        put(sxd, "c15_dan_duoc_cap", y, round(pop["ds_do_thi"][y] * (0.862 + 0.019 * i)))
        # lead 04 (SCT), 13 and 14 (STNMT): exactly the others' sum
        for code in ("c04_ccn_hoat_dong", "c04_ccn_dat"):
            put(sct, code, y, total(values, districts, code, y))
        put(sct, "c21_dien_tai_tao", y, _r(renewable[i] * rng.uniform(0.98, 1.02)))
        put(sct, "c21_dien_tong", y, _r(1_610.0 * (1 + 0.025 * i) * rng.uniform(0.98, 1.02)))
        put(snn, "c14_kv_o_nhiem", y, snn_sites[i][0])
        put(snn, "c14_kv_xu_ly", y, snn_sites[i][1])
        for code in ("c13_bcl_tong", "c13_bcl_hop_ve_sinh"):
            put(stnmt, code, y, total(values, districts, code, y))
        for code in ("c14_kv_o_nhiem", "c14_kv_xu_ly"):
            put(stnmt, code, y, total(values, [*districts, "SNNPTNT"], code, y))
        put(stnmt, "c09_ctnh_phat_sinh", y, _r(hazardous))
        put(stnmt, "c09_ctnh_xu_ly", y, _r(hazardous * hw_share[i]))
        put(stnmt, "c22_tram_qt_kk", y, stations[i])
        put(stnmt, "c23_doi_tuong", y, cems[i][0])
        put(stnmt, "c23_da_truyen", y, cems[i][1])
        # lead 20 (SNNPTNT): within 2 %, except 2024 (a 12 % gap the officer must see)
        for code in ("c20_dt_chay", "c20_dt_chat_pha"):
            factor = LEAD_GAP_2024 if y == 2024 else 1 + rng.uniform(-0.015, 0.015)
            put(snn, code, y, _r(total(values, districts, code, y) * factor, 2))
        put(snn, "c16_dan_hop_ve_sinh", y, round(pop["ds_nong_thon"][y] * (0.975 + 0.0037 * i)))
        put(snn, "c18_dt_quy_hoach", y, 16_850.0)
        put(snn, "c18_dt_khu_bao_ton", y, reserve[i])
        put(snn, "c19_dt_quy_hoach", y, forestry_land[i])
        put(snn, "c19_dt_trong_moi", y, planted[i])
        put(syt, "c05_csyt_tong", y, medical[i][0])
        put(syt, "c05_csyt_dat", y, medical[i][1])
        put(syt, "c09_ctnh_phat_sinh", y, _r(medical_hw))
        put(syt, "c09_ctnh_xu_ly", y, _r(medical_hw * (0.992 if i == 0 else 1.0)))
        put(bql, "c02_co_so_tong", y, inside)
        put(bql, "c02_co_so_dat", y, round(inside * rng.uniform(0.93, 0.97)))
        put(bql, "c03_kcn_hoat_dong", y, zones[i][0])
        put(bql, "c03_kcn_dat", y, zones[i][1])
        put(values["SGTVT"], "c07_phuong_tien", y, buses[i])
        put(values["STC"], "c24_tong_chi", y, _r(budget))
        put(values["STC"], "c24_chi_su_nghiep_mt", y, _r(budget * env_share[i]))
        put(values["SNV"], "c25_can_bo_mt", y, staff[i])


def make_values(rng: random.Random) -> Values:
    values: Values = {}
    for d in DISTRICTS:
        values[d.code] = district_values(rng, d)
    department_values(rng, values)
    return values


# ------------------------------------------------ the 2024 reorganisation (who reports 2024)
# 2024 is reported in February 2025 by the units of then: TP Bắc Giang for its own territory and the
# former huyện Yên Dũng (merged on 01/01/2025), thị xã Chũ (formed on 01/01/2025 from thị trấn Chũ and
# 9 communes of Lục Ngạn) for its territory and Lục Ngạn for the rest. The figures are the same
# territories' figures regrouped, so that every province-level figure of 2024 is unchanged.
MERGED_2024 = {"TPBACGIANG": ("TPBACGIANG", "YENDUNG")}
PART_2024 = ("LUCNGAN", "TXCHU")  # (the unit that gave a part, the unit formed from it)
# Share of Lục Ngạn's figures on the territory of thị xã Chũ; by default CHU_SHARE. Lục Ngạn's only
# class IV town is thị trấn Chũ: all its urban wastewater is the new town's.
CHU_SHARE = 0.34
CHU_SHARES = {"c01_nt_phat_sinh": 1.0, "c01_nt_xu_ly_dat": 1.0, "c20_dt_chay": 0.2, "c20_dt_chat_pha": 0.2}
# A ratio's part never above its whole on either side of the split: numerator -> denominator.
SPLIT_WHOLE = {
    "c01_nt_xu_ly_dat": "c01_nt_phat_sinh",
    "c02_co_so_dat": "c02_co_so_tong",
    "c04_ccn_dat": "c04_ccn_hoat_dong",
    "c11_ctr_phan_loai": "c11_ctr_thu_gom",
    "c12_ctr_xu_ly": "c12_ctr_phat_sinh",
    "c13_bcl_hop_ve_sinh": "c13_bcl_tong",
    "c14_kv_xu_ly": "c14_kv_o_nhiem",
    "c26_da_xu_ly": "c26_tiep_nhan",
}
REORG_CAUSE_2024 = {
    "TPBACGIANG": " Số liệu năm 2023 và năm 2024 gồm cả địa bàn huyện Yên Dũng cũ (sáp nhập vào thành "
    "phố Bắc Giang từ ngày 01/01/2025) để so sánh trên cùng địa bàn.",
    "TXCHU": " Thị xã Chũ được thành lập từ ngày 01/01/2025 trên cơ sở thị trấn Chũ và 9 xã của huyện "
    "Lục Ngạn; số liệu năm 2023 và năm 2024 là số liệu trên địa bàn này.",
    "LUCNGAN": " Số liệu năm 2023 và năm 2024 không gồm địa bàn thị xã Chũ (thành lập từ ngày 01/01/2025).",
}


def _districts_2024() -> dict[str, District]:
    """The district-level units that report 2024, with their places for the texts."""
    from dataclasses import replace

    city, yen_dung, luc_ngan = (DISTRICT_BY_CODE[c] for c in ("TPBACGIANG", "YENDUNG", "LUCNGAN"))
    chu_communes = ("thị trấn Chũ", "xã Hồng Giang", "xã Trù Hựu", "xã Phượng Sơn", "xã Quý Sơn")
    return {
        "TPBACGIANG": replace(
            city,
            communes=city.communes + yen_dung.communes,
            clusters=city.clusters + yen_dung.clusters,
            forest=yen_dung.forest,
        ),
        "TXCHU": replace(
            luc_ngan,
            code="TXCHU",
            area="thị xã Chũ",
            slug="txchu",
            communes=chu_communes,
            clusters=("CCN Hồng Giang",),
            forest="xã Phượng Sơn",
        ),
        "LUCNGAN": replace(
            luc_ngan,
            communes=tuple(c for c in luc_ngan.communes if c != "thị trấn Chũ"),
            clusters=tuple(c for c in luc_ngan.clusters if c != "CCN Hồng Giang"),
            plant="",
        ),
    }


DISTRICTS_2024 = _districts_2024()


def district_of(agency: str, year: int) -> District | None:
    """A district-level unit as it stands for a reporting year (names and places of the texts)."""
    from dataclasses import replace

    if year == 2024 and agency in DISTRICTS_2024:
        return DISTRICTS_2024[agency]
    district = DISTRICT_BY_CODE.get(agency)
    if district is not None and agency == "TXVIETYEN" and year < 2024:  # a thị xã from 01/02/2024
        return replace(district, area="huyện Việt Yên")
    return district


def zones_of(agency: str, year: int) -> tuple[str, ...]:
    if year == 2024 and agency in MERGED_2024:
        return tuple(z for a in MERGED_2024[agency] for z in ZONE_BY_DISTRICT.get(a, ()))
    return ZONE_BY_DISTRICT.get(agency, ZONES[:8])  # departments: zones operating since 2021


def _split(whole: float, share: float, integer: bool) -> float:
    return float(round(whole * share)) if integer else round(whole * share, 2)


def reorganised_2024(values: Values, catalog: Catalog) -> Values:
    """The figures of the units that report 2024 (years 2023 and 2024, the two columns of a 2024
    file): merged units added up, Lục Ngạn split with thị xã Chũ; the province's sums unchanged."""
    out: Values = {a: v for a, v in values.items() if a != "YENDUNG"}
    for target, sources in MERGED_2024.items():
        out[target] = {
            code: {y: round(sum(values[s][code][y] for s in sources), 2) for y in (2023, 2024)}
            for code in values[target]
        }
    giver, formed = PART_2024
    rest: dict[str, dict[int, float]] = {}
    part: dict[str, dict[int, float]] = {}
    for code, by_year in values[giver].items():
        integer = catalog.variable_by_code[code].type == "integer"
        share = CHU_SHARES.get(code, CHU_SHARE)
        part[code] = {y: _split(by_year[y], share, integer) for y in (2023, 2024)}
    for code, whole_code in SPLIT_WHOLE.items():  # keep each part within its whole on both sides
        for y in (2023, 2024):
            num, den = values[giver][code][y], values[giver][whole_code][y]
            low = num - (den - part[whole_code][y])
            part[code][y] = min(max(part[code][y], low), part[whole_code][y])
    for code, by_year in values[giver].items():
        digits = 0 if catalog.variable_by_code[code].type == "integer" else 2
        rest[code] = {y: round(by_year[y] - part[code][y], digits) for y in (2023, 2024)}
    out[giver], out[formed] = rest, part
    return out


# ------------------------------------------------------------------------ explanations (text)
# Keys: "<indicator>:<agency>", "<indicator>:district" or "<indicator>"; directions up, down,
# same, zero (unchanged at 0) and na (no denominator: "không phát sinh").
CAUSES: dict[str, dict[str, list[str]]] = {
    "01": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do lượng nước thải được xử lý đạt quy chuẩn tăng từ "
            "{np} lên {nc} m³/ngày đêm sau khi đấu nối thêm các tuyến cống thu gom tại {xa}, "
            "{xa2} về {plant}.",
            "Tăng so với năm {yp} ({p} → {c}): {plant} vận hành ổn định cả năm, lượng nước "
            "thải xử lý đạt QCVN 14:2008/BTNMT tăng thêm {dn} m³/ngày đêm.",
            "Tăng do hoàn thành tuyến cống bao thu gom nước thải khu vực {xa}; lượng nước thải "
            "sinh hoạt được xử lý đạt quy chuẩn đạt {nc} m³/ngày đêm (năm {yp}: {np}).",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do lượng nước thải phát sinh tăng {dd} m³/ngày đêm "
            "(dân số đô thị tăng, nhiều khu dân cư mới tại {xa}) trong khi công suất xử lý "
            "chưa được nâng.",
            "Giảm so với năm {yp} do {plant} tạm dừng một đơn nguyên để bảo dưỡng, lượng nước "
            "thải xử lý đạt quy chuẩn còn {nc} m³/ngày đêm.",
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); chưa có công trình thu gom, xử lý nước thải "
            "sinh hoạt tập trung mới đi vào vận hành tại đô thị loại IV trên địa bàn {area}.",
        ],
        "na": [
            "Trên địa bàn {area} chưa có đô thị loại IV trở lên nên không phát sinh số liệu; "
            "chỉ số không áp dụng (không tính là 0 %).",
        ],
    },
    "02:BQLKCN": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c}: thêm {dn} doanh nghiệp trong KCN hoàn thành nâng cấp "
            "hệ thống xử lý nước thải cục bộ, kết quả quan trắc định kỳ đạt tiêu chuẩn đấu "
            "nối của {kcn}.",
            "Tăng do các dự án mới đi vào hoạt động tại {kcn} đều xây dựng hệ thống xử lý nước "
            "thải đạt quy chuẩn ngay khi vận hành thử nghiệm; số cơ sở đạt là {nc}/{dc}.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do có thêm {dd} cơ sở phát sinh nước thải từ "
            "50 m³/ngày đêm trở lên tại {kcn}, một số cơ sở đang vận hành thử nghiệm chưa có "
            "kết quả quan trắc đạt quy chuẩn.",
        ],
        "same": ["Không thay đổi so với năm {yp} ({c}); số cơ sở đạt quy chuẩn giữ ở {nc}/{dc} cơ sở."],
    },
    "02": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c}: thêm {dn} cơ sở ngoài KCN hoàn thành cải tạo hệ thống "
            "xử lý nước thải đạt QCVN 40:2011/BTNMT sau đợt kiểm tra của UBND {area}.",
            "Tăng so với năm {yp}: kết quả quan trắc định kỳ cho thấy {nc}/{dc} cơ sở có nước "
            "thải sau xử lý đạt quy chuẩn, tăng {dn} cơ sở (chủ yếu tại {xa}).",
            "Tăng do các cơ sở chế biến, chăn nuôi quy mô lớn tại {xa} được yêu cầu lắp đặt "
            "hệ thống xử lý nước thải khi cấp giấy phép môi trường; số cơ sở đạt lên {nc}.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do có thêm {dd} cơ sở phát sinh nước thải từ "
            "50 m³/ngày đêm trở lên đưa vào quản lý, hệ thống xử lý đang hoàn thiện.",
            "Giảm do qua kiểm tra phát hiện cơ sở tại {xa} xả nước thải vượt quy chuẩn "
            "(thông số amoni, COD), đã bị xử phạt và yêu cầu khắc phục.",
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); số cơ sở thuộc đối tượng và số cơ sở "
            "đạt quy chuẩn giữ nguyên ({nc}/{dc})."
        ],
    },
    "03": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do trạm xử lý nước thải tập trung của {kcn_done} hoàn "
            "thành, "
            "kết quả quan trắc tự động đạt QCVN 40:2011/BTNMT cột A.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do có thêm {dd} KCN mới đi vào hoạt động ({kcn_new}), "
            "trạm xử lý nước thải tập trung đang trong giai đoạn vận hành thử nghiệm.",
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); {nc}/{dc} KCN đang hoạt động có trạm "
            "xử lý nước thải tập trung đạt quy chuẩn."
        ],
        "full": [
            "Duy trì {c} như năm {yp}: cả {dc} KCN đang hoạt động đều có trạm xử lý nước "
            "thải tập trung đạt quy chuẩn, kết nối quan trắc tự động về Sở."
        ],
    },
    "04:SCT": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c}: thêm {dn} cụm công nghiệp có trạm xử lý nước thải tập "
            "trung được cấp giấy phép môi trường (trong đó có {ccn}), tổng hợp từ báo cáo của "
            "UBND cấp huyện.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do có thêm {dd} cụm công nghiệp đi vào hoạt động "
            "(trong đó có {ccn}) nhưng chưa hoàn thành trạm xử lý nước thải tập trung.",
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); số cụm công nghiệp có trạm xử lý "
            "nước thải tập trung đạt quy chuẩn giữ nguyên {nc}/{dc} cụm."
        ],
    },
    "04": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do {ccn_done} hoàn thành xây dựng trạm xử lý nước thải tập "
            "trung, nâng số cụm có trạm đạt quy chuẩn lên {nc}/{dc} cụm.",
            "Tăng so với năm {yp}: chủ đầu tư hạ tầng {ccn_done} đưa trạm xử lý nước thải tập trung "
            "vào vận hành chính thức sau khi được cấp giấy phép môi trường.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do có thêm {dd} cụm công nghiệp đi vào hoạt động "
            "({ccn_new}) nhưng chưa đầu tư trạm xử lý nước thải tập trung.",
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); {nc}/{dc} cụm có trạm xử lý nước thải "
            "tập trung đạt quy chuẩn, chưa có trạm mới hoàn thành trong năm {y}."
        ],
        "zero": [
            "Không thay đổi (0 %): {dc} cụm công nghiệp đang hoạt động trên địa bàn {area} "
            "chưa có trạm xử lý nước thải tập trung do chủ đầu tư hạ tầng chưa bố trí được "
            "vốn."
        ],
        "full": [
            "Duy trì {c} như năm {yp}: {nc}/{dc} cụm công nghiệp đang hoạt động có trạm xử "
            "lý nước thải tập trung vận hành ổn định, kết quả quan trắc đạt quy chuẩn."
        ],
    },
    "05": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do {dn} cơ sở y tế hoàn thành nâng cấp hệ thống xử lý "
            "nước thải (Trung tâm Y tế {huyen}) bằng nguồn vốn sự nghiệp y tế.",
            "Tăng so với năm {yp}: thay thế hệ thống xử lý nước thải công nghệ cũ tại Trung tâm "
            "Y tế {huyen} bằng công nghệ AAO; số cơ sở đạt quy chuẩn là {nc}/{dc}.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do có thêm {dd} cơ sở y tế phát sinh nước thải "
            "đưa vào quản lý, hệ thống xử lý đang hoàn thiện."
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "07": {
        "up": [
            "Số phương tiện giao thông công cộng tăng từ {np} lên {nc} xe do mở mới tuyến xe "
            "buýt Bắc Giang – {huyen} và tăng tần suất chạy xe trên các tuyến nội tỉnh.",
            "Tăng {dn} phương tiện do doanh nghiệp vận tải đầu tư xe buýt mới thay thế xe cũ "
            "và bổ sung xe cho tuyến Bắc Giang – {huyen}.",
        ],
        "down": [
            "Số phương tiện giảm từ {np} xuống {nc} xe do doanh nghiệp ngừng khai thác "
            "tuyến Bắc Giang – {huyen} vì lượng khách thấp."
        ],
        "same": ["Số phương tiện giữ nguyên {nc} xe; mạng lưới tuyến xe buýt không thay đổi."],
    },
    "09:STNMT": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do các chủ nguồn thải trong KCN ký hợp đồng chuyển giao "
            "chất thải nguy hại cho đơn vị có giấy phép đầy đủ hơn; khối lượng được xử lý đạt "
            "{nc} tấn.",
            "Tăng so với năm {yp}: tăng cường kiểm tra việc quản lý chất thải nguy hại tại "
            "{kcn}, các cơ sở chuyển giao kịp thời, không lưu giữ quá thời hạn.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do khối lượng chất thải nguy hại phát sinh tăng mạnh "
            "({dp} → {dc} tấn) từ các nhà máy điện tử mới, một phần còn lưu giữ tại cơ sở chờ "
            "chuyển giao.",
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "09:SYT": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do toàn bộ chất thải y tế nguy hại được thu gom, xử lý "
            "theo mô hình cụm tại lò đốt của Bệnh viện Đa khoa tỉnh và đơn vị có chức năng.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do một số trạm y tế xã tại {huyen} chưa kịp "
            "chuyển giao chất thải lây nhiễm cuối năm."
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}): khối lượng chất thải y tế nguy hại phát sinh "
            "tăng từ {dp} lên {dc} tấn nhưng toàn bộ vẫn được thu gom, xử lý đúng quy định.",
            "Duy trì {c}: toàn bộ {dc} tấn chất thải y tế nguy hại được xử lý theo mô hình cụm, "
            "tăng {dd} tấn so với năm {yp} do số lượt khám, chữa bệnh tăng.",
        ],
    },
    "11": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do nhân rộng mô hình phân loại rác tại nguồn ra {xa}, "
            "{xa2}; khối lượng được phân loại đạt {nc} tấn/năm.",
            "Tăng so với năm {yp}: các hộ gia đình được cấp thùng ủ rác hữu cơ, rác hữu cơ được "
            "xử lý tại hộ, khối lượng phân loại tăng {dn} tấn.",
            'Tăng do Hội Liên hiệp Phụ nữ triển khai mô hình "Phân loại rác thải, biến rác '
            'thành tiền" tại {xa}; tỷ lệ phân loại đạt {c}.',
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do khối lượng thu gom tăng nhanh ({dp} → {dc} "
            "tấn) tại các khu dân cư mới, mô hình phân loại chưa kịp mở rộng."
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "12": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do rác thải được vận chuyển về khu xử lý tập trung của "
            "tỉnh thay vì chôn lấp tại chỗ; khối lượng được xử lý đạt {nc} tấn/năm.",
            "Tăng so với năm {yp}: đưa lò đốt chất thải rắn sinh hoạt tại {xa} vào vận hành, "
            "giảm lượng rác tồn đọng tại các điểm tập kết.",
            "Tăng do mở rộng phạm vi thu gom về {xa}, {xa2}; khối lượng xử lý đáp ứng yêu cầu "
            "tăng {dn} tấn so với năm {yp}.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do lò đốt rác tại {xa} dừng hoạt động để sửa chữa, "
            "một phần rác phải lưu giữ tạm tại bãi.",
            "Giảm so với năm {yp} do khối lượng phát sinh tăng {dd} tấn trong khi công suất "
            "khu xử lý chưa được nâng.",
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "13:STNMT": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do có thêm bãi chôn lấp được cải tạo, nâng cấp đạt yêu "
            "cầu hợp vệ sinh và đóng cửa bãi không hợp vệ sinh (tổng hợp từ UBND cấp huyện).",
        ],
        "down": ["Tỷ lệ giảm từ {p} xuống {c} do có thêm bãi chôn lấp tạm được đưa vào thống kê."],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); số bãi chôn lấp và số bãi hợp vệ sinh "
            "giữ nguyên ({nc}/{dc})."
        ],
    },
    "13": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do bãi chôn lấp tại {xa} được cải tạo (lót đáy chống "
            "thấm, thu gom và xử lý nước rỉ rác) đạt yêu cầu hợp vệ sinh.",
            "Tăng so với năm {yp}: hoàn thành dự án nâng cấp bãi chôn lấp tại {xa} thành bãi "
            "hợp vệ sinh; hiện có {nc}/{dc} bãi hợp vệ sinh.",
        ],
        "up_closed": [
            "Tăng so với năm {yp}: đóng cửa bãi rác không hợp vệ sinh tại {xa}, rác chuyển về "
            "khu xử lý tập trung; còn {dc} bãi, trong đó {nc} bãi hợp vệ sinh.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do bãi chôn lấp tại {xa} quá tải, không còn "
            "đáp ứng yêu cầu hợp vệ sinh."
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); {nc}/{dc} bãi chôn lấp hợp vệ sinh, chưa "
            "bố trí được vốn cải tạo bãi còn lại.",
            "Không thay đổi ({c}): số bãi chôn lấp trên địa bàn {area} giữ nguyên {dc} bãi, "
            "trong đó {nc} bãi hợp vệ sinh.",
        ],
        "zero": [
            "Không thay đổi (0 %): {dc} bãi chôn lấp trên địa bàn {area} chưa đạt yêu cầu "
            "hợp vệ sinh (chưa có lớp lót đáy, chưa xử lý nước rỉ rác); dự án cải tạo chưa "
            "được bố trí vốn."
        ],
        "full": [
            "Duy trì {c} như năm {yp}: bãi chôn lấp trên địa bàn {area} được vận hành "
            "đúng quy trình hợp vệ sinh (lót đáy, thu gom và xử lý nước rỉ rác, phủ đất "
            "hằng ngày)."
        ],
    },
    "14:STNMT": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c}: thêm {dn} khu vực ô nhiễm tồn lưu hóa chất bảo vệ thực "
            "vật được xử lý, cải tạo (tổng hợp từ Sở Nông nghiệp và PTNT và UBND cấp huyện).",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do điều tra, phát hiện thêm {dd} khu vực ô "
            "nhiễm tồn lưu chưa được xử lý."
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "14:SNNPTNT": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do hoàn thành xử lý kho thuốc bảo vệ thực vật tồn lưu "
            "tại {xa}, đất sau xử lý đạt QCVN 15:2008/BTNMT.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do phát hiện thêm {dd} điểm tồn lưu thuốc bảo "
            "vệ thực vật tại {xa} chưa được xử lý."
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "14": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do hoàn thành xử lý, cải tạo điểm tồn lưu hóa chất bảo "
            "vệ thực vật tại {xa}.",
            "Tăng so với năm {yp}: khu vực ô nhiễm tồn lưu tại {xa} được cải tạo, trồng cây xanh "
            "sau khi xử lý đất; đã xử lý {nc}/{dc} khu vực.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do điều tra bổ sung phát hiện thêm {dd} khu vực "
            "tồn lưu tại {xa} chưa được xử lý."
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); chưa bố trí được kinh phí xử lý các khu vực "
            "còn lại ({nc}/{dc} khu vực đã xử lý).",
        ],
        "zero": [
            "Không thay đổi (0 %): {dc} khu vực ô nhiễm tồn lưu trên địa bàn {area} chưa "
            "được xử lý do chưa bố trí được kinh phí; đã khoanh vùng, cắm biển cảnh báo."
        ],
        "full": [
            "Duy trì {c} như năm {yp}: {dc} khu vực ô nhiễm tồn lưu đã xác định trên địa "
            "bàn {area} đều đã được xử lý, cải tạo; không phát hiện khu vực mới."
        ],
        "na": [
            "Trên địa bàn {area} không có khu vực đất bị ô nhiễm tồn lưu được xác định; chỉ số không áp dụng."
        ],
    },
    "15": {
        "up": [
            "Số dân đô thị được cấp nước sạch tăng từ {np} lên {nc} người do mở rộng mạng lưới "
            "cấp nước của Nhà máy nước Bắc Giang về {tt} và các khu đô thị mới.",
            "Tăng {dn} người do đưa vào vận hành nhà máy nước sạch tại {tt} và phát triển "
            "thêm đấu nối hộ gia đình trong khu vực đô thị.",
        ],
        "down": ["Số dân được cấp nước giảm từ {np} xuống {nc} người do rà soát lại danh sách đấu nối."],
        "same": ["Số dân đô thị được cấp nước sạch không thay đổi ({nc} người)."],
    },
    "16": {
        "up": [
            "Số dân nông thôn sử dụng nước hợp vệ sinh tăng từ {np} lên {nc} người do đầu tư "
            "mới, nâng cấp công trình cấp nước tập trung tại {xa}, {xa2}.",
            "Tăng {dn} người nhờ Chương trình mục tiêu quốc gia xây dựng nông thôn mới hỗ trợ "
            "mở rộng mạng lưới cấp nước sạch tại {xa}.",
        ],
        "down": [
            "Số dân được sử dụng nước hợp vệ sinh giảm do một số công trình cấp nước tự "
            "chảy tại {xa} xuống cấp, ngừng hoạt động."
        ],
        "same": ["Không thay đổi so với năm {yp}."],
    },
    "18": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do UBND tỉnh quyết định mở rộng Khu bảo tồn thiên nhiên "
            "Tây Yên Tử, diện tích khu bảo tồn đã thành lập tăng {dn} ha.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do điều chỉnh tăng diện tích quy hoạch cho bảo tồn thiên nhiên."
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}); chưa thành lập thêm khu bảo tồn mới, diện tích "
            "Khu bảo tồn thiên nhiên Tây Yên Tử giữ nguyên {nc} ha.",
        ],
    },
    "19": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do diện tích rừng trồng mới tập trung tăng từ {np} lên "
            "{nc} ha (giá gỗ keo ổn định, người dân trồng lại rừng sau khai thác).",
            "Tăng so với năm {yp}: thực hiện chính sách hỗ trợ trồng rừng gỗ lớn, diện tích "
            "trồng mới tăng {dn} ha, tập trung tại {huyen}.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do bão số 3 (Yagi) tháng 9/{y} gây đổ gãy nhiều diện "
            "tích rừng, người dân dồn sức khai thác, thu dọn nên diện tích trồng mới giảm {dn} ha.",
            "Giảm so với năm {yp} do diện tích rừng đến tuổi khai thác giảm, trồng mới tập "
            "trung đạt {nc} ha.",
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "20:SNNPTNT": {
        "up": [
            "Diện tích rừng tự nhiên bị cháy, chặt phá tăng từ {p} lên {c} do thời tiết nắng "
            "nóng kéo dài, xảy ra cháy rừng tại {forest}.",
            "Tăng so với năm {yp} ({p} → {c}) do phát hiện một số vụ phá rừng tự nhiên để trồng "
            "keo tại {forest}; tổng hợp từ báo cáo của Hạt Kiểm lâm các huyện.",
        ],
        "down": [
            "Diện tích bị cháy, chặt phá giảm từ {p} xuống {c} do tăng cường tuần tra, canh gác "
            "trong mùa khô và xử lý nghiêm các vụ vi phạm.",
            "Giảm so với năm {yp} ({p} → {c}) nhờ thời tiết thuận lợi và phương án phòng cháy, "
            "chữa cháy rừng được triển khai sớm tại {forest}.",
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "20": {
        "up": [
            "Diện tích rừng tự nhiên bị cháy, chặt phá tăng từ {p} lên {c} do nắng nóng kéo dài, "
            "xảy ra cháy thực bì tại {forest}.",
            "Tăng so với năm {yp} do phát hiện vụ chặt phá rừng tự nhiên tại {forest} để lấy "
            "đất trồng cây ăn quả, đã lập hồ sơ xử lý.",
        ],
        "down": [
            "Giảm từ {p} xuống {c} do tăng cường tuần tra, kiểm soát người ra vào rừng tại "
            "{forest} trong mùa khô.",
            "Diện tích bị cháy, chặt phá giảm ({p} → {c}) nhờ thành lập thêm tổ đội quần chúng "
            "bảo vệ rừng tại thôn, bản giáp ranh rừng tự nhiên.",
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
        "zero": [
            "Trên địa bàn {area} không có rừng tự nhiên bị cháy, chặt phá (năm {yp} và năm {y} đều {c})."
        ],
    },
    "21": {
        "up": [
            "Sản lượng điện tái tạo tăng từ {p} lên {c} do phát triển điện mặt trời mái nhà "
            "tại các doanh nghiệp trong KCN và nhà máy điện sinh khối tại {huyen}.",
            "Tăng so với năm {yp} ({p} → {c}) do các hệ thống điện mặt trời mái nhà lắp đặt "
            "năm {yp} phát điện cả năm và thủy điện nhỏ đủ nước.",
        ],
        "down": ["Sản lượng điện tái tạo giảm từ {p} xuống {c} do thủy điện nhỏ thiếu nước mùa khô."],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "22": {
        "up": [
            "Số trạm quan trắc tự động không khí tăng từ {np} lên {nc} trạm do lắp đặt thêm "
            "trạm tại {xa} bằng nguồn sự nghiệp môi trường.",
        ],
        "down": ["Số trạm giảm do một trạm quan trắc tự động bị hỏng, dừng truyền dữ liệu."],
        "same": [
            "Số trạm quan trắc tự động không khí giữ nguyên {nc} trạm; dự án lắp đặt trạm mới "
            "đang trong giai đoạn lựa chọn nhà thầu.",
        ],
    },
    "23": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c}: thêm {dn} cơ sở hoàn thành lắp đặt hệ thống quan trắc "
            "nước thải, khí thải tự động, liên tục và truyền dữ liệu về Sở.",
            "Tăng so với năm {yp} do đôn đốc các cơ sở thuộc đối tượng (trong đó có trạm xử lý "
            "nước thải tập trung {kcn}) kết nối truyền số liệu; đạt {nc}/{dc} cơ sở.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do có thêm {dd} cơ sở mới thuộc đối tượng phải "
            "lắp đặt, đang trong thời gian thực hiện."
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "24": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do bố trí tăng chi sự nghiệp bảo vệ môi trường cho thu "
            "gom, xử lý rác thải sinh hoạt và xử lý ô nhiễm tồn lưu.",
            "Tăng so với năm {yp}: chi sự nghiệp bảo vệ môi trường tăng từ {np} lên {nc} triệu "
            "đồng, tăng nhanh hơn tổng chi ngân sách địa phương.",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c} do tổng chi ngân sách địa phương tăng mạnh (chi "
            "đầu tư phát triển) trong khi chi sự nghiệp môi trường tăng chậm."
        ],
        "same": ["Không thay đổi so với năm {yp} ({c})."],
    },
    "25": {
        "up": [
            "Số công chức, cán bộ làm nhiệm vụ bảo vệ môi trường tăng từ {np} lên {nc} người do "
            "tuyển dụng bổ sung công chức địa chính – môi trường cấp xã.",
            "Tăng {dn} người do bố trí thêm biên chế cho Phòng Tài nguyên và Môi trường cấp "
            "huyện và Chi cục Bảo vệ môi trường.",
        ],
        "down": [
            "Số cán bộ giảm từ {np} xuống {nc} người do nghỉ hưu, chuyển công tác chưa kịp tuyển bổ sung."
        ],
        "same": ["Không thay đổi so với năm {yp} ({nc} người)."],
    },
    "26": {
        "up": [
            "Tỷ lệ tăng từ {p} lên {c} do các phản ánh qua đường dây nóng được giao xử lý ngay "
            "trong ngày, theo dõi trên phần mềm một cửa.",
            "Tăng so với năm {yp}: đã xử lý {nc}/{dc} phản ánh (chủ yếu về mùi, tiếng ồn và "
            "rác thải tại {xa}).",
        ],
        "down": [
            "Tỷ lệ giảm từ {p} xuống {c}: tiếp nhận {dc} thông tin (năm {yp}: {dp}), còn một "
            "số vụ phức tạp tại {xa} đang xác minh, chưa có kết quả xử lý.",
            "Giảm so với năm {yp} do còn phản ánh về ô nhiễm mùi từ trang trại chăn nuôi tại "
            "{xa} đang chờ kết quả quan trắc để xử lý.",
        ],
        "same": [
            "Không thay đổi so với năm {yp} ({c}): tiếp nhận {dc} thông tin, đã xử lý {nc}; "
            "các phản ánh còn lại đang xác minh.",
        ],
        "full": [
            "Duy trì {c} như năm {yp}: toàn bộ {dc} phản ánh tiếp nhận (năm {yp}: {dp}) đã được "
            "kiểm tra, xử lý trong thời hạn.",
            "Giữ ở mức {c}: tiếp nhận {dc} thông tin (năm {yp}: {dp}), đã xử lý hết {nc} thông "
            "tin, chủ yếu về rác thải và mùi tại {xa}.",
        ],
    },
}

MEASURES: dict[str, list[str]] = {
    "01": [
        "Đôn đốc {k} hộ dân tại {xa} đấu nối nước thải sinh hoạt vào hệ thống thu gom chung",
        "Rà soát Kế hoạch thoát nước và xử lý nước thải đô thị giai đoạn 2021–2025, đề xuất vốn "
        "đầu tư tuyến cống bao tại {xa2}",
        "Nạo vét {k2} km cống thoát nước, tách nước mưa và nước thải tại khu dân cư mới",
        "Quan trắc nước thải sau xử lý hằng quý và công khai kết quả trên cổng thông tin của {org}",
        "Lồng ghép yêu cầu xử lý nước thải khi thẩm định dự án khu đô thị, khu dân cư mới",
    ],
    "01:na": [
        "Phối hợp Sở Xây dựng lập quy hoạch thoát nước cho {xa} theo định hướng lên đô thị loại IV",
        "Yêu cầu các khu dân cư mới tại {xa2} xây dựng hệ thống thoát nước riêng",
    ],
    "02": [
        "Kiểm tra đột xuất {k2} cơ sở có lưu lượng nước thải lớn tại {xa}",
        "Yêu cầu cơ sở chăn nuôi, chế biến nông sản lắp đặt đồng hồ đo lưu lượng nước thải",
        "Hướng dẫn {k2} doanh nghiệp lập hồ sơ đề nghị cấp giấy phép môi trường",
        "Xử phạt vi phạm hành chính, buộc khắc phục hệ thống xử lý nước thải không đạt chuẩn",
    ],
    "02:BQLKCN": [
        "Kiểm tra việc đấu nối nước thải của {k2} doanh nghiệp vào trạm xử lý tập trung {kcn}",
        "Yêu cầu chủ đầu tư hạ tầng {kcn} giám sát chất lượng nước thải đầu vào theo hợp đồng đấu nối",
        "Tập huấn quy định về bảo vệ môi trường cho cán bộ môi trường các doanh nghiệp trong KCN",
    ],
    "03": [
        "Đưa vào vận hành trạm xử lý nước thải tập trung {kcn_done} (công suất {cap} m³/ngày đêm)",
        "Yêu cầu chủ đầu tư hạ tầng các KCN duy trì hồ sự cố và truyền dữ liệu quan trắc tự "
        "động về Sở Tài nguyên và Môi trường",
        "Kiểm tra công tác vận hành trạm xử lý nước thải tập trung của {k2} KCN",
    ],
    "04": [
        "Đôn đốc chủ đầu tư hạ tầng {ccn_pending} hoàn thành trạm xử lý nước thải tập trung",
        "Không tiếp nhận dự án mới phát sinh nước thải vào {ccn_pending} khi chưa có trạm xử lý",
        "Kiến nghị UBND tỉnh thay thế chủ đầu tư hạ tầng cụm công nghiệp chậm tiến độ",
        "Phối hợp Phòng Kinh tế – Hạ tầng kiểm tra đấu nối nước thải của các cơ sở trong cụm",
    ],
    "03:down": [
        "Đôn đốc chủ đầu tư hạ tầng {kcn_new} hoàn thành trạm xử lý nước thải tập trung (công "
        "suất {cap} m³/ngày đêm)",
        "Chỉ cho phép dự án trong {kcn_new} xả thải khi trạm xử lý tập trung vận hành ổn định",
        "Kiểm tra công tác vận hành trạm xử lý nước thải tập trung của {k2} KCN",
    ],
    "04:full": [
        "Kiểm tra định kỳ việc vận hành trạm xử lý nước thải tập trung {ccn}",
        "Yêu cầu chủ đầu tư hạ tầng cụm công nghiệp lắp đặt quan trắc tự động nước thải sau xử lý",
        "Rà soát đấu nối nước thải của các cơ sở mới vào cụm công nghiệp",
    ],
    "05": [
        "Bố trí kinh phí nâng cấp hệ thống xử lý nước thải tại Trung tâm Y tế {huyen}",
        "Quan trắc định kỳ nước thải y tế tại {k2} cơ sở, yêu cầu khắc phục cơ sở không đạt",
        "Tập huấn vận hành hệ thống xử lý nước thải cho cán bộ phụ trách của các bệnh viện",
    ],
    "07": [
        "Công bố mở tuyến xe buýt Bắc Giang – {huyen}",
        "Khuyến khích doanh nghiệp đầu tư xe buýt sử dụng nhiên liệu sạch (CNG, điện)",
        "Cải tạo {k2} nhà chờ, điểm dừng xe buýt trên các tuyến nội tỉnh",
    ],
    "09": [
        "Kiểm tra việc quản lý chất thải nguy hại tại {k2} cơ sở trong {kcn}",
        "Hướng dẫn chủ nguồn thải khai báo chất thải nguy hại trong báo cáo công tác bảo vệ "
        "môi trường định kỳ",
        "Xử phạt các cơ sở lưu giữ chất thải nguy hại quá thời hạn",
    ],
    "09:SYT": [
        "Duy trì mô hình thu gom, xử lý chất thải y tế nguy hại theo cụm",
        "Kiểm tra công tác quản lý chất thải y tế tại Trung tâm Y tế {huyen} và các trạm y tế xã",
        "Tập huấn phân loại chất thải y tế tại nguồn theo Thông tư 20/2021/TT-BYT",
    ],
    "11": [
        "Cấp {k} thùng ủ rác hữu cơ cho hộ gia đình tại {xa}",
        "Tuyên truyền phân loại rác tại nguồn trên hệ thống loa truyền thanh cơ sở",
        "Nhân rộng mô hình phân loại rác tại nguồn ra {xa2}",
        'Phối hợp Hội Liên hiệp Phụ nữ duy trì mô hình "Ngôi nhà xanh" tại các thôn, tổ dân phố',
    ],
    "12": [
        "Ký hợp đồng thu gom, vận chuyển rác về khu xử lý tập trung với đơn vị dịch vụ công ích",
        "Bố trí thêm {k2} điểm tập kết rác tạm tại {xa}, thu gom hằng ngày",
        "Xử lý dứt điểm rác tồn đọng tại các điểm tập kết ven đường",
        "Hỗ trợ kinh phí vận chuyển rác cho các xã xa khu xử lý",
    ],
    "13": [
        "Cải tạo bãi chôn lấp tại {xa}: lót đáy chống thấm, xây hồ thu gom nước rỉ rác",
        "Lập phương án đóng cửa bãi chôn lấp không hợp vệ sinh",
        "Phun chế phẩm khử mùi, diệt côn trùng định kỳ tại bãi chôn lấp",
    ],
    "13:full": [
        "Giám sát vận hành bãi chôn lấp hợp vệ sinh: phủ đất, phun chế phẩm khử mùi định kỳ",
        "Quan trắc nước rỉ rác sau xử lý và nước ngầm quanh bãi chôn lấp",
        "Lập phương án mở rộng ô chôn lấp khi ô hiện hữu đầy",
    ],
    "13:STNMT": [
        "Tổng hợp, rà soát hiện trạng các bãi chôn lấp trên địa bàn tỉnh",
        "Hướng dẫn UBND cấp huyện lập phương án cải tạo, đóng cửa bãi chôn lấp không hợp vệ sinh",
    ],
    "14": [
        "Khoanh vùng, cắm biển cảnh báo khu vực ô nhiễm tồn lưu tại {xa}",
        "Lập dự án xử lý ô nhiễm tồn lưu, đề xuất vốn sự nghiệp môi trường",
        "Quan trắc chất lượng đất, nước ngầm xung quanh khu vực tồn lưu",
    ],
    "14:STNMT": [
        "Cập nhật danh mục khu vực ô nhiễm tồn lưu trên địa bàn tỉnh",
        "Tham mưu UBND tỉnh bố trí kinh phí xử lý điểm tồn lưu hóa chất bảo vệ thực vật",
    ],
    "14:full": [
        "Quan trắc, giám sát định kỳ chất lượng đất tại khu vực đã cải tạo ở {xa}",
        "Rà soát, phát hiện sớm các khu vực có nguy cơ ô nhiễm tồn lưu mới",
    ],
    "14:na": ["Rà soát, điều tra các khu vực có nguy cơ ô nhiễm tồn lưu trên địa bàn"],
    "15": [
        "Mở rộng mạng lưới cấp nước sạch về {tt}",
        "Kiểm tra chất lượng nước sạch tại các nhà máy nước theo QCVN 01-1:2018/BYT",
        "Đôn đốc doanh nghiệp cấp nước giảm tỷ lệ thất thoát, đấu nối thêm {k} hộ",
    ],
    "16": [
        "Đầu tư nâng cấp công trình cấp nước tập trung tại {xa}",
        "Kiểm tra chất lượng nước tại các công trình cấp nước nông thôn",
        "Lồng ghép nguồn vốn Chương trình xây dựng nông thôn mới cho cấp nước sạch",
    ],
    "18": [
        "Phối hợp Ban quản lý Khu bảo tồn thiên nhiên Tây Yên Tử điều tra đa dạng sinh học",
        "Cắm mốc ranh giới khu bảo tồn, giao khoán bảo vệ rừng cho cộng đồng",
    ],
    "19": [
        "Hỗ trợ cây giống keo lai mô, trồng rừng gỗ lớn tại {huyen}",
        "Hướng dẫn chủ rừng trồng lại rừng ngay sau khai thác",
        "Kiểm tra, nghiệm thu diện tích rừng trồng mới tập trung",
    ],
    "20": [
        "Ban hành phương án phòng cháy, chữa cháy rừng và tổ chức diễn tập tại {forest}",
        "Duy trì {k2} tổ đội quần chúng bảo vệ rừng tuần tra trong mùa khô",
        "Phối hợp Hạt Kiểm lâm lập hồ sơ xử lý các vụ vi phạm Luật Lâm nghiệp",
    ],
    "20:zero": [
        "Tuyên truyền Luật Lâm nghiệp và quy định phòng cháy, chữa cháy rừng",
        "Quản lý cây xanh, diện tích rừng trồng phân tán trên địa bàn",
    ],
    "21": [
        "Hướng dẫn doanh nghiệp lắp đặt điện mặt trời mái nhà tự sản, tự tiêu",
        "Theo dõi tiến độ dự án nhà máy điện sinh khối tại {huyen}",
        "Tuyên truyền sử dụng năng lượng tiết kiệm và hiệu quả",
    ],
    "22": [
        "Lắp đặt trạm quan trắc không khí tự động tại {xa}",
        "Công khai chỉ số chất lượng không khí (VN_AQI) hằng ngày trên cổng thông tin điện tử",
        "Bảo trì, hiệu chuẩn thiết bị quan trắc tự động",
    ],
    "23": [
        "Đôn đốc {k2} cơ sở thuộc đối tượng lắp đặt, kết nối truyền số liệu quan trắc tự động",
        "Nâng cấp hệ thống tiếp nhận dữ liệu quan trắc tự động của Sở",
        "Xử phạt cơ sở chậm lắp đặt hệ thống quan trắc tự động",
    ],
    "24": [
        "Tham mưu UBND tỉnh bố trí chi sự nghiệp bảo vệ môi trường không thấp hơn dự toán Trung ương giao",
        "Hướng dẫn UBND cấp huyện sử dụng kinh phí sự nghiệp môi trường đúng mục đích",
    ],
    "25": [
        "Bổ sung biên chế công chức làm công tác bảo vệ môi trường cấp huyện, cấp xã",
        "Tổ chức bồi dưỡng chuyên môn về bảo vệ môi trường cho công chức cấp xã",
    ],
    "26": [
        "Công khai số điện thoại đường dây nóng trên cổng thông tin điện tử của {org}",
        "Giao Phòng Tài nguyên và Môi trường kiểm tra, xác minh phản ánh trong 24 giờ",
        "Thông báo kết quả xử lý cho người phản ánh và UBND {xa_short}",
        "Kiểm tra đột xuất cơ sở bị phản ánh nhiều lần tại {xa}",
    ],
}

# (number, issuer, summary, timing): timing "annual" = end of year up to the report date,
# "any" = during the year, "early" = January–February, "quarter" = after a quarter ({quy}).
DOCS: dict[str, list[tuple[str, str, str, str]]] = {
    "01": [
        (
            "{n}/BC-{short}",
            "{org}",
            "Báo cáo kết quả thu gom, xử lý nước thải sinh hoạt đô thị năm {y}",
            "annual",
        ),
        (
            "{n}/KQQT-TTQT",
            "Trung tâm Quan trắc tài nguyên và môi trường",
            "Kết quả quan trắc nước thải sau xử lý của {plant}, quý {quy}/{y}",
            "quarter",
        ),
    ],
    "02": [
        (
            "{n}/BC-{short}",
            "{org}",
            "Báo cáo danh sách cơ sở phát sinh nước thải từ 50 m³/ngày đêm trở lên năm {y}",
            "annual",
        ),
        (
            "{n}/KL-{short}",
            "{org}",
            "Kết luận kiểm tra công tác bảo vệ môi trường đối với cơ sở sản xuất, kinh doanh tại {xa}",
            "any",
        ),
    ],
    "03": [
        (
            "{n}/BC-BQL",
            "Ban quản lý các khu công nghiệp tỉnh",
            "Báo cáo công tác bảo vệ môi trường các khu công nghiệp năm {y}",
            "annual",
        ),
        (
            "{n}/GPMT-BTNMT",
            "Bộ Tài nguyên và Môi trường",
            "Giấy phép môi trường dự án đầu tư xây dựng và kinh doanh kết cấu hạ tầng {kcn}",
            "any",
        ),
    ],
    "04": [
        (
            "{n}/BC-{short}",
            "{org}",
            "Báo cáo hiện trạng hạ tầng bảo vệ môi trường các cụm công nghiệp năm {y}",
            "annual",
        ),
        (
            "{n}/GPMT-UBND",
            "UBND tỉnh Bắc Giang",
            "Giấy phép môi trường trạm xử lý nước thải tập trung {ccn}",
            "any",
        ),
    ],
    "05": [
        ("{n}/BC-SYT", "Sở Y tế", "Báo cáo kết quả quản lý chất thải y tế năm {y}", "annual"),
        (
            "{n}/KQQT-TTQT",
            "Trung tâm Quan trắc tài nguyên và môi trường",
            "Kết quả quan trắc nước thải y tế sau xử lý tại Trung tâm Y tế {huyen}, quý {quy}/{y}",
            "quarter",
        ),
    ],
    "07": [
        (
            "{n}/BC-SGTVT",
            "Sở Giao thông vận tải",
            "Báo cáo tình hình hoạt động vận tải hành khách công cộng bằng xe buýt năm {y}",
            "annual",
        )
    ],
    "09": [
        (
            "{n}/BC-{short}",
            "{org}",
            "Báo cáo tổng hợp khối lượng chất thải nguy hại phát sinh, chuyển giao, xử lý năm {y}",
            "annual",
        )
    ],
    "11": [
        (
            "{n}/BC-UBND",
            "{org}",
            "Báo cáo kết quả phân loại chất thải rắn sinh hoạt tại nguồn năm {y}",
            "annual",
        )
    ],
    "12": [
        (
            "{n}/BC-UBND",
            "{org}",
            "Báo cáo công tác thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt năm {y}",
            "annual",
        ),
        (
            "{n}/HĐ-UBND",
            "{org}",
            "Hợp đồng dịch vụ thu gom, vận chuyển, xử lý rác thải sinh hoạt năm {y}",
            "early",
        ),
    ],
    "13": [
        (
            "{n}/BC-{short}",
            "{org}",
            "Báo cáo hiện trạng các bãi chôn lấp chất thải rắn sinh hoạt năm {y}",
            "annual",
        )
    ],
    "14": [
        (
            "{n}/BC-{short}",
            "{org}",
            "Báo cáo kết quả xử lý, cải tạo khu vực ô nhiễm tồn lưu năm {y}",
            "annual",
        )
    ],
    "15": [("{n}/BC-SXD", "Sở Xây dựng", "Báo cáo tình hình cấp nước sạch đô thị năm {y}", "annual")],
    "16": [
        (
            "{n}/BC-SNN",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Báo cáo kết quả Bộ chỉ số theo dõi, đánh giá nước sạch nông thôn năm {y}",
            "annual",
        )
    ],
    "18": [
        (
            "{n}/BC-SNN",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Báo cáo hiện trạng các khu bảo tồn thiên nhiên năm {y}",
            "annual",
        )
    ],
    "19": [
        (
            "{n}/QĐ-UBND",
            "UBND tỉnh Bắc Giang",
            "Quyết định công bố hiện trạng rừng tỉnh Bắc Giang năm {yp}",
            "any",
        ),
        (
            "{n}/BC-SNN",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Báo cáo kết quả trồng rừng tập trung năm {y}",
            "annual",
        ),
    ],
    "20": [
        (
            "{n}/BC-{short}",
            "{org}",
            "Báo cáo công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng năm {y}",
            "annual",
        )
    ],
    "21": [
        (
            "{n}/BC-SCT",
            "Sở Công Thương",
            "Báo cáo sản lượng điện sản xuất trên địa bàn tỉnh năm {y}",
            "annual",
        )
    ],
    "22": [
        (
            "{n}/BC-STNMT",
            "Sở Tài nguyên và Môi trường",
            "Báo cáo kết quả quan trắc tự động chất lượng không khí năm {y}",
            "annual",
        )
    ],
    "23": [
        (
            "{n}/BC-STNMT",
            "Sở Tài nguyên và Môi trường",
            "Báo cáo danh sách cơ sở kết nối truyền số liệu quan trắc tự động năm {y}",
            "annual",
        )
    ],
    "24": [
        (
            "{n}/BC-STC",
            "Sở Tài chính",
            "Báo cáo đánh giá thực hiện thu, chi ngân sách địa phương năm {y}",
            "annual",
        ),
        (
            "{n}/QĐ-UBND",
            "UBND tỉnh Bắc Giang",
            "Quyết định giao dự toán thu, chi ngân sách nhà nước năm {y}",
            "early",
        ),
    ],
    "25": [
        (
            "{n}/BC-SNV",
            "Sở Nội vụ",
            "Báo cáo số lượng công chức, viên chức làm công tác bảo vệ môi trường năm {y}",
            "annual",
        )
    ],
    "26": [
        (
            "{n}/BC-UBND",
            "{org}",
            "Báo cáo kết quả tiếp nhận, xử lý phản ánh qua đường dây nóng về môi trường năm {y}",
            "annual",
        ),
        ("{n}/TB-UBND", "{org}", "Thông báo kết quả xử lý phản ánh về ô nhiễm môi trường tại {xa}", "any"),
    ],
}


def pool(table: dict[str, Any], code: str, agency: str, kind: str, direction: str) -> Any:
    """The most specific entry: per agency, per direction, per agency kind, then generic."""
    for key in (f"{code}:{agency}", f"{code}:{direction}", f"{code}:{kind}", code):
        if key in table:
            return table[key]
    raise KeyError(code)


# ---------------------------------------------------------------------------- filling workbooks
@dataclass
class Filled:
    """Where things landed in one generated workbook (for the invalid cases)."""

    path: Path
    value_cells: dict[str, tuple[str, str]]  # variable -> (previous cell, current cell)
    indicator_cells: dict[str, str]  # "CSxx" -> current cell
    last_row: int


def header_columns(ws: Worksheet, headers: dict[str, str]) -> tuple[int, dict[str, int]]:
    wanted = {L.norm(v): k for k, v in headers.items()}
    for row in ws.iter_rows(min_row=1, max_row=20):
        found = {
            wanted[L.norm(c.value)]: c.column
            for c in row
            if isinstance(c.value, str) and L.norm(c.value) in wanted
        }
        if "code" in found or "indicator" in found:
            return row[0].row, found
    raise ValueError(f"no header row in sheet {ws.title!r}")


def fmt_value(ind: Indicator, value: float | None) -> str:
    if value is None:
        return "—"
    if ind.is_percent:
        return f"{vn_number(value)} %"
    return f"{vn_number(value)} {ind.unit}"


def places(rng: random.Random, agency: str, year: int) -> dict[str, str]:
    """Place names for the texts: the agency's own district, or any district for departments."""
    district = district_of(agency, year)
    if district is None:
        pool_ = [d for d in DISTRICTS if d.plant] if agency == "SXD" else list(DISTRICTS)
        district, other = rng.sample(pool_, 2)
        communes = [f"{rng.choice(d.communes)} ({d.area})" for d in (district, other)]
        area = "tỉnh"
        forest = "huyện Sơn Động, Lục Ngạn, Lục Nam"
        plant = PROVINCE_PLANT
    else:
        communes = rng.sample(district.communes, 2)
        area = district.area
        forest = f"{district.forest} ({district.area})" if district.forest else district.area
        plant = district.plant or "hệ thống xử lý nước thải đô thị"
    zones = zones_of(agency, year)
    rural = rng.choice(
        ("Lục Ngạn", "Sơn Động", "Lục Nam", "Yên Thế", "Tân Yên", "Hiệp Hòa", "Lạng Giang", "Yên Dũng")
    )
    short = communes[0].split(" (")[0]
    # Lục Ngạn without thị trấn Chũ (2024) has no town left: any of its communes then.
    towns = [c for c in district.communes if c.startswith(("thị trấn", "phường"))] or list(district.communes)
    town = rng.choice(towns)
    if agency not in DISTRICT_BY_CODE:
        town = f"{town} ({district.area})"
    return {
        "area": area,
        "xa": communes[0],
        "xa2": communes[1],
        "plant": plant,
        "forest": forest,
        "ccn": rng.choice(district.clusters),
        "kcn": rng.choice(zones),
        "huyen": f"huyện {rural}",
        "xa_short": short,
        "tt": town,
    }


def explain(
    rng: random.Random,
    ind: Indicator,
    agency: str,
    kind: str,
    year: int,
    org: str,
    selfs: tuple[float | None, float | None],
    mine: dict[str, dict[int, float]],
) -> tuple[str, str, str]:
    """Cause, measures and note of one indicator row, consistent with the direction of change."""
    prev, cur = selfs

    def side(codes: list[str], y: int) -> float | None:
        got = [mine[c][y] for c in codes if c in mine]
        return sum(got) if got and len(got) == len(codes) else None

    np_, nc = side(ind.numerator, year - 1), side(ind.numerator, year)
    dp, dc = side(ind.denominator, year - 1), side(ind.denominator, year)
    if prev is not None and cur is not None:
        a, b = prev, cur
    elif ind.denominator and dp == 0 and dc == 0:
        a = b = None
    else:
        a, b = np_, nc
    if a is None or b is None:
        direction = "na"
    elif b > a:
        direction = "up"
    elif b < a:
        direction = "down"
    else:
        direction = "zero" if b == 0 else "same"
        if direction == "same" and ind.is_percent and nc is not None and nc == dc:
            direction = "full"
    causes = pool(CAUSES, ind.code, agency, kind, direction)
    templates = causes.get(direction) or causes["same"]
    if direction == "up" and dc is not None and dp is not None and dc < dp:
        templates = causes.get("up_closed", templates)  # the whole shrank (a site closed)
    full_now = ind.is_percent and nc is not None and dc is not None and 0 < dc == nc
    measures = pool(MEASURES, ind.code, agency, kind, "full" if full_now else direction)
    ctx = places(rng, agency, year)
    district = district_of(agency, year)
    if district is not None:  # clusters operating this year; the last one is the newest
        operating = district.clusters[: int(mine["c04_ccn_hoat_dong"][year])]
        done = int(mine["c04_ccn_dat"][year])  # the first `done` clusters have a plant
        pending = operating[done:] or operating
        ctx.update(
            ccn=rng.choice(operating),
            ccn_new=operating[-1],
            ccn_done=operating[max(done, 1) - 1],
            ccn_pending=rng.choice(pending),
        )
    else:
        ctx.update(ccn_new=ctx["ccn"], ccn_done=ctx["ccn"], ccn_pending=ctx["ccn"])
    if "c03_kcn_hoat_dong" in mine:
        zones = mine["c03_kcn_hoat_dong"]
        ctx.update(kcn_new=ZONES[int(zones[year]) - 1], kcn_done=ZONES[int(zones[year - 1]) - 1])

    def num(v: float | None) -> str:
        return vn_number(v) if v is not None else "—"

    ctx.update(
        p=fmt_value(ind, prev),
        c=fmt_value(ind, cur),
        np=num(np_),
        nc=num(nc),
        dp=num(dp),
        dc=num(dc),
        y=str(year),
        yp=str(year - 1),
        org=org,
        dn=num(abs(nc - np_)) if nc is not None and np_ is not None else "—",
        dd=num(abs(dc - dp)) if dc is not None and dp is not None else "—",
        k=str(rng.randrange(60, 900, 10)),
        k2=str(rng.randint(2, 9)),
        cap=vn_number(rng.choice((2000, 3000, 4500, 5000, 6000))),
    )
    cause = rng.choice(templates).format(**ctx)
    chosen = rng.sample(measures, min(2, len(measures)))
    measure = "; ".join(m.format(**ctx) for m in chosen)
    measure = measure[0].upper() + measure[1:] + "."
    if direction == "na":
        note = "Không phát sinh (mẫu số bằng 0)"
    elif cur is None:
        note = "Kết quả chỉ số do Sở Tài nguyên và Môi trường tính theo số liệu dân số của Cục Thống kê"
    else:
        note = ""
    return cause, measure, note


def document_date(rng: random.Random, timing: str, year: int, quarter: int, report_date: date) -> date:
    if timing == "annual":  # from 10 December up to two days before the report
        start = date(year, 12, 10)
        latest = min(report_date, date(year + 1, 2, 18)) - start
        return start + timedelta(days=rng.randint(0, latest.days - 2))
    if timing == "early":
        return date(year, rng.randint(1, 2), rng.randint(5, 27))
    if timing == "quarter":
        return date(year, 3 * quarter + 1, rng.randint(5, 25))
    return date(year, rng.randint(3, 11), rng.randint(1, 28))


def write_info(info: Worksheet, fields: dict[str, Any]) -> None:
    """Fill the information sheet: each value beside its label."""
    labels = {L.norm(v): k for k, v in L.INFO_LABELS.items()}
    for row in info.iter_rows(min_row=1, max_row=30, max_col=1):
        key = labels.get(L.norm(row[0].value)) if isinstance(row[0].value, str) else None
        if key in fields:
            info.cell(row[0].row, 2).value = fields[key]


def fill_workbook(
    path: Path,
    catalog: Catalog,
    agency: str,
    year: int,
    values: Values,
    rng: random.Random,
    as_text: str | None = None,
) -> Filled:
    """Fill one template in place: information, figures, self-assessment, documents, metadata."""
    wb = load_workbook(path)
    kind = catalog.agency_by_code[agency].kind
    org = catalog.agency_name_for_year(agency, year)
    mine = values[agency]
    short = "UBND" if kind == "district" else LETTER[agency]
    # information sheet
    info = wb[L.SHEET_INFO]
    letter_no = f"{rng.randint(12, 320)}/BC-{short}"
    if year == 2024 and agency in LATE:
        report_date = LATE[agency]
    else:
        report_date = date(year + 1, rng.choice((1, 2)), rng.randint(6, 18))
    names = NAMES[sorted(values).index(agency) % len(NAMES)]
    if year == 2024 and rng.random() < 0.25:
        names = NAMES[(sorted(values).index(agency) + 7) % len(NAMES)]
    if kind == "district":
        position = "Chuyên viên Phòng Tài nguyên và Môi trường"
        email = f"ptnmt.{DISTRICT_BY_CODE.get(agency, DISTRICTS_2024.get(agency)).slug}@bacgiang.gov.vn"
    else:
        position = POSITION[agency]
        email = f"{EMAIL[agency]}@bacgiang.gov.vn"
    phone = (
        f"0204 3{rng.randint(100, 999)} {rng.randint(100, 999)}"
        if rng.random() < 0.5
        else f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    )
    fields: dict[str, Any] = {
        "reporter": names,
        "position": position,
        "phone": phone,
        "email": email,
        "report_date": report_date,
        "letter_no": letter_no,
    }
    write_info(info, fields)
    # figures and self-assessment
    data = wb[L.SHEET_DATA]
    head, cols = header_columns(data, L.data_headers(year))
    value_cells: dict[str, tuple[str, str]] = {}
    indicator_cells: dict[str, str] = {}
    indicators = {i.key: i for i in catalog.indicators_for(agency, year)}
    last = head
    for r in range(head + 1, data.max_row + 1):
        code = data.cell(r, cols["code"]).value
        if not isinstance(code, str):
            continue
        last = r
        prev_cell = data.cell(r, cols["previous"])
        cur_cell = data.cell(r, cols["current"])
        if code in indicators:
            ind = indicators[code]
            selfs = []
            for y in (year - 1, year):
                got = evaluate_indicator(ind, {c: mine[c][y] for c in mine})
                selfs.append(round(got.value, 2) if got.outcome == "ok" else None)
            prev_cell.value, cur_cell.value = selfs
            cause, measure, note = explain(rng, ind, agency, kind, year, org, (selfs[0], selfs[1]), mine)
            if year == 2024:
                cause += REORG_CAUSE_2024.get(agency, "")
            data.cell(r, cols["cause"]).value = cause
            data.cell(r, cols["measures"]).value = measure
            data.cell(r, cols["note"]).value = note or None
            indicator_cells[code] = cur_cell.coordinate
        elif code in mine:
            var = catalog.variable_by_code[code]
            cast = int if var.type == "integer" else float
            prev_cell.value = cast(mine[code][year - 1])
            cur_cell.value = cast(mine[code][year])
            if code == as_text:
                cur_cell.value = vn_number(mine[code][year], 2)
            value_cells[code] = (prev_cell.coordinate, cur_cell.coordinate)
    # verification documents
    docs = wb[L.SHEET_DOCS]
    dhead, dcols = header_columns(docs, L.DOC_HEADERS)
    r = dhead + 1
    for key, ind in indicators.items():
        entries = pool(DOCS, ind.code, agency, kind, "_")
        count = 2 if len(entries) > 1 and rng.random() < 0.5 else 1
        for number_fmt, issuer_fmt, summary_fmt, timing in entries[:count]:
            ctx = places(rng, agency, year)
            quarter = rng.randint(1, 3)
            ctx.update(
                n=str(rng.randint(5, 420)),
                short=short,
                org=org,
                y=str(year),
                yp=str(year - 1),
                quy=("I", "II", "III")[quarter - 1],
            )
            number = number_fmt.format(**ctx)
            doc_date = document_date(rng, timing, year, quarter, report_date)
            row = {
                "indicator": key,
                "number": number,
                "date": doc_date,
                "issuer": issuer_fmt.format(**ctx),
                "summary": summary_fmt.format(**ctx),
                "filename": f"{number.replace('/', '-')}-{year}.pdf",
            }
            for field_key, value in row.items():
                docs.cell(r, dcols[field_key]).value = value
            r += 1
    # hidden metadata: a fixed generation date so that re-running gives the same cells
    meta = wb[L.SHEET_META]
    for row in meta.iter_rows(min_row=1, max_row=20, max_col=2):
        if row[0].value == "generated":
            row[1].value = date(year + 1, 1, 5).isoformat()
    wb.save(path)
    return Filled(path, value_cells, indicator_cells, last)


# ------------------------------------------------------------------------------- invalid cases
@dataclass(frozen=True)
class Case:
    """One invalid workbook: its source, the mistake and the errors it must produce."""

    name: str
    source: str  # agency of the 2024 sample it derives from ("" for a plain workbook)
    mistake: str  # Vietnamese description for the README
    issues: list[dict[str, str | None]]


def pick_as_text(values: Values) -> str:
    """A decimal figure of the district whose 2024 file types one number as text."""
    for code in ("c12_ctr_phat_sinh", "c11_ctr_thu_gom", "c12_ctr_xu_ly", "c11_ctr_phan_loai"):
        value = values[AS_TEXT_AGENCY][code][2024]
        if value >= 1000 and not float(value).is_integer():
            return code
    raise RuntimeError("no decimal figure to type as text")


def _issue(code: str, sheet: str | None, cell: str | None) -> dict[str, str | None]:
    return {"code": code, "sheet": sheet, "cell": cell}


def make_invalid(folder: Path, filled: dict[str, Filled], source_2023: Path, values: Values) -> list[Case]:
    """Derive one workbook per typical mistake from the 2024 samples."""
    data = L.SHEET_DATA
    cases: list[Case] = []

    def derive(
        name: str, agency: str, mistake: str, edit: dict[str, Any], issues: list[dict[str, str | None]]
    ) -> None:
        target = folder / name
        shutil.copyfile(filled[agency].path, target)
        wb = load_workbook(target)
        for cell, value in edit.items():
            wb[data][cell].value = value
        wb.save(target)
        cases.append(Case(name, agency, mistake, issues))

    def cur(agency: str, code: str) -> str:
        return filled[agency].value_cells[code][1]

    cell = cur("TANYEN", "c02_co_so_tong")
    derive(
        "loi-01-khong-phai-so.xlsx",
        "TANYEN",
        f'Ô {cell} (số cơ sở phát sinh nước thải từ 50 m³/ngày đêm, năm 2024) ghi chữ "abc" thay cho số.',
        {cell: "abc"},
        [_issue("E_NOT_NUMBER", data, cell)],
    )
    cell = cur("SYT", "c05_csyt_dat")
    derive(
        "loi-02-so-am.xlsx",
        "SYT",
        f"Ô {cell} (số cơ sở y tế có hệ thống xử lý nước thải đạt quy chuẩn) là số âm (-3).",
        {cell: -3},
        [_issue("E_NEGATIVE", data, cell)],
    )
    cell = cur("TXVIETYEN", "c04_ccn_hoat_dong")
    count = values["TXVIETYEN"]["c04_ccn_hoat_dong"][2024] + 0.5
    derive(
        "loi-03-so-luong-le.xlsx",
        "TXVIETYEN",
        f"Ô {cell} (số cụm công nghiệp đang hoạt động) ghi số lẻ "
        f"{vn_number(count)} — số lượng phải là số nguyên.",
        {cell: count},
        [_issue("E_NOT_INTEGER", data, cell)],
    )
    cell = cur("SNV", "c25_can_bo_mt")
    derive(
        "loi-04-bo-trong-so-lieu.xlsx",
        "SNV",
        f"Ô {cell} (số công chức, cán bộ làm nhiệm vụ bảo vệ môi trường năm 2024) bị bỏ trống.",
        {cell: None},
        [_issue("E_REQUIRED_MISSING", data, cell)],
    )
    cell = cur("BQLKCN", "c03_kcn_dat")
    zones = values["BQLKCN"]["c03_kcn_hoat_dong"][2024]
    derive(
        "loi-05-thanh-phan-lon-hon-tong.xlsx",
        "BQLKCN",
        f"Ô {cell}: số KCN có trạm xử lý nước thải đạt quy chuẩn ({zones + 2}) lớn hơn số "
        f"KCN đang hoạt động ({zones}).",
        {cell: int(zones + 2)},
        [_issue("E_PART_EXCEEDS_WHOLE", data, cell)],
    )
    cell = filled["STNMT"].indicator_cells["CS23"]
    derive(
        "loi-06-ty-le-vuot-100.xlsx",
        "STNMT",
        f"Ô {cell}: kết quả tự đánh giá chỉ số 23 ghi 120 (%).",
        {cell: 120},
        [_issue("E_PERCENT_RANGE", data, cell)],
    )
    row = filled["HIEPHOA"].last_row + 1
    prev_cell, cur_cell = filled["HIEPHOA"].value_cells["c26_da_xu_ly"]
    prev_col, cur_col = prev_cell.rstrip("0123456789"), cur_cell.rstrip("0123456789")
    handled = values["HIEPHOA"]["c26_da_xu_ly"]
    derive(
        "loi-07-trung-ma.xlsx",
        "HIEPHOA",
        f"Dòng {row} thêm lần thứ hai mã c26_da_xu_ly (đã có ở dòng {cur_cell.lstrip('ABCDEFGH')}).",
        {
            f"A{row}": "c26_da_xu_ly",
            f"{prev_col}{row}": int(handled[2023]),
            f"{cur_col}{row}": int(handled[2024]) + 1,
        },
        [_issue("E_DUPLICATE_CODE", data, f"A{row}")],
    )
    cell = cur("SCT", "c21_dien_tong")
    typed = f"{round(values['SCT']['c21_dien_tong'][2024]):,}".replace(",", ".")
    derive(
        "loi-08-so-khong-ro-nghia.xlsx",
        "SCT",
        f'Ô {cell} (tổng sản lượng điện, triệu kWh) gõ dạng chữ "{typed}": có thể hiểu là '
        "hàng nghìn hoặc số thập phân.",
        {cell: typed},
        [_issue("E_AMBIGUOUS_NUMBER", data, cell)],
    )
    name = "loi-09-nam-khac.xlsx"
    shutil.copyfile(source_2023, folder / name)
    cases.append(
        Case(
            name,
            "SXD",
            "Báo cáo năm 2023 của Sở Xây dựng (bản sao nguyên vẹn) được nộp trong đợt kiểm tra năm 2024.",
            [_issue("E_YEAR_MISMATCH", L.SHEET_INFO, "B5")],
        )
    )
    name = "loi-10-khong-phai-bieu-mau.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    rows = [
        ("BÁO CÁO KẾT QUẢ THỰC HIỆN BỘ CHỈ SỐ NĂM 2024 — UBND HUYỆN TÂN YÊN",),
        (),
        ("STT", "Chỉ tiêu", "Đơn vị", "Năm 2023", "Năm 2024"),
        (1, "Tỷ lệ chất thải rắn sinh hoạt được xử lý", "%", 88.5, 91.2),
        (2, "Tỷ lệ xử lý phản ánh qua đường dây nóng", "%", 100, 96.3),
    ]
    for r in rows:
        ws.append(r)
    wb.properties.creator = "UBND huyện Tân Yên"
    wb.save(folder / name)
    cases.append(
        Case(
            name,
            "",
            "Bảng tự lập của cơ quan, không dùng biểu mẫu bgindex (không có trang ẩn '_bgindex').",
            [_issue("E_NOT_TEMPLATE", None, None)],
        )
    )
    cell = cur("LANGGIANG", "c13_bcl_tong")
    derive(
        "loi-11-cong-thuc-chua-co-gia-tri.xlsx",
        "LANGGIANG",
        f"Ô {cell} (số bãi chôn lấp) chứa công thức =1+1 chưa có giá trị tính sẵn (tệp được "
        "tạo bằng công cụ khác, chưa mở lại bằng Excel).",
        {cell: "=1+1"},
        [_issue("E_FORMULA_NO_VALUE", data, cell)],
    )
    return cases


def write_readme(folder: Path, cases: list[Case]) -> None:
    lines = [
        "# Tệp mẫu có lỗi (năm 2024)",
        "",
        "Các tệp trong thư mục này được tạo tự động bằng `python scripts/make_samples.py` từ "
        "các tệp mẫu hợp lệ năm 2024 (thư mục `data/samples/2024`); mỗi tệp có đúng một lỗi "
        "điển hình mà cán bộ các cơ quan hay mắc phải. Kiểm tra bằng:",
        "",
        "```",
        "bgindex validate data/samples/invalid --year 2024",
        "```",
        "",
        'Danh sách lỗi (mức độ "lỗi") mà mỗi tệp phải sinh ra, kèm trang tính và ô, nằm trong '
        "`expected.json`; các cảnh báo có thể xuất hiện thêm và không được liệt kê.",
        "",
        "| Tệp | Cơ quan | Lỗi cố ý | Mã lỗi mong đợi |",
        "|---|---|---|---|",
    ]
    for case in cases:
        codes = ", ".join(f"`{i['code']}`" + (f" (ô {i['cell']})" if i["cell"] else "") for i in case.issues)
        lines.append(f"| `{case.name}` | {case.source or '—'} | {case.mistake} | {codes} |")
    lines.append("")
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")


# ----------------------------------------------------------------------------------------- main
def clean(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        old.unlink()


def generate(out: Path) -> None:
    catalog = load_catalog()
    rng = random.Random(SEED)
    values = make_values(rng)
    as_text = pick_as_text(values)
    filled: dict[int, dict[str, Filled]] = {}
    for year in YEARS:
        folder = out / str(year)
        clean(folder)
        result = make_templates(catalog, year, folder)
        agencies = [a.code for a in catalog.reporting_agencies(year)]
        figures = reorganised_2024(values, catalog) if year == 2024 else values
        filled[year] = {}
        for agency, path in zip(agencies, result.files, strict=True):
            special = as_text if (year == 2024 and agency == AS_TEXT_AGENCY) else None
            filled[year][agency] = fill_workbook(path, catalog, agency, year, figures, rng, special)
        print(f"{folder}: {len(result.files)} tệp")
    invalid = out / "invalid"
    clean(invalid)
    cases = make_invalid(invalid, filled[2024], filled[2023]["SXD"].path, values)
    expected = {case.name: case.issues for case in cases}
    (invalid / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    write_readme(invalid, cases)
    print(f"{invalid}: {len(cases)} tệp có lỗi")


def main() -> None:
    parser = argparse.ArgumentParser(description="Tạo lại bộ tệp mẫu (số liệu giả lập) của bgindex.")
    parser.add_argument(
        "--out", type=Path, default=Path("data/samples"), help="thư mục đích (mặc định: data/samples)"
    )
    parser.add_argument(
        "--bac-ninh-2025",
        type=Path,
        metavar="THƯ_MỤC",
        help="chỉ tạo năm 2025 giả lập của tỉnh Bắc Ninh mới (khoảng 115 tệp) vào thư mục này; không lưu "
        "vào kho mã",
    )
    args = parser.parse_args()
    if args.bac_ninh_2025 is not None:
        from bac_ninh_2025 import generate_bac_ninh_2025  # beside this script

        files = generate_bac_ninh_2025(args.bac_ninh_2025)
        print(f"{args.bac_ninh_2025}: {len(files)} tệp")
        return
    generate(args.out)


if __name__ == "__main__":
    main()
