"""The officer's workspace: per reporting year the received files and results, and an intake register.

Layout on disk:
    <root>/so-nhan-tep.sqlite                 the intake register (SQLite, WAL); years are rows
    <root>/<year>/tep-nhan/<sha256>.<ext>     received bytes, content-addressed, never overwritten or deleted
    <root>/<year>/tep-nhan/.<sha256>.*.tmp    a file being received (written, fsync'd, then renamed)
    <root>/<year>/ban-chu-thich/              annotated copies
    <root>/<year>/ket-qua/                    results and documents

A file is stored first (temporary name, fsync, os.replace onto its content-addressed name), then its
row is written in one transaction, then it is validated (one worker pool per batch, the pipeline of
`bgindex validate`) and its outcome recorded. A crash before the transaction leaves at most a
temporary or unregistered file, which `Workspace.check` removes once stale; a crash during validation
leaves a row without outcome, validated again when its year is opened.

Additions to the agreed interface (no renames): Receipt.outcome may be "pending" (stored, not yet
validated) and Receipt.fault names a stored file check() found lost or changed (not counted);
Workspace.check(stale_after=...) and Workspace.findings (what the opening check found);
WorkspaceError.usage (exit 2 rather than 3); YearDesk.status() (core.consolidate.status's tuple),
current_reports(), result_dir(). BoardRow.timeliness is never "missing": a unit without a file is
"overdue" or "not_due".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bgindex.intake.cfb import MAGIC as OLE_MAGIC
from bgindex.intake.zip_container import ZIP_MAGIC
from bgindex.workspace.register import Register

if TYPE_CHECKING:
    from bgindex.catalog.model import Catalog
    from bgindex.core.diff import DiffResult, IndicatorSeries
    from bgindex.model.reports import FileReport
    from bgindex.model.results import AgencyStatus, Conflict, ConsolidationResult, FileEntry

__all__ = ["BoardRow", "Receipt", "Workspace", "WorkspaceError", "YearDesk", "default_root"]

VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")  # Vietnam keeps no summer time; no tzdata needed on Windows
REGISTER_NAME = "so-nhan-tep.sqlite"
RECEIVED, ANNOTATED, RESULTS = "tep-nhan", "ban-chu-thich", "ket-qua"
STALE_S = 600.0  # a temporary or unregistered file older than this is no upload in progress
# Suffixes a non-spreadsheet file may keep from its sent name, only so the refusal can name what it
# was sent as ("HTML named .xls"); the name itself is never used as a path.
_KEPT_SUFFIXES = {"xls", "xlsx", "xlsm", "xlsb", "ods", "csv", "txt", "htm", "html", "xml", "pdf"}


class WorkspaceError(Exception):
    """A workspace that cannot be used as asked; `message` is Vietnamese and names the file or folder."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage  # a bad argument (exit 2) rather than a disk or lock problem (exit 3)


def default_root() -> Path:
    """The user's Documents folder / "bgindex" (Windows: %USERPROFILE%\\Documents)."""
    home = Path(os.environ.get("USERPROFILE") or Path.home()) if os.name == "nt" else Path.home()
    docs = home / "Documents"
    return (docs if docs.is_dir() or os.name == "nt" else home) / "bgindex"


def now() -> dt.datetime:
    return dt.datetime.now(VN_TZ).replace(microsecond=0)


@dataclass(frozen=True)
class Receipt:
    """One received file (a row of the register)."""

    id: int
    year: int
    original_name: str  # as sent: display only, never a path
    sha256: str
    size: int
    arrived: dt.datetime  # UTC+7; what "on time" means on the desk
    agency: str | None
    outcome: str  # "valid" | "warnings" | "errors" | "unreadable" | "pending"
    errors: int
    warnings: int
    report_date: dt.date | None
    duplicate_of: int | None
    superseded_by: int | None
    stored: Path
    fault: str | None = None  # check() found the stored file missing or changed: not counted


@dataclass(frozen=True)
class BoardRow:
    """One row per reporting unit of the year."""

    agency: str
    name: str
    group: str | None
    receipts: tuple[Receipt, ...]  # newest first
    current: Receipt | None  # the one that counts (newest non-duplicate, stored intact, validated)
    timeliness: str  # "on_time" | "late" | "missing" | "overdue" | "not_due"
    days: int
    date_disagrees: bool
    conflict: bool
    problems: int


@dataclass(frozen=True)
class ConsolidationOutcome:
    """A consolidation of the year's current files and the result files it wrote."""

    result: ConsolidationResult
    written: dict[str, Path]


# The documents a workspace consolidation writes (outputs/result_set.py names them).
RESULT_FORMATS = ("xlsx", "docx")


def _outcome(report: FileReport) -> str:
    if report.status == "unreadable":
        return "unreadable"
    if report.status == "invalid":
        return "errors"
    return "warnings" if report.warnings else "valid"


def _ext(data: bytes, name: str) -> str:
    """The stored file's extension, from its content (a sent name's suffix only for what is no
    spreadsheet container, from a fixed list, so a refusal can say what it was sent as)."""
    if data.startswith(ZIP_MAGIC):
        return "ods" if b"opendocument.spreadsheet" in data[:200] else "xlsx"
    if data.startswith(OLE_MAGIC):
        return "xls"
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in _KEPT_SUFFIXES else "bin"


def _is_attachment_zip(data: bytes) -> bool:
    """A .zip of attachments, not a workbook container (.xlsx/.ods are zips too)."""
    import io
    import zipfile

    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [n.lower() for n in zf.namelist()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False  # a broken workbook or zip: validated as it is, the library says why
    return not any(n in ("[content_types].xml", "mimetype") or n.startswith(("xl/", "word/")) for n in names)


def _expand(name: str, data: bytes) -> list[tuple[str, bytes]] | None:
    """The files of an attachment .zip, each named "tệp.zip › member.xlsx" (display only), within
    the project's zip limits; None when the zip is refused (too many members, too large, a zip
    bomb's ratio, a nested zip): it is then received as one file and the library says why."""
    import io
    import zipfile

    from bgindex.intake.limits import MAX_MEMBERS, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED, RATIO_FLOOR

    out: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_TOTAL_UNCOMPRESSED:
                return None
            total = 0
            for info in infos:
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    return None
                with zf.open(info) as fh:  # bounded: a member lying about its size is cut off
                    member = fh.read(MAX_TOTAL_UNCOMPRESSED - total + 1)
                total += len(member)
                if total > MAX_TOTAL_UNCOMPRESSED or _is_attachment_zip(member):
                    return None
                base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
                if base.startswith(".") or base.startswith("~$"):
                    continue  # hidden and Office lock files, as in a folder
                out.append((f"{name} › {base}", member))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return None
    return out


class Workspace:
    """A workspace folder with its register; safe to open from several processes and threads."""

    def __init__(self, root: Path, register: Register) -> None:
        self.root = root
        self.register = register
        self.findings: list[str] = []  # what check() found on opening

    @classmethod
    def open(cls, root: Path | None = None) -> Workspace:
        root = Path(root) if root is not None else default_root()
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"'{root}' không phải là thư mục", usage=True)
        try:
            root.mkdir(parents=True, exist_ok=True)
            register = Register(root / REGISTER_NAME)
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(
                f"sổ nhận tệp '{root / REGISTER_NAME}' bị hỏng hoặc đang bị khóa ({exc})"
            ) from None
        except OSError as exc:
            raise WorkspaceError(f"không mở được thư mục làm việc '{root}' ({exc.strerror or exc})") from None
        ws = cls(root, register)
        ws.findings = ws.check()
        return ws

    def trends(self) -> list[IndicatorSeries]:
        """Every indicator over every year this workspace has a result of, with its trend (the
        series of `bgindex diff` over the same results); empty with fewer than two years, or across
        a reorganisation (core.diff compares those pair by pair)."""
        from bgindex.catalog.registry import choose_catalog
        from bgindex.core.diff import DiffError, diff, newest_profile

        paths = [p for y in sorted(self.years()) if (p := self.year(y).results().get("xlsx")) is not None]
        if len(paths) < 2:
            return []
        try:
            return diff(paths, choose_catalog(profile=newest_profile(paths))).series
        except DiffError as exc:
            raise WorkspaceError(str(exc)) from None

    def close(self) -> None:
        """Nothing stays open between operations (a connection per call)."""

    def received_dir(self, year: int) -> Path:
        return self.root / str(year) / RECEIVED

    def check(self, stale_after: float = STALE_S) -> list[str]:
        """Register vs files on disk: stored files missing or changed are flagged (not counted),
        stale temporary and unregistered files removed, unfinished receipts named."""
        import time

        findings: list[str] = []
        with self.register.read() as db:
            rows = db.execute(
                "SELECT id, year, original_name, sha256, ext, fault, outcome FROM receipts"
            ).fetchall()
        known: dict[Path, str] = {}
        faults: dict[int, str | None] = {}
        for r in rows:
            path = self.received_dir(r["year"]) / f"{r['sha256']}.{r['ext']}"
            known[path] = r["sha256"]
            fault = None
            try:
                with open(path, "rb") as fh:
                    if hashlib.file_digest(fh, "sha256").hexdigest() != r["sha256"]:
                        fault = "tệp lưu đã bị thay đổi"
            except OSError:
                fault = "tệp lưu bị mất"
            if fault:
                findings.append(f"Tệp nhận số {r['id']} ({r['original_name']}, năm {r['year']}): {fault}")
            if r["outcome"] is None:
                findings.append(
                    f"Tệp nhận số {r['id']} ({r['original_name']}, năm {r['year']}) chưa kiểm tra xong; "
                    "sẽ được kiểm tra lại"
                )
            if fault != r["fault"]:
                faults[r["id"]] = fault
        if faults:
            with self.register.write() as db:
                db.executemany("UPDATE receipts SET fault=? WHERE id=?", [(f, i) for i, f in faults.items()])
        cutoff = time.time() - stale_after
        for year in self._year_dirs():
            folder = self.received_dir(year)
            for path in sorted(folder.iterdir()) if folder.is_dir() else []:
                if path in known or not path.is_file():
                    continue
                try:
                    if path.stat().st_mtime > cutoff:
                        continue  # possibly an upload in progress
                    path.unlink()
                except OSError:
                    continue
                what = (
                    "tệp tạm của lần nhận bị gián đoạn"
                    if path.name.endswith(".tmp")
                    else "tệp chưa ghi vào sổ"
                )
                findings.append(f"Đã xóa {what} trong thư mục năm {year}: {path.name}")
        return findings

    def _year_dirs(self) -> list[int]:
        return [
            int(p.name) for p in self.root.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4
        ]

    def years(self) -> list[int]:
        with self.register.read() as db:
            rows = db.execute("SELECT year FROM receipts UNION SELECT year FROM years").fetchall()
        return sorted({r[0] for r in rows} | set(self._year_dirs()), reverse=True)

    def year(self, year: int, profile: str | None = None) -> YearDesk:
        from bgindex.catalog.loading import CatalogError
        from bgindex.catalog.registry import choose_catalog

        if not 1900 <= year <= 2999:
            raise WorkspaceError(f"năm báo cáo {year} không hợp lệ", usage=True)
        with self.register.write() as db:
            row = db.execute("SELECT profile FROM years WHERE year=?", (year,)).fetchone()
            if profile is not None:
                db.execute(
                    "INSERT INTO years(year, profile) VALUES (?, ?) "
                    "ON CONFLICT(year) DO UPDATE SET profile=?",
                    (year, profile, profile),
                )
            elif row is None:
                db.execute("INSERT INTO years(year) VALUES (?)", (year,))
            else:
                profile = row["profile"]
        try:
            catalog = choose_catalog(year, profile=profile)
        except CatalogError as exc:
            raise WorkspaceError(str(exc), usage=True) from None
        desk = YearDesk(self, year, catalog)
        desk._validate_pending()
        return desk


class YearDesk:
    """One reporting year of a workspace: receive, list, judge who has reported."""

    def __init__(self, workspace: Workspace, year: int, catalog: Catalog) -> None:
        self.workspace, self.year, self.catalog = workspace, year, catalog
        self.deadline: dt.date = catalog.deadline(year)
        self.folder = workspace.root / str(year)

    # -- receiving -------------------------------------------------------------------------------

    def _store(self, data: bytes, name: str) -> tuple[str, str]:
        """Write the bytes under their content-addressed name (once); returns (sha256, ext)."""
        sha = hashlib.sha256(data).hexdigest()
        ext = _ext(data, name)
        folder = self.workspace.received_dir(self.year)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{sha}.{ext}"
        if target.is_file() and target.stat().st_size == len(data):
            return sha, ext
        tmp = folder / f".{sha}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            _before_replace(tmp)
            from bgindex.outputs.atomic import replace

            replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return sha, ext

    def receive(
        self,
        files: Sequence[tuple[str, bytes | Path]],
        arrived: dt.datetime | None = None,
        on_result: Callable[[Receipt], None] | None = None,
    ) -> list[Receipt]:
        """Store every file, register it, then validate the new contents in one pool run."""
        when = (arrived or now()).astimezone(VN_TZ)
        ids: list[int] = []
        for name, data in self._unpacked(files):
            try:
                sha, ext = self._store(data, name)
            except OSError as exc:
                raise WorkspaceError(
                    f"không lưu được tệp '{name}' vào '{self.workspace.received_dir(self.year)}' "
                    f"({exc.strerror or exc})"
                ) from None
            with self.workspace.register.write() as db:
                twin = db.execute(
                    "SELECT id FROM receipts WHERE year=? AND sha256=? AND duplicate_of IS NULL "
                    "ORDER BY id LIMIT 1",
                    (self.year, sha),
                ).fetchone()
                cur = db.execute(
                    "INSERT INTO receipts(year, original_name, sha256, size, ext, arrived, duplicate_of) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (self.year, name, sha, len(data), ext, when.isoformat(), twin["id"] if twin else None),
                )
                ids.append(int(cur.lastrowid or 0))
        self._validate(ids, on_result)
        return [r for i in ids if (r := self.receipt(i)) is not None]

    def _unpacked(self, files: Sequence[tuple[str, bytes | Path]]) -> list[tuple[str, bytes]]:
        """Each file's bytes, an attachment .zip replaced by its members."""
        out: list[tuple[str, bytes]] = []
        for name, content in files:
            try:
                data = content if isinstance(content, bytes) else Path(content).read_bytes()
            except OSError as exc:
                raise WorkspaceError(f"không đọc được tệp '{name}' ({exc.strerror or exc})") from None
            members = _expand(name, data) if _is_attachment_zip(data) else None
            out += [(name, data)] if members is None else members
        return out

    def _validate_pending(self) -> None:
        with self.workspace.register.read() as db:
            rows = db.execute(
                "SELECT id FROM receipts WHERE year=? AND outcome IS NULL", (self.year,)
            ).fetchall()
        if rows:
            self._validate([r["id"] for r in rows], None)

    def _validate(self, ids: list[int], on_result: Callable[[Receipt], None] | None) -> None:
        """Validate the receipts `ids` (each distinct content once), record the outcomes, then
        who supersedes whom."""
        from bgindex.core.validate import validate_files

        with self.workspace.register.read() as db:
            rows = {
                r["id"]: r
                for r in db.execute(
                    f"SELECT * FROM receipts WHERE id IN ({','.join('?' * len(ids))})", ids
                ).fetchall()
            }
        fresh = [i for i in ids if rows[i]["duplicate_of"] is None]
        paths = {i: self._stored(rows[i]) for i in fresh}
        labels = {str(paths[i]): rows[i]["original_name"] for i in fresh}
        by_sha = {rows[i]["sha256"]: i for i in fresh}
        done: set[int] = set()

        def record(report: FileReport, receipt_id: int) -> None:
            """Each outcome in its own transaction, as its worker finishes (on_result follows)."""
            with self.workspace.register.write() as db:
                db.execute(
                    "UPDATE receipts SET outcome=?, errors=?, warnings=?, agency=?, report_date=?, "
                    "report_json=? WHERE id=?",
                    (
                        _outcome(report),
                        report.errors,
                        report.warnings,
                        self._agency(report),
                        report.report_date.isoformat() if report.report_date else None,
                        report.model_dump_json(),
                        receipt_id,
                    ),
                )
            done.add(receipt_id)
            if on_result:
                r = self.receipt(receipt_id)
                if r is not None:
                    on_result(r)

        def finished(report: FileReport) -> None:
            if report.sha256 in by_sha:
                record(report, by_sha[report.sha256])

        reports = (
            validate_files(
                [paths[i] for i in fresh], self.catalog, self.year, labels=labels, on_file=finished
            )
            if fresh
            else []
        )
        for i, report in zip(fresh, reports, strict=True):
            if i not in done:  # a report without its hash (a file too large to hash)
                record(report, i)
        with self.workspace.register.write() as db:
            # duplicates take their original's outcome (also those received before it was validated)
            db.execute(
                "UPDATE receipts SET (outcome, errors, warnings, agency, report_date) = "
                "(SELECT o.outcome, o.errors, o.warnings, o.agency, o.report_date FROM receipts o "
                "WHERE o.id = receipts.duplicate_of) "
                "WHERE year=? AND duplicate_of IS NOT NULL AND outcome IS NULL",
                (self.year,),
            )
            self._supersede(db)
        if on_result:
            for i in ids:
                r = self.receipt(i)
                if i not in done and r is not None:
                    on_result(r)

    def _agency(self, report: FileReport) -> str | None:
        from bgindex.core.consolidate import file_agency

        return file_agency(report, self.catalog)

    def _supersede(self, db: sqlite3.Connection) -> None:
        """Per agency the newest arrival of a distinct content counts; each earlier one is
        superseded by it."""
        rows = db.execute(
            "SELECT id, agency FROM receipts WHERE year=? AND duplicate_of IS NULL AND outcome IS NOT NULL "
            "AND agency IS NOT NULL AND fault IS NULL ORDER BY arrived, id",
            (self.year,),
        ).fetchall()
        newest: dict[str, int] = {}
        for r in rows:
            newest[r["agency"]] = r["id"]
        db.execute("UPDATE receipts SET superseded_by=NULL WHERE year=?", (self.year,))
        for r in rows:
            if newest[r["agency"]] != r["id"]:
                db.execute("UPDATE receipts SET superseded_by=? WHERE id=?", (newest[r["agency"]], r["id"]))

    def _stored(self, row: sqlite3.Row) -> Path:
        return self.workspace.received_dir(row["year"]) / f"{row['sha256']}.{row['ext']}"

    # -- reading the register --------------------------------------------------------------------

    def _receipt(self, row: sqlite3.Row) -> Receipt:
        return Receipt(
            id=row["id"],
            year=row["year"],
            original_name=row["original_name"],
            sha256=row["sha256"],
            size=row["size"],
            arrived=dt.datetime.fromisoformat(row["arrived"]).astimezone(VN_TZ),
            agency=row["agency"],
            outcome=row["outcome"] or "pending",
            errors=row["errors"],
            warnings=row["warnings"],
            report_date=dt.date.fromisoformat(row["report_date"]) if row["report_date"] else None,
            duplicate_of=row["duplicate_of"],
            superseded_by=row["superseded_by"],
            stored=self._stored(row),
            fault=row["fault"],
        )

    def receipts(self) -> list[Receipt]:
        with self.workspace.register.read() as db:
            rows = db.execute(
                "SELECT * FROM receipts WHERE year=? ORDER BY arrived DESC, id DESC", (self.year,)
            )
            return [self._receipt(r) for r in rows.fetchall()]

    def receipt(self, receipt_id: int) -> Receipt | None:
        with self.workspace.register.read() as db:
            row = db.execute(
                "SELECT * FROM receipts WHERE id=? AND year=?", (receipt_id, self.year)
            ).fetchone()
        return self._receipt(row) if row else None

    def file_report(self, receipt_id: int) -> FileReport:
        """The library's FileReport of a receipt, as validated on arrival (kept in the register)."""
        from bgindex.model.reports import FileReport

        with self.workspace.register.read() as db:
            row = db.execute(
                "SELECT * FROM receipts WHERE id=? AND year=?", (receipt_id, self.year)
            ).fetchone()
            if row is None:
                raise WorkspaceError(f"không có tệp nhận số {receipt_id} trong năm {self.year}", usage=True)
            src = row
            if row["duplicate_of"] is not None:
                src = db.execute("SELECT * FROM receipts WHERE id=?", (row["duplicate_of"],)).fetchone()
        if src["report_json"] is None:
            raise WorkspaceError(f"tệp nhận số {receipt_id} ({row['original_name']}) chưa được kiểm tra xong")
        report = FileReport.model_validate_json(src["report_json"])
        report.file = row["original_name"]
        return report

    def current_reports(self) -> dict[int, FileReport]:
        """The files that count, one per unit (newest distinct content, stored intact), by receipt id."""
        out: dict[int, FileReport] = {}
        for r in self.receipts():
            if (
                r.duplicate_of is None
                and r.superseded_by is None
                and r.fault is None
                and r.outcome != "pending"
            ):
                out[r.id] = self.file_report(r.id)
        return out

    # -- the board -------------------------------------------------------------------------------

    def status(self) -> tuple[list[AgencyStatus], list[FileEntry], list[Conflict], dt.date]:
        """What core.consolidate.status answers for a folder, for the current files, timeliness
        judged on their arrival: `bgindex status --workspace` prints it."""
        return self._status()[1]

    def _status(
        self,
    ) -> tuple[dict[str, Receipt], tuple[list[AgencyStatus], list[FileEntry], list[Conflict], dt.date]]:
        from bgindex.core.consolidate import _choose, agency_statuses

        by_id = {r.id: r for r in self.receipts()}
        current = self.current_reports()
        labels = _unique_labels({i: by_id[i].original_name for i in current})
        reports = [rep.model_copy(update={"file": labels[i]}) for i, rep in current.items()]
        arrived = {labels[i]: by_id[i].arrived.date() for i in current}
        choice = _choose(reports, self.catalog)
        statuses = agency_statuses(self.catalog, self.year, reports, choice, self.deadline, arrived)
        by_label = {labels[i]: by_id[i] for i in current}
        return by_label, (statuses, choice.entries, choice.conflicts, self.deadline)

    def board(self, today: dt.date | None = None) -> list[BoardRow]:
        """One row per reporting unit, timeliness judged on the arrival of the file that counts
        (the library's agency_statuses, given the arrival dates)."""
        today = today or now().date()
        receipts = self.receipts()
        by_label, (statuses, _, _, _) = self._status()
        rows: list[BoardRow] = []
        for st in statuses:
            mine = tuple(r for r in receipts if r.agency == st.agency)
            cur = next((by_label[f] for f in st.files if f in by_label), None)
            if cur is None:
                overdue = (today - self.deadline).days
                timeliness, days = ("overdue", overdue) if overdue > 0 else ("not_due", -overdue)
                date_disagrees = conflict = False
                problems = 0
            else:
                timeliness = st.timeliness if st.timeliness in ("on_time", "late") else "on_time"
                days = st.days_late or 0
                date_disagrees = (
                    cur.report_date is not None and abs((cur.report_date - cur.arrived.date()).days) > 1
                )
                earlier = [r for r in mine if r.superseded_by == cur.id and r.report_date and cur.report_date]
                # the newest arrival says it is older than one it replaces, or two contents share a date
                conflict = any(
                    r.report_date >= cur.report_date for r in earlier if r.report_date and cur.report_date
                )
                problems = cur.errors + cur.warnings
            rows.append(
                BoardRow(
                    agency=st.agency,
                    name=st.name,
                    group=st.group or None,
                    receipts=mine,
                    current=cur,
                    timeliness=timeliness,
                    days=days,
                    date_disagrees=date_disagrees,
                    conflict=conflict,
                    problems=problems,
                )
            )
        return rows

    # -- annotated copies and letters -------------------------------------------------------------

    def annotated_copy(self, receipt_id: int) -> Path | None:
        """The annotated copy of a received file (made once, kept in the workspace by content);
        None for a file without issues or one that cannot be read at all."""
        from bgindex.model.reports import ValidationResult
        from bgindex.outputs.annotated import annotate_files

        receipt = self.receipt(receipt_id)
        if receipt is None:
            raise WorkspaceError(f"không có tệp nhận số {receipt_id} trong năm {self.year}", usage=True)
        report = self.file_report(receipt_id)
        if report.status == "unreadable" or not report.issues or receipt.fault:
            return None
        folder = self.folder / ANNOTATED
        target = folder / f"{receipt.sha256}.chu-thich.xlsx"
        if target.is_file():
            return target
        report.file = str(receipt.stored)
        whole = ValidationResult(catalog=self.catalog.profile.id, year=self.year, files=[report])
        try:
            written, missed = annotate_files(whole, folder)
        except OSError as exc:
            raise WorkspaceError(
                f"không ghi được bản chú thích vào '{folder}' ({exc.strerror or exc})"
            ) from None
        if missed or not written:
            raise WorkspaceError(f"không tạo được bản chú thích của tệp '{receipt.original_name}'")
        return written[0]

    def annotated_zip(self) -> Path:
        """A .zip of the annotated copies of the current files with problems, one per unit, each
        named by the unit's code and the receipt number (sent names are never used as names)."""
        import io
        import zipfile

        from bgindex.outputs.atomic import write_bytes

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for row in self.board():
                if row.current is None or not row.problems:
                    continue
                copy = self.annotated_copy(row.current.id)
                if copy is not None:
                    zf.write(copy, f"{row.agency}-tep-{row.current.id}.chu-thich.xlsx")
        target = self.folder / ANNOTATED / f"ban-chu-thich-{self.year}.zip"
        try:
            return write_bytes(target, buf.getvalue())
        except OSError as exc:
            raise WorkspaceError(f"không ghi được '{target}' ({exc.strerror or exc})") from None

    def reminder_letter(self, today: dt.date, fmt: str) -> str | Path | None:
        """The reminder to every unit that has sent nothing: "text" → the text, "docx" → the Word
        file written in the year's result folder; None when nobody is missing."""
        from bgindex.core.consolidate import _choose, agency_statuses
        from bgindex.outputs.letters import reminder_letter

        reports = list(self.current_reports().values())
        statuses = agency_statuses(
            self.catalog, self.year, reports, _choose(reports, self.catalog), self.deadline
        )
        letter = reminder_letter(statuses, self.catalog, self.year, self.deadline, today)
        return None if letter is None else self._letter(letter, fmt, f"nhac-bao-cao-{self.year}.docx")

    def explanation_letters(self, fmt: str) -> dict[str, str | Path]:
        """Per unit that owes causes of a change against last year, its letter (only those)."""
        from bgindex.outputs.letters import explanation_letter

        out: dict[str, str | Path] = {}
        for agency in self.catalog.reporting_agencies(self.year):
            result, catalog = self._diff(self.year - 1, agency.code)
            letter = explanation_letter(result, catalog)
            if letter is not None:
                out[agency.code] = self._letter(letter, fmt, f"giai-trinh-{self.year}-{agency.code}.docx")
        return out

    def _letter(self, letter: Any, fmt: str, name: str) -> str | Path:
        if fmt == "text":
            return str(letter.text())
        if fmt != "docx":
            raise WorkspaceError(f"định dạng thư '{fmt}' không hỗ trợ (chọn text hoặc docx)", usage=True)
        from bgindex.outputs.letters import write_letter_docx

        try:
            return write_letter_docx(letter, self.result_dir() / name)
        except OSError as exc:
            raise WorkspaceError(
                f"không ghi được '{self.result_dir() / name}' ({exc.strerror or exc})"
            ) from None

    # -- results ---------------------------------------------------------------------------------

    def result_dir(self) -> Path:
        return self.folder / RESULTS

    def results(self) -> dict[str, Path]:
        """What exists for download: {"xlsx": ..., "docx": ..., "brief": ...}."""
        from bgindex.outputs.result_set import BRIEF, output_names

        names = output_names(self.year)
        found = {k: self.result_dir() / names[k] for k in (*RESULT_FORMATS, BRIEF)}
        return {k: p for k, p in found.items() if p.is_file()}

    def consolidate(
        self, report_date: dt.date | None = None, signer: dict | None = None
    ) -> ConsolidationOutcome:
        """Consolidate the current files (last year's result taken from the workspace when there)
        and write the result set whole; a consolidation with nothing usable is refused and the
        result already there is kept."""
        from bgindex.core.consolidate import ConsolidateError, consolidate, nothing_usable
        from bgindex.model.exits import ExitCode
        from bgindex.outputs.result_set import BRIEF, output_names, write_outputs
        from bgindex.outputs.swap import ResultSetError

        by_id = {r.id: r for r in self.receipts()}
        current = list(self.current_reports())
        if not current:
            raise WorkspaceError(
                f"chưa có tệp báo cáo nào dùng được của năm {self.year}; "
                f"không ghi đè kết quả đã có trong '{self.result_dir()}'"
            )
        labels = _unique_labels({i: by_id[i].original_name for i in current})
        files = [by_id[i].stored for i in current]
        prior = self.workspace.root / str(self.year - 1) / RESULTS / output_names(self.year - 1)["xlsx"]
        try:
            result = consolidate(
                self.workspace.received_dir(self.year),
                self.year,
                self.catalog,
                prior if prior.is_file() else None,
                self.deadline,
                report_date,
                files=files,
                labels={str(by_id[i].stored): labels[i] for i in current},
            )
        except ConsolidateError as exc:
            raise WorkspaceError(str(exc)) from None
        if result.exit_code == ExitCode.UNREADABLE:
            raise WorkspaceError(
                f"{nothing_usable(result)}; không ghi đè kết quả đã có trong '{self.result_dir()}'"
            )
        if signer:
            result.meta = result.meta.model_copy(update=signer)
        try:
            paths = write_outputs(result, self.catalog, self.result_dir(), RESULT_FORMATS, brief=True)
        except (ResultSetError, OSError) as exc:
            raise WorkspaceError(
                f"không ghi được kết quả vào '{self.result_dir()}' ({exc}); kết quả cũ được giữ nguyên"
            ) from None
        names = output_names(self.year)
        written = {k: p for k in (*RESULT_FORMATS, BRIEF) for p in paths if p.name == names[k]}
        return ConsolidationOutcome(result, written)

    def import_result(self, name: str, data: bytes) -> Path:
        """A consolidated result made elsewhere (on the command line, on another computer) taken in
        as this year's, so that next year's consolidation, comparison and letters find it. Read
        through the hostile-file intake like any received file; refused when it is not a result of
        this year and catalogue, or when the workspace already has this year's result (a result the
        desk made is never replaced by an upload). `name` is display text only."""
        import tempfile

        from bgindex.intake.limits import MAX_FILE_BYTES
        from bgindex.model.vn import vn_megabytes
        from bgindex.outputs.atomic import write_bytes
        from bgindex.outputs.result_set import output_names
        from bgindex.reading.last_result import ResultReadError, read_result

        target = self.result_dir() / output_names(self.year)["xlsx"]
        if target.exists():
            raise WorkspaceError(
                f"Thư mục làm việc đã có kết quả tổng hợp năm {self.year}: không thay bằng tệp «{name}».",
                usage=True,
            )
        if len(data) > MAX_FILE_BYTES:
            too_big = f"Tệp «{name}» lớn hơn {vn_megabytes(MAX_FILE_BYTES)}: không nhận."
            raise WorkspaceError(too_big, usage=True)
        with tempfile.TemporaryDirectory(dir=self.workspace.root) as tmp:
            probe = Path(tmp) / "ket-qua.xlsx"
            probe.write_bytes(data)
            try:
                found = read_result(probe, self.catalog)
            except ResultReadError as exc:  # the message names the file as the officer sent it
                raise WorkspaceError(str(exc).replace(f"'{probe}'", f"«{name}»"), usage=True) from None
        if found.year != self.year:
            raise WorkspaceError(
                f"Tệp «{name}» là kết quả tổng hợp năm {found.year}, không phải năm {self.year}.", usage=True
            )
        self.result_dir().mkdir(parents=True, exist_ok=True)
        return write_bytes(target, data)

    def _compared(self, other_year: int) -> list[Path]:
        """This year's and another year's results in the workspace, older first."""
        desks = sorted([self, self.workspace.year(other_year)], key=lambda d: d.year)
        paths: list[Path] = []
        for desk in desks:
            path = desk.results().get("xlsx")
            if path is None:
                raise WorkspaceError(
                    f"Chưa có kết quả tổng hợp năm {desk.year} trong thư mục làm việc "
                    f"'{self.workspace.root}': tổng hợp năm {desk.year} trên bàn làm việc, "
                    f"hoặc đưa tệp kết quả năm {desk.year} vào ở "
                    f"trang Tổng hợp năm {desk.year + 1}"
                )
            paths.append(path)
        return paths

    def compare(self, other_year: int) -> DiffResult:
        """core.diff between this year's result and another year's, with the catalogue that wrote
        the newer one (as `bgindex diff` chooses it)."""
        return self._diff(other_year)[0]

    def _diff(self, other_year: int, agency: str | None = None) -> tuple[DiffResult, Catalog]:
        from bgindex.catalog.registry import choose_catalog
        from bgindex.core.diff import DiffError, diff, newest_profile

        paths = self._compared(other_year)
        catalog = choose_catalog(profile=newest_profile(paths))
        try:
            return diff(paths, catalog, agency), catalog
        except DiffError as exc:
            raise WorkspaceError(str(exc)) from None


def _unique_labels(names: dict[int, str]) -> dict[int, str]:
    """Display names of files, told apart by their receipt number where two were sent with one name."""
    seen: dict[str, int] = {}
    for n in names.values():
        seen[n] = seen.get(n, 0) + 1
    return {i: n if seen[n] == 1 else f"{n} (tệp nhận số {i})" for i, n in names.items()}


def _before_replace(tmp: Path) -> None:
    """A point between the fsync'd temporary file and its rename (tests stop a process here)."""
