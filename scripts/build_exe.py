"""Build the one-folder `bgindex` executable an officer starts without Python (PyInstaller).

    python scripts/build_exe.py [--dist THƯ_MỤC] [--work THƯ_MỤC]

Writes DIST/bgindex/ (bgindex.exe on Windows, bgindex elsewhere, beside its _internal/ folder):
copy the whole folder. Build on the system the executable is for (PyInstaller does not cross
build): a Windows build on Windows. Needs the `build` extra: pip install '.[build]'.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = ROOT / "src" / "bgindex" / "__main__.py"
# Installed beside bgindex for tests and benchmarks, imported by none of its code: leaving them
# out keeps the folder small (pandas alone is ~89 MB) and the start-up fast. Tk is matplotlib's
# interactive backend; the charts use Agg. mypy comes in through pydantic's mypy plug-in.
EXCLUDED = [
    "pandas",
    "pytest",
    "hypothesis",
    "IPython",
    "frictionless",
    "PyInstaller",
    "tkinter",
    "_tkinter",
    "mypy",
    "mypyc",
    "pydantic.mypy",
]
# Babel brings the data of ~1,150 locales (35 MB); numbers are formatted for Vietnamese only
# (model/vn.py), which falls back on root. English is kept for any message of Babel's own.
BABEL_LOCALES = {"root", "vi", "vi_VN", "en"}


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    """PyInstaller's options: the package's own data (catalogue profiles) and the report
    templates, which the wheel carries as bgindex/templates, at the same place inside the build.
    Fonts come with matplotlib's data, collected by PyInstaller's own hook for it."""
    args = [
        "--noconfirm",
        "--clean",
        "--onedir",
        "--console",
        "--name",
        "bgindex",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        "--paths",
        str(ROOT / "src"),
        "--collect-submodules",
        "bgindex",  # the library's modules are imported lazily, inside the commands
        "--collect-data",
        "bgindex",  # the catalogue profiles, and the desk's templates and static files (htmx, CSS)
        # uvicorn picks its event loop, HTTP protocol and lifespan modules by name at start
        "--collect-submodules",
        "uvicorn",
        # savefig(format=…) imports the backend of the format by name: invisible to the analysis
        "--hidden-import",
        "matplotlib.backends.backend_svg",
        "--hidden-import",
        "matplotlib.backends.backend_agg",
        "--add-data",
        f"{ROOT / 'templates'}{os.pathsep}bgindex/templates",
    ]
    try:  # the version for --version; without an installed distribution the package's own is used
        from importlib.metadata import distribution

        distribution("bgindex")
        args += ["--copy-metadata", "bgindex"]
    except Exception:
        pass
    for name in EXCLUDED:
        args += ["--exclude-module", name]
    return [*args, str(ENTRY)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where bgindex/ is written")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's scratch folder")
    opts = parser.parse_args(argv)
    cmd = [sys.executable, "-m", "PyInstaller", *pyinstaller_args(opts.dist, opts.work)]
    done = subprocess.run(cmd, cwd=ROOT)
    if done.returncode == 0:
        prune_babel(opts.dist / "bgindex")
        name = "bgindex.exe" if os.name == "nt" else "bgindex"
        print(f"built {opts.dist / 'bgindex' / name}")
    return done.returncode


def prune_babel(folder: Path) -> int:
    """Remove the locale data no command reads; returns how many files went."""
    removed = 0
    for data in folder.glob("**/babel/locale-data/*.dat"):
        if data.stem not in BABEL_LOCALES:
            data.unlink()
            removed += 1
    return removed


if __name__ == "__main__":
    sys.exit(main())
