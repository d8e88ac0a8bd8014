"""The desk's pages: each handler asks bgindex.workspace and renders its answer, deciding nothing."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import PackageLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bgindex.catalog.validity import profile_notices, validity_warnings
from bgindex.desk import security
from bgindex.model import vn
from bgindex.model.safe_text import printable
from bgindex.workspace import Receipt, Workspace, WorkspaceError

STATIC = Path(__file__).with_name("static")

OUTCOME_VI = {
    "valid": "hợp lệ",
    "warnings": "có cảnh báo",
    "errors": "có lỗi",
    "unreadable": "không đọc được",
    "pending": "đang kiểm tra",
}
OUTCOME_CLASS = {"valid": "ok", "warnings": "warn", "errors": "bad", "unreadable": "bad", "pending": ""}
RESULT_NAMES = {"xlsx": "ket-qua-{year}.xlsx", "docx": "bao-cao-{year}.docx", "brief": "tom-tat-{year}.docx"}


def timeliness_vi(kind: str, days: int) -> str:
    """đúng hạn / muộn N ngày / chưa nhận (quá hạn N ngày) / chưa nhận (còn N ngày)."""
    return {
        "on_time": "đúng hạn",
        "late": f"muộn {days} ngày",
        "overdue": f"chưa nhận (quá hạn {days} ngày)",
        "missing": "chưa nhận",
        "not_due": f"chưa nhận (còn {days} ngày)",
    }.get(kind, kind)


def content_disposition(name: str) -> str:
    """An attachment header for a name we chose: an ASCII fallback and the UTF-8 name (RFC 5987)."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


class Desk:
    """One workspace behind the pages; the register is used by one request at a time."""

    def __init__(self, root: Path | None, host: str, token: str) -> None:
        self.workspace = Workspace.open(root)
        self.findings = self.workspace.check()
        self.token = token
        self.host = host
        self.lock = threading.Lock()
        # sandboxed like every template engine of the project: a page never reaches Python internals
        self.env = SandboxedEnvironment(
            loader=PackageLoader("bgindex.desk", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        self.env.filters.update(
            number=vn.vn_number,
            date=vn.vn_date,
            percent=vn.vn_percent,
            figure=vn.indicator_number,  # an indicator's value at its catalogue precision
            change=vn.indicator_change,
        )
        self.env.globals.update(
            token=token,
            csrf_field=security.CSRF_FIELD,
            outcome_vi=OUTCOME_VI,
            outcome_class=OUTCOME_CLASS,
            timeliness_vi=timeliness_vi,
        )

    @contextmanager
    def held(self) -> Iterator[Workspace]:
        with self.lock:
            yield self.workspace

    def page(self, name: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(request=request, path=request.url.path, **context)
        return HTMLResponse(html, status_code=status)

    def year_or_404(self, request: Request) -> int:
        try:
            year = int(request.path_params["year"])
        except (KeyError, ValueError):
            raise HTTPException(404) from None
        if not 1990 <= year <= 2100:
            raise HTTPException(404)
        return year


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def _refusal(desk: Desk, request: Request, exc: WorkspaceError, status: int = 409) -> HTMLResponse:
    return desk.page("refusal.html", request, status=status, message=exc.message)


def years_page(request: Request) -> Response:
    desk = _desk(request)
    chosen = request.query_params.get("nam")
    if chosen and chosen.isdigit():
        return RedirectResponse(f"/nam/{int(chosen)}/tinh-hinh", status_code=303)
    today = date.today()
    with desk.held() as ws:
        rows = []
        for year in ws.years():
            yd = ws.year(year)
            rows.append(
                {
                    "year": year,
                    "profile": yd.catalog.profile.name,
                    "deadline": yd.deadline,
                    "left": (yd.deadline - today).days,
                    "warnings": validity_warnings(yd.catalog, year) + profile_notices(yd.catalog),
                }
            )
    return desk.page("years.html", request, rows=rows, findings=desk.findings, suggest=today.year - 1)


def _year_context(desk: Desk, ws: Workspace, year: int) -> dict[str, Any]:
    yd = ws.year(year)
    return {"year": year, "yd": yd, "catalog": yd.catalog, "deadline": yd.deadline}


def receive_page(request: Request, received: list[Receipt] | None = None) -> Response:
    """The intake page; after a plain form's drop, with that drop's rows on top."""
    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        context = _year_context(desk, ws, year)
        receipts = context["yd"].receipts()
    return desk.page(
        "receive.html",
        request,
        receipts=receipts,
        received=received,
        max_files=security.MAX_UPLOAD_FILES,
        max_mb=security.MAX_UPLOAD_FILE_BYTES // (1024 * 1024),
        **context,
    )


async def _uploads(request: Request) -> list[tuple[str, bytes]] | str:
    """The files of a drop as (name as sent, bytes), or the Vietnamese reason the drop is refused."""
    try:
        form = await request.form(max_files=security.MAX_UPLOAD_FILES, max_fields=10)
    except Exception:  # python-multipart's refusals: too many files, a malformed body
        return f"Không nhận được các tệp gửi lên (tối đa {security.MAX_UPLOAD_FILES} tệp một lần)."
    files: list[tuple[str, bytes]] = []
    for item in form.getlist("files"):
        if not isinstance(item, UploadFile):
            continue
        if (item.size or 0) > security.MAX_UPLOAD_FILE_BYTES:
            name = printable(item.filename or "")
            return f"Tệp «{name}» lớn hơn {vn.vn_megabytes(security.MAX_UPLOAD_FILE_BYTES)}: không nhận."
        files.append((item.filename or "tep", await item.read()))
    await form.close()
    if not files:
        return "Chưa chọn tệp nào."
    return files


def _row(desk: Desk, year: int, receipt: Receipt, catalog: Any) -> str:
    html = desk.env.get_template("receipt_row.html").render(year=year, r=receipt, catalog=catalog)
    return " ".join(html.split()) + "\n"


async def receive_post(request: Request) -> Response:
    """A plain form's drop: the page again, with the drop's rows."""
    desk = _desk(request)
    year = desk.year_or_404(request)
    files = await _uploads(request)
    if isinstance(files, str):
        return desk.page("refusal.html", request, status=400, message=files)

    def work() -> list[Receipt]:
        with desk.held() as ws:
            return ws.year(year).receive(files)

    try:
        received = await run_in_threadpool(work)
    except WorkspaceError as exc:
        return _refusal(desk, request, exc)
    return await run_in_threadpool(receive_page, request, received)


async def receive_stream(request: Request) -> Response:
    """desk.js's drop: one request for the batch (one worker pool), one table row a line as each
    file's validation finishes, so the page shows progress without a second round trip."""
    desk = _desk(request)
    year = desk.year_or_404(request)
    files = await _uploads(request)
    if isinstance(files, str):
        return HTMLResponse(files, status_code=400)
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def put(line: str | None) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, line)

    def work() -> None:
        try:
            with desk.held() as ws:
                yd = ws.year(year)
                yd.receive(files, on_result=lambda r: put(_row(desk, year, r, yd.catalog)))
        except WorkspaceError as exc:
            put(f'<tr><td colspan="7" class="bad">{desk.env.filters["e"](exc.message)}</td></tr>\n')
        finally:
            put(None)

    async def lines() -> AsyncIterator[str]:
        task = loop.run_in_executor(None, work)
        while (line := await queue.get()) is not None:
            yield line
        await task

    return StreamingResponse(lines(), media_type="text/html; charset=utf-8")


def board_page(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    only = request.query_params.get("loc", "")
    order = request.query_params.get("sap-xep", "ten")
    with desk.held() as ws:
        context = _year_context(desk, ws, year)
        rows = context["yd"].board()
    if only == "van-de":
        rows = [r for r in rows if r.problems or r.conflict or r.current is None or r.timeliness != "on_time"]
    keys: dict[str, Callable[[Any], Any]] = {
        "ten": lambda r: r.name,
        "ma": lambda r: r.agency,
        "nhom": lambda r: (r.group or "", r.name),
        "han": lambda r: (r.timeliness != "overdue", r.timeliness != "late", -r.days, r.name),
        "loi": lambda r: (-r.problems, r.name),
    }
    rows = sorted(rows, key=keys.get(order, keys["ten"]))
    received = sum(1 for r in rows if r.current is not None)
    template = "board_table.html" if request.headers.get("hx-request") else "board.html"
    return desk.page(template, request, rows=rows, only=only, order=order, received=received, **context)


def reminder_page(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        context = _year_context(desk, ws, year)
        text = context["yd"].reminder_letter(date.today(), "text")
    return desk.page("reminder.html", request, text=text, **context)


def _download(path: Path | None, name: str, media: str | None = None) -> Response:
    if path is None or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type=media, headers={"content-disposition": content_disposition(name)})


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reminder_docx(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        path = ws.year(year).reminder_letter(date.today(), "docx")
    return _download(path if isinstance(path, Path) else None, f"cong-van-nhac-bao-cao-{year}.docx", DOCX)


def explanations_page(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        context = _year_context(desk, ws, year)
        try:
            letters = context["yd"].explanation_letters("text")
        except WorkspaceError as exc:
            return _refusal(desk, request, exc)
    names = {a.code: a.name for a in context["catalog"].agencies}
    return desk.page("explanations.html", request, letters=letters, names=names, **context)


def _receipt_or_404(desk: Desk, ws: Workspace, year: int, request: Request) -> Receipt:
    raw = request.path_params.get("rid", "")
    receipt = ws.year(year).receipt(int(raw)) if str(raw).isdigit() else None
    if receipt is None:
        raise HTTPException(404)
    return receipt


def file_page(request: Request) -> Response:
    from bgindex.desk.sheet_view import data_sheet

    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        context = _year_context(desk, ws, year)
        receipt = _receipt_or_404(desk, ws, year, request)
        report = context["yd"].file_report(receipt.id)
    grid = data_sheet(receipt.stored, report.issues)
    catalog = context["catalog"]
    known = receipt.agency is not None and receipt.agency in catalog.agency_by_code
    agency = catalog.agency_name_for_year(receipt.agency, year) if known else receipt.agency
    return desk.page("file.html", request, r=receipt, agency=agency, report=report, grid=grid, **context)


def annotated_download(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        receipt = _receipt_or_404(desk, ws, year, request)
        path = ws.year(year).annotated_copy(receipt.id)
    code = receipt.agency or f"tep-{receipt.id}"
    return _download(path, f"ban-chu-thich-{year}-{code}.xlsx", XLSX)


def annotated_zip(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        path = ws.year(year).annotated_zip()
    return _download(path, f"ban-chu-thich-{year}.zip", "application/zip")


def _consolidate_view(desk: Desk, request: Request, year: int, status: int = 200, **extra: Any) -> Response:
    """The consolidation page: the form, what can be downloaded, and `extra` (an outcome, a
    refusal, a notice, the fields as typed)."""
    with desk.held() as ws:
        context = _year_context(desk, ws, year)
        results = context["yd"].results()
        has_previous = bool(ws.year(year - 1).results().get("xlsx"))
    extra = {"outcome": None, "form": {}, **extra}
    return desk.page(
        "consolidate.html",
        request,
        status=status,
        results=results,
        has_previous=has_previous,
        **extra,
        **context,
    )


def consolidate_page(request: Request) -> Response:
    desk = _desk(request)
    return _consolidate_view(desk, request, desk.year_or_404(request))


SIGNER_FIELDS = ("signer_for", "signer_title", "signer_name")


async def consolidate_post(request: Request) -> Response:
    """Consolidate the year's current files, dated and signed as the officer typed (blank: today,
    and the signer of the settings or the catalogue)."""
    from bgindex.reading.cells import parse_date

    desk = _desk(request)
    year = desk.year_or_404(request)
    form = await request.form()
    typed = {k: str(form.get(k) or "").strip() for k in ("report_date", *SIGNER_FIELDS)}
    await form.close()
    report_date = None
    if typed["report_date"]:
        report_date = parse_date(typed["report_date"]).value
        if not isinstance(report_date, date):
            refusal = (
                f"Ngày báo cáo «{printable(typed['report_date'])}» không phải ngày hợp lệ (ghi dd/mm/yyyy)."
            )
            return await run_in_threadpool(
                _consolidate_view, desk, request, year, 400, refusal=refusal, form=typed
            )
    signer = {k: typed[k] for k in SIGNER_FIELDS if typed[k]} or None

    def work() -> Response:  # the view takes the workspace lock itself: called after it is released
        try:
            with desk.held() as ws:
                outcome = ws.year(year).consolidate(report_date, signer)
        except WorkspaceError as exc:
            return _consolidate_view(desk, request, year, 409, refusal=exc.message, form=typed)
        return _consolidate_view(desk, request, year, outcome=outcome, form=typed)

    return await run_in_threadpool(work)


async def previous_result_post(request: Request) -> Response:
    """Last year's result made elsewhere (ket-qua-NĂM.xlsx from the command line or another
    computer) taken into the workspace, so that this year's consolidation compares with it."""
    desk = _desk(request)
    year = desk.year_or_404(request)
    files = await _uploads(request)
    if isinstance(files, str):
        return await run_in_threadpool(_consolidate_view, desk, request, year, 400, refusal=files)
    if len(files) != 1:
        refusal = "Chọn một tệp kết quả tổng hợp của năm trước."
        return await run_in_threadpool(_consolidate_view, desk, request, year, 400, refusal=refusal)
    name, data = files[0]

    def work() -> Response:
        try:
            with desk.held() as ws:
                ws.year(year - 1).import_result(name, data)
        except WorkspaceError as exc:
            return _consolidate_view(desk, request, year, 409, refusal=exc.message)
        notice = (
            f"Đã nhận kết quả tổng hợp năm {year - 1} từ tệp «{printable(name)}»; bấm «Tổng hợp» để so sánh."
        )
        return _consolidate_view(desk, request, year, notice=notice)

    return await run_in_threadpool(work)


def result_download(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    kind = request.path_params["kind"]
    if kind not in RESULT_NAMES:
        raise HTTPException(404)
    with desk.held() as ws:
        path = ws.year(year).results().get(kind)
    return _download(path, RESULT_NAMES[kind].format(year=year), XLSX if kind == "xlsx" else DOCX)


def compare_page(request: Request) -> Response:
    desk = _desk(request)
    with desk.held() as ws:
        years = ws.years()
        old, new = request.query_params.get("cu", ""), request.query_params.get("moi", "")
        result, refusal, series = None, None, []
        try:
            if old.isdigit() and new.isdigit():
                result = ws.year(int(new)).compare(int(old))
            series = ws.trends()
        except WorkspaceError as exc:
            refusal = exc.message
    return desk.page(
        "compare.html", request, years=years, result=result, series=series, refusal=refusal, old=old, new=new
    )


def catalog_page(request: Request) -> Response:
    desk = _desk(request)
    year = desk.year_or_404(request)
    with desk.held() as ws:
        context = _year_context(desk, ws, year)
    catalog = context["catalog"]
    indicators = catalog.active_indicators(year)
    names = {a.code: catalog.agency_name_for_year(a.code, year) for a in catalog.agencies}
    units = [
        (a.code, names[a.code], [i.code for i in catalog.indicators_for(a.code, year)])
        for a in catalog.reporting_agencies(year)
    ]
    return desk.page(
        "catalog.html",
        request,
        indicators=indicators,
        names=names,
        units=units,
        warnings=validity_warnings(catalog, year) + profile_notices(catalog),
        **context,
    )


async def not_found(request: Request, exc: Exception) -> Response:
    desk = _desk(request)
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    message = "Không có trang hoặc tệp này." if status == 404 else "Yêu cầu không hợp lệ."
    return desk.page("refusal.html", request, status=status, message=message)


def create_app(root: Path | None, host: str = "127.0.0.1") -> Starlette:
    """The desk over the workspace at `root` (None: the default one), served at `host`."""
    token = security.new_token()
    desk = Desk(root, host, token)
    y = "/nam/{year:int}"
    routes = [
        Route("/", years_page),
        Route(f"{y}/nhan-tep", receive_page),
        Route(f"{y}/nhan-tep", receive_post, methods=["POST"]),
        Route(f"{y}/nhan-tep/luong", receive_stream, methods=["POST"]),
        Route(f"{y}/tinh-hinh", board_page),
        Route(f"{y}/cong-van-nhac", reminder_page),
        Route(f"{y}/cong-van-nhac.docx", reminder_docx),
        Route(f"{y}/giai-trinh", explanations_page),
        Route(y + "/tep/{rid:int}", file_page),
        Route(y + "/tep/{rid:int}/ban-chu-thich", annotated_download),
        Route(f"{y}/ban-chu-thich.zip", annotated_zip),
        Route(f"{y}/tong-hop", consolidate_page),
        Route(f"{y}/tong-hop", consolidate_post, methods=["POST"]),
        Route(f"{y}/ket-qua-nam-truoc", previous_result_post, methods=["POST"]),
        Route(y + "/ket-qua/{kind}", result_download),
        Route("/so-sanh", compare_page),
        Route(f"{y}/danh-muc", catalog_page),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=security.middleware(host, token),
        exception_handlers={HTTPException: not_found},
    )
    app.state.desk = desk
    return app
