"""The examples at the end of each command's help: the officer's daily commands, as the README runs them."""

from __future__ import annotations

EXAMPLES: dict[str, list[str]] = {
    "catalog": [
        "bgindex catalog --year 2024",
        "bgindex catalog --format json > danh-muc.json",
    ],
    "template": [
        "bgindex template --year 2024 --out bieu-mau/2024",
        "bgindex template --year 2024 --out bieu-mau/2024 \\",
        "    --previous ket-qua/2023/ket-qua-2023.xlsx",
    ],
    "validate": [
        "bgindex validate nhan-ve/2024 --year 2024 --chi-loi",
        "bgindex validate nhan-ve/2024 --year 2024 --skip '#explanation' \\",
        "    --annotate chu-thich/2024",
    ],
    "status": [
        "bgindex status nhan-ve/2024 --year 2024",
    ],
    "consolidate": [
        "bgindex consolidate nhan-ve/2024 --year 2024 --out ket-qua/2024",
        "bgindex consolidate nhan-ve/2024 --year 2024 --out ket-qua/2024 \\",
        "    --previous ket-qua/2023/ket-qua-2023.xlsx",
    ],
    "diff": [
        "bgindex diff ket-qua/2023/ket-qua-2023.xlsx ket-qua/2024/ket-qua-2024.xlsx",
        "bgindex diff ket-qua/2023/ket-qua-2023.xlsx nhan-ve/2024 \\",
        "    --agency HIEPHOA --format text",
    ],
}
