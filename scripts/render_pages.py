"""Render a report (.docx or .html) to PDF with LibreOffice and every page to PNG, to look at."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def to_pdf(report: Path, out_dir: Path, timeout: float = 300) -> Path:
    """Convert with headless LibreOffice, in a throwaway profile (no clash with a running one)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is not installed; .ci/run installs it")
    cmd = [exe, "--headless", "--norestore", "--nolockcheck"]
    if report.suffix.lower() in (".html", ".htm"):
        # Writer, not Writer/Web: page size, margins and page numbers as printed
        cmd.append("--infilter=HTML (StarWriter)")
        target = "pdf:writer_pdf_Export"
    else:
        target = "pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                cmd[0],
                f"-env:UserInstallation=file://{profile}",
                *cmd[1:],
                "--convert-to",
                target,
                "--outdir",
                str(out_dir),
                str(report),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    pdf = out_dir / f"{report.stem}.pdf"
    if not pdf.exists():
        raise SystemExit(f"LibreOffice wrote no PDF for {report}")
    return pdf


def to_png(
    pdf: Path, out_dir: Path, dpi: int = 80, first: int | None = None, last: int | None = None
) -> list[Path]:
    """One PNG per page (pdftoppm from poppler-utils): <stem>-01.png, <stem>-02.png, ..."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise SystemExit("pdftoppm is not installed (Debian package poppler-utils)")
    for stale in out_dir.glob(f"{pdf.stem}-*.png"):  # pages of an earlier, longer version
        stale.unlink()
    cmd = [exe, "-png", "-r", str(dpi)]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    subprocess.run([*cmd, str(pdf), str(out_dir / pdf.stem)], check=True, capture_output=True)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def page_count(pdf: Path) -> int | None:
    exe = shutil.which("pdfinfo")
    if exe is None:
        return None
    out = subprocess.run([exe, str(pdf)], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("report", type=Path, help="bao-cao-NĂM.docx, so-sanh.docx or bao-cao-NĂM.html")
    ap.add_argument("out", type=Path, help="folder for the PDF and the PNG pages")
    ap.add_argument("--dpi", type=int, default=80, help="resolution of the PNG pages (default 80)")
    ap.add_argument("--first", type=int, help="first page to render")
    ap.add_argument("--last", type=int, help="last page to render")
    args = ap.parse_args(argv)
    if not args.report.is_file():
        print(f"không tìm thấy {args.report}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = to_pdf(args.report.resolve(), args.out)
    pages = to_png(pdf, args.out, args.dpi, args.first, args.last)
    print(f"{pdf} ({page_count(pdf) or '?'} trang)")
    for p in pages:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
