"""The `bgindex` command: parses options, calls the library, renders results. Nothing else."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from bgindex.cli import completion, serve
from bgindex.cli.click_vi import ViCommand, ViGroup, usage_error_text
from bgindex.cli.os_errors import file_problem_text
from bgindex.cli.startup import double_clicked, explain_and_wait, prepare_process, version_text
from bgindex.cli.terminal import console, echo, echo_json
from bgindex.model.exits import ExitCode

app = typer.Typer(
    name="bgindex",
    help="Công cụ của Sở Tài nguyên và Môi trường để thu thập, kiểm tra và tổng hợp báo cáo "
    "Bộ chỉ số đánh giá kết quả bảo vệ môi trường.\n\n"
    "Mã thoát: 0 không có lỗi; 1 có lỗi số liệu; 2 sai cách dùng lệnh; "
    "3 có tệp không đọc được hoặc không an toàn.",
    cls=ViGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    """What the whole run knows beyond one command's options; handed to click as the context object."""

    debug: bool = False
    command: str | None = None  # the command being run, for the help a usage error points to
    signer: Any = None  # the settings file's signer (name, title), put on the catalogue's report


# The run's settings, for the helpers that commands call without a click context.
_CURRENT = Settings()


def _set_debug(ctx: typer.Context, value: bool) -> bool:
    """--debug before or after the command name: either way the whole run knows."""
    settings = ctx.ensure_object(Settings)
    settings.debug = settings.debug or value
    return settings.debug


CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        help="Tệp danh mục chỉ số (TOML) thay cho danh mục có sẵn áp dụng cho năm báo cáo.",
        metavar="TỆP",
    ),
]
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="Danh mục có sẵn theo tên (xem bgindex catalog --list); mặc định: danh mục áp dụng cho năm "
        "báo cáo.",
        metavar="TÊN",
    ),
]


def _choices(*names: str) -> Any:
    """Shell completion of an option's values: the names that start with what is typed."""

    def complete(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete)]

    return complete


WorkersOpt = Annotated[
    int | None, typer.Option("--workers", help="Số tiến trình đọc tệp.", min=1, metavar="SỐ")
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Chỉ in lỗi và dòng kết luận (không bảng, không thanh tiến trình)."),
]


def issue_filter_option(flag: str, what: str) -> Any:
    """--only / --skip: issue codes or tags of the issue model."""
    return typer.Option(
        flag,
        help=f"{what} (lặp lại hoặc cách nhau bằng dấu phẩy), ví dụ W_CAUSE_MISSING hoặc #evidence.",
        metavar="MÃ|#NHÃN",
    )


TableFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="Định dạng: bảng trên màn hình hoặc JSON.",
        metavar="table|json",
        autocompletion=_choices("table", "json"),
    ),
]
DebugOpt = Annotated[
    bool,
    typer.Option(
        "--debug", help="Hiện chi tiết lỗi (cho lập trình viên).", callback=_set_debug, is_eager=True
    ),
]


def fail(message: str, code: int = ExitCode.USAGE) -> typer.Exit:
    """Print a one-line Vietnamese error to stderr and return the Exit to raise."""
    echo(f"Lỗi: {message}", err=True)
    return typer.Exit(code)


def _existing(path: Path | None, what: str, folder: bool = False) -> None:
    """A path the officer named must be there: a missing one is a usage error (2) in every command."""
    if path is None:
        return
    if not path.exists() or (folder and not path.is_dir()):
        from bgindex.model.safe_text import printable

        raise fail(f"không tìm thấy {what} '{printable(path)}'")


def _agencies(cat: Any, codes: list[str] | None) -> None:
    """Agency codes given on the command line are the catalogue's; a wrong one is told with the valid ones."""
    known = [a.code for a in cat.agencies]
    unknown = [c for c in codes or [] if c not in known]
    if unknown:
        raise fail(
            f"mã cơ quan {', '.join(unknown)} không có trong danh mục; các mã hợp lệ: {', '.join(known)}"
        )


def _catalog(path: Path | None, profile: str | None = None, year: int | None = None) -> Any:
    """The run's catalogue (catalog/registry.py chooses), its validity warnings on stderr."""
    from bgindex.catalog import CatalogError
    from bgindex.catalog.registry import choose_catalog
    from bgindex.catalog.validity import validity_warnings

    try:
        cat = choose_catalog(year, path, profile)
    except CatalogError as exc:
        raise fail(f"danh mục '{exc.path}', khóa {exc.key}: {exc.message}") from None
    warnings = validity_warnings(cat, year)
    for warning in warnings:
        echo(warning, err=True)
    if warnings:
        echo(
            "Chọn danh mục khác bằng --profile TÊN hoặc --catalog TỆP (xem bgindex catalog --list).", err=True
        )
    signer = _CURRENT.signer
    if signer is not None:  # the settings file names who signs this office's reports
        versions = tuple(
            r.model_copy(
                update={
                    "signer_name": signer.name,
                    "signer_title": signer.title,
                    "signer_for": signer.for_line,
                }
            )
            for r in cat.report
        )
        cat = cat.model_copy(update={"report": versions})
    return cat


def _show_version(value: bool) -> None:
    if value:
        echo(version_text())
        raise typer.Exit(ExitCode.OK)


VersionOpt = Annotated[
    bool,
    typer.Option("--version", help="Hiện phiên bản rồi thoát.", callback=_show_version, is_eager=True),
]


@app.callback()
def _root(
    ctx: typer.Context,
    debug: DebugOpt = False,
    show_version: VersionOpt = False,
    install_completion: bool = completion.InstallOpt,
    show_completion: bool = completion.ShowOpt,
    settings_file: Annotated[
        Path | None,
        typer.Option(
            "--settings",
            help="Tệp thiết lập (năm, thư mục, danh mục, người ký); mặc định bgindex.toml trong thư mục "
            "đang làm việc nếu có. Tùy chọn ghi trên dòng lệnh luôn được ưu tiên.",
            metavar="TỆP",
        ),
    ] = None,
) -> None:
    """Bộ công cụ bgindex."""
    settings = ctx.ensure_object(Settings)
    settings.command = ctx.invoked_subcommand
    _apply_settings_file(ctx, settings, settings_file)


def _apply_settings_file(ctx: typer.Context, settings: Settings, explicit: Path | None) -> None:
    from bgindex.cli.settings_file import SettingsError, default_map, find_settings, load_settings

    path = find_settings(explicit)
    if path is None:
        return
    try:
        loaded = load_settings(path)
        ctx.default_map = default_map(loaded, path, _year_on_command_line())
    except SettingsError as exc:
        raise fail(f"tệp thiết lập '{exc.path}', khóa {exc.key}: {exc.message}") from None
    settings.signer = loaded.signer


def _year_on_command_line() -> int | None:
    """--year as typed (folders named after the year follow it, not the file's year)."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--year" and i + 1 < len(args) else arg.removeprefix("--year=")
        if (arg == "--year" or arg.startswith("--year=")) and value.isdigit():
            return int(value)
    return None


@app.command("catalog", cls=ViCommand)
def catalog_cmd(
    catalog: CatalogOpt = None,
    profile: ProfileOpt = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Danh mục áp dụng cho năm này; chỉ liệt kê chỉ số và cơ quan của năm này.",
            metavar="NĂM",
        ),
    ] = None,
    listed: Annotated[
        bool, typer.Option("--list", help="Liệt kê các danh mục có sẵn và các năm áp dụng.")
    ] = False,
    fmt: TableFormatOpt = "table",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Liệt kê chỉ số (mã, tên, đơn vị, chiều tốt hơn, cơ quan) và các cơ quan báo cáo."""
    if fmt not in ("table", "json"):
        raise fail(f"định dạng '{fmt}' không hỗ trợ (chọn table hoặc json)")
    from bgindex.cli import catalog_view as render_catalog

    if listed:
        if fmt == "json":
            echo_json(render_catalog.registry_json())
        else:
            render_catalog.print_registry(console())
        return
    cat = _catalog(catalog, profile, year)
    if fmt == "json":
        echo_json(render_catalog.as_json(cat, year))
    else:
        render_catalog.print_tables(cat, year, console(), quiet)


@app.command("template", cls=ViCommand)
def template_cmd(
    year: Annotated[int, typer.Option("--year", help="Năm báo cáo (số liệu của năm này).", metavar="NĂM")],
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi biểu mẫu.", metavar="THƯ_MỤC")],
    agency: Annotated[
        list[str] | None,
        typer.Option("--agency", help="Mã cơ quan (lặp lại để chọn nhiều); mặc định tất cả.", metavar="MÃ"),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="Kết quả tổng hợp năm trước (ket-qua-NĂM.xlsx) để điền sẵn cột năm trước.",
            metavar="TỆP",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Thay cả biểu mẫu cùng tên đã có trong thư mục (mất số liệu đã điền)."),
    ] = False,
    catalog: CatalogOpt = None,
    profile: ProfileOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Tạo biểu mẫu Excel cho từng cơ quan điền số liệu."""
    _existing(previous, "tệp kết quả năm trước")
    cat = _catalog(catalog, profile, year)
    _agencies(cat, agency)
    from bgindex.outputs.agency_template import TemplateError, make_templates

    prefill, source = None, None
    if previous is not None:
        prefill, source = _previous_inputs(previous, cat, year - 1)
    try:
        result = make_templates(cat, year, out, agency, prefill, source, force=force)
    except TemplateError as exc:
        raise fail(str(exc)) from None
    for path in [] if quiet else result.files:
        echo(str(path))
    note = f"; cột năm {year - 1} điền sẵn từ {source}" if source else ""
    echo(f"Đã tạo {len(result.files)} biểu mẫu năm {year} trong {out}{note}.", err=True)


def _previous_inputs(path: Path, cat: Any, year: int) -> tuple[dict, str]:
    from bgindex.reading.last_result import ResultReadError, read_result

    try:
        previous = read_result(path, cat)
    except ResultReadError as exc:
        raise fail(str(exc), ExitCode.UNREADABLE) from None
    if previous.year != year:
        raise fail(f"'{path}' là kết quả năm {previous.year}, cần kết quả năm {year}")
    from bgindex.cli.consolidate_view import print_doubts
    from bgindex.core.baseline import baseline_doubts

    print_doubts(baseline_doubts(previous, cat), console(stderr=True))
    return previous.inputs_by_agency(), str(path)


@app.command("validate", cls=ViCommand)
def validate_cmd(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Tệp hoặc thư mục cần kiểm tra (với --workspace: tệp hoặc thư mục cần nhận).",
            metavar="ĐƯỜNG_DẪN...",
        ),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo mong đợi.", metavar="NĂM")] = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            help="Thư mục làm việc của bàn tiếp nhận (cần --year): các tệp đã cho, kể cả các tệp trong "
            "thư mục đã cho, được nhận vào sổ như khi thả lên bàn tiếp nhận rồi kiểm tra; không cho tệp "
            "nào thì hiện kết quả kiểm tra của các tệp đang được tính. Không dùng cùng --annotate, "
            "--catalog hoặc -.",
            metavar="THƯ_MỤC",
        ),
    ] = None,
    fmt: TableFormatOpt = "table",
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="Ghi bản sao của từng tệp, tô màu và chú thích ô có vấn đề, vào thư "
            "mục này (tệp gốc không bị sửa).",
            metavar="THƯ_MỤC",
        ),
    ] = None,
    annotate_all: Annotated[
        bool,
        typer.Option(
            "--annotate-all",
            help="Cùng với --annotate: ghi bản chú thích cho cả tệp không có vấn đề nào (mặc định "
            "chỉ ghi cho tệp có lỗi hoặc cảnh báo).",
        ),
    ] = False,
    catalog: CatalogOpt = None,
    profile: ProfileOpt = None,
    workers: WorkersOpt = None,
    only_problems: Annotated[
        bool,
        typer.Option("--only-problems", "--chi-loi", help="Chỉ liệt kê các tệp có lỗi hoặc cảnh báo."),
    ] = False,
    only: Annotated[
        list[str] | None, issue_filter_option("--only", "Chỉ hiện các vấn đề có mã hoặc nhãn này")
    ] = None,
    skip: Annotated[
        list[str] | None, issue_filter_option("--skip", "Không hiện các vấn đề có mã hoặc nhãn này")
    ] = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Kiểm tra từng ô của các tệp báo cáo nhận được và báo lỗi bằng tiếng Việt.

    ĐƯỜNG_DẪN là - thì đọc một tệp từ đầu vào chuẩn. --only, --skip và --chi-loi chỉ đổi những gì
    được hiện ra; mã thoát luôn tính mọi lỗi của mọi tệp."""
    if fmt not in ("table", "json"):
        raise fail(f"định dạng '{fmt}' không hỗ trợ (chọn table hoặc json)")
    if workspace is not None:  # the settings file's received folder is no file to receive
        paths = paths if _from_command_line(ctx, "paths") else []
    if paths:
        _warm_workers(paths, workers, debug)
    from bgindex.cli.filters import FilterError, issue_filter

    try:
        keep = issue_filter(only, skip)
    except FilterError as exc:
        raise fail(str(exc)) from None
    if workspace is not None:
        result = _validate_in_workspace(ctx, workspace, paths or [], year, profile)
        _show_validation(result, fmt, keep, only_problems, quiet)
        raise typer.Exit(result.exit_code)
    if not paths:
        raise fail("thiếu ĐƯỜNG_DẪN (tệp hoặc thư mục cần kiểm tra)")
    from bgindex.cli.stdin import STDIN

    missing = [str(p) for p in paths if p != STDIN and not p.exists()]
    if missing:
        raise fail(f"không tìm thấy: {', '.join(missing)}")
    if paths.count(STDIN) > 1:
        raise fail("chỉ đọc được một tệp từ đầu vào chuẩn (-)")
    cat = _catalog(catalog, profile, year)
    with contextlib.ExitStack() as stack:
        labels = {}
        if STDIN in paths:
            from bgindex.cli.stdin import STDIN_LABEL, StdinTooLarge, spooled_stdin

            try:
                spooled = stack.enter_context(spooled_stdin())
            except StdinTooLarge as exc:
                raise fail(str(exc), ExitCode.UNREADABLE) from None
            paths = [spooled if p == STDIN else p for p in paths]
            labels[str(spooled)] = STDIN_LABEL
        result = _validate_with_progress(paths, cat, year, workers, debug, fmt == "json", labels, quiet)
        if not result.files:
            raise fail("không có tệp bảng tính nào trong các đường dẫn đã cho")
        _show_validation(result, fmt, keep, only_problems, quiet)
        if annotate is not None:
            _annotate(result, annotate, quiet, annotate_all)
    raise typer.Exit(result.exit_code)


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    """The parameter was typed (or set in the environment), not filled in by the settings file."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")


def _show_validation(result: Any, fmt: str, keep: Any, only_problems: bool, quiet: bool) -> None:
    """`validate`'s output: the JSON of the result, or the tables, after --only/--skip/--chi-loi."""
    from bgindex.cli.filters import filtered

    shown_result, hidden = filtered(result, keep)
    if fmt == "json":
        echo_json(shown_result.model_dump_json(indent=2))
    else:
        from bgindex.cli.validate_view import print_validation

        print_validation(shown_result, console(), only_problems, quiet, hidden)


def _workspace_error(exc: Any) -> typer.Exit:
    """A WorkspaceError: a bad argument is a usage error (2), a disk or lock problem 3."""
    return fail(exc.message, ExitCode.USAGE if exc.usage else ExitCode.UNREADABLE)


def _validate_in_workspace(
    ctx: typer.Context, workspace: Path, paths: list[Path], year: int | None, profile: str | None
) -> Any:
    """`validate --workspace`: the files given received into the year's register (as a drop on the
    desk, arrival now), or, without files, the year's current files; their reports as `validate`'s
    result."""
    from bgindex.cli.stdin import STDIN

    if not year:
        raise fail("--workspace cần --year NĂM")
    refused = [
        name
        for name, given in (
            ("--annotate", _from_command_line(ctx, "annotate")),
            ("--catalog", _from_command_line(ctx, "catalog")),
            ("-", STDIN in paths),
        )
        if given
    ]
    if refused:
        raise fail(f"{', '.join(refused)} không dùng cùng --workspace")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"không tìm thấy: {', '.join(missing)}")
    _catalog(None, profile, year)  # its validity warnings, as `validate` says them
    from bgindex.catalog.validity import validity_warnings
    from bgindex.core.validate import collect_files, summarize
    from bgindex.model.reports import SkippedFile, ValidationResult
    from bgindex.model.safe_text import printable
    from bgindex.workspace import Workspace, WorkspaceError

    skipped: list[SkippedFile] = []
    try:
        desk = Workspace.open(workspace).year(year, profile)
        if paths:
            receipts = desk.receive([(p.name, p) for p in collect_files(paths, skipped)])
            for r in receipts:
                if r.duplicate_of is not None:
                    echo(
                        f"Tệp '{printable(r.original_name)}' trùng với tệp đã nhận số {r.duplicate_of} "
                        "(cùng nội dung): không lưu thêm bản nào.",
                        err=True,
                    )
            reports = [desk.file_report(r.id) for r in receipts]
        else:
            reports = sorted(desk.current_reports().values(), key=lambda rep: rep.file)
    except WorkspaceError as exc:
        raise _workspace_error(exc) from None
    if not reports:
        raise fail(
            "không có tệp bảng tính nào trong các đường dẫn đã cho"
            if paths
            else f"chưa có tệp nào được tính của năm {year} trong thư mục làm việc '{workspace}'"
        )
    summary, code = summarize(reports)
    return ValidationResult(
        catalog=desk.catalog.profile.id,
        year=year,
        files=reports,
        skipped=skipped,
        catalog_warnings=validity_warnings(desk.catalog, year),
        summary=summary,
        exit_code=code,
    )


def _annotate(result: Any, folder: Path, quiet: bool, every_file: bool = False) -> None:
    from bgindex.outputs.annotated import annotate_files

    written, missed = annotate_files(result, folder, every_file)
    _report_not_annotated(missed)
    if not quiet:
        echo(f"Đã ghi {len(written)} bản chú thích vào {folder}.", err=True)
    if missed:
        echo(f"Không ghi được {len(missed)} bản chú thích.", err=True)
        raise typer.Exit(max(result.exit_code, ExitCode.UNREADABLE))


# A run this long gets a progress bar on a terminal; a few files are done before a bar would help.
PROGRESS_FROM = 10


def _warm_workers(paths: list[Path], workers: int | None, debug: bool) -> None:
    """Under spawn (Windows, macOS), start the workers before anything else, so that their start-up
    overlaps loading the catalogue and listing the files; as many as the pool will want (a folder
    may hold many files: one per core), unless a usage error comes first and ends them."""
    from bgindex.intake.pool import warm_up

    wanted = workers or (os.cpu_count() or 1)
    if all(not p.is_dir() for p in paths):
        wanted = min(wanted, len(paths))
    warm_up(max(1, wanted), preload=("bgindex.core.validate",), quiet=not debug)


def _validate_with_progress(
    paths: list[Path],
    cat: Any,
    year: int | None,
    workers: int | None,
    debug: bool,
    with_reports: bool,
    labels: dict[str, str],
    quiet: bool,
) -> Any:
    """`validate` with a bar on a terminal for a long run (never when stderr is piped or with -q)."""
    from bgindex.core.validate import collect_files, validate

    total = len(collect_files(paths)) if not quiet and sys.stderr.isatty() else 0
    bar = _progress(total >= PROGRESS_FROM)
    if bar is None:
        # The table shows issues only: the values read are not carried back from the workers.
        return validate(
            paths, cat, year, workers=workers, debug=debug, with_reports=with_reports, labels=labels
        )
    with bar:
        task = bar.add_task("đọc", total=total)
        return validate(
            paths,
            cat,
            year,
            workers=workers,
            on_file=lambda _: bar.advance(task),
            debug=debug,
            with_reports=with_reports,
            labels=labels,
        )


def _report_not_annotated(missed: list[Any]) -> None:
    from bgindex.model.safe_text import printable

    for item in missed:
        if item.refusal is not None:
            why = file_problem_text(item.refusal)
        elif item.kind == "timeout":
            why = "tạo bản sao quá lâu nên đã dừng"
        else:
            why = "có lỗi khi tạo bản sao; chạy lại với --debug để xem chi tiết"
        echo(f"Không ghi được bản chú thích của '{printable(item.file)}': {why}", err=True)


ReportDateOpt = Annotated[
    str | None,
    typer.Option(
        "--report-date", help="Ngày ghi trên báo cáo (dd/mm/yyyy); mặc định hôm nay.", metavar="NGÀY"
    ),
]


def _date_option(text: str | None, name: str) -> Any:
    if text is None:
        return None
    from bgindex.reading.cells import parse_date

    parsed = parse_date(text)
    if parsed.value is None:
        raise fail(f"{name} '{text}' không phải ngày hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd)")
    return parsed.value


def _progress(enabled: bool) -> Any:
    """A rich progress bar on stderr, only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("Đọc tệp"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
    )


FormatOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        help="Đầu ra cần ghi (lặp lại để chọn nhiều): xlsx, html, md, json, docx. "
        "Mặc định: xlsx, html, md, json; chỉ ghi --format docx thì thêm báo cáo Word vào các đầu ra "
        "mặc định, còn chọn định dạng khác thì chỉ ghi các định dạng đã chọn. Có json thì in toàn bộ "
        "kết quả JSON ra màn hình.",
        metavar="xlsx|html|md|json|docx",
        autocompletion=_choices("xlsx", "html", "md", "json", "docx"),
    ),
]


@app.command("consolidate", cls=ViCommand)
def consolidate_cmd(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Thư mục chứa tệp báo cáo của các cơ quan (hoặc dùng --workspace).", metavar="THƯ_MỤC"
        ),
    ] = None,
    year: Annotated[int, typer.Option("--year", help="Năm báo cáo.", metavar="NĂM", show_default=False)] = 0,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Thư mục ghi kết quả và báo cáo (không dùng với --workspace).", metavar="THƯ_MỤC_RA"
        ),
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            help="Thư mục làm việc của bàn tiếp nhận: tổng hợp các tệp đang được tính của năm, với kết quả "
            "năm trước có trong thư mục làm việc, rồi ghi kết quả (xlsx, docx, bản tóm tắt) vào thư mục "
            "ket-qua của năm; --format chỉ nhận json (in kết quả ra màn hình).",
            metavar="THƯ_MỤC",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="Kết quả tổng hợp năm trước (ket-qua-NĂM.xlsx); nếu không có, lấy "
            "cột năm trước trong báo cáo của các cơ quan.",
            metavar="TỆP",
        ),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            help="Hạn báo cáo (dd/mm/yyyy); mặc định theo danh mục (20/02 năm sau).",
            metavar="NGÀY",
        ),
    ] = None,
    report_date: ReportDateOpt = None,
    formats: FormatOpt = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Thư mục mẫu báo cáo đã chỉnh sửa (bao-cao.html.j2, bao-cao.md.j2, bao-cao.docx).",
            metavar="THƯ_MỤC",
        ),
    ] = None,
    quiet: QuietOpt = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Thay cả tệp kết quả đã đặt chỉ cho phép đọc (bản đã chốt)."),
    ] = False,
    catalog: CatalogOpt = None,
    profile: ProfileOpt = None,
    workers: WorkersOpt = None,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Ghi thêm bản tóm tắt cho lãnh đạo (tom-tat-NĂM.docx, không quá 4 trang): tóm tắt, "
            "bảng chỉ số, đề xuất, chữ ký.",
        ),
    ] = False,
    signer_name: Annotated[
        str | None,
        typer.Option("--signer-name", help="Họ tên người ký; mặc định theo danh mục.", metavar="TÊN"),
    ] = None,
    signer_title: Annotated[
        str | None,
        typer.Option(
            "--signer-title",
            help="Chức vụ người ký, ví dụ 'PHÓ GIÁM ĐỐC'; mặc định theo danh mục.",
            metavar="CHỨC_VỤ",
        ),
    ] = None,
    signer_for: Annotated[
        str | None,
        typer.Option(
            "--signer-for",
            help="Dòng ký thay, thay mặt trên chức vụ, ví dụ 'KT. GIÁM ĐỐC' hoặc 'TM. ỦY BAN NHÂN DÂN'.",
            metavar="DÒNG",
        ),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Tổng hợp báo cáo của các cơ quan: tính các chỉ số, tình hình báo cáo, báo cáo tiếng Việt.

    Mã thoát: 0 hoàn tất; 1 hoàn tất nhưng có vấn đề (tệp bị loại, cơ quan chưa gửi, chỉ số
    chưa đầy đủ); 2 sai cách dùng; 3 không có tệp nào dùng được."""
    if workspace is not None:
        _consolidate_in_workspace(
            ctx,
            workspace,
            folder,
            year,
            profile,
            report_date,
            formats,
            quiet,
            signer_name,
            signer_title,
            signer_for,
        )
    if folder is None:
        raise fail("cần đúng một trong THƯ_MỤC và --workspace")
    if not year:
        raise fail("thiếu tùy chọn --year")
    if out is None:
        raise fail("thiếu tùy chọn --out THƯ_MỤC_RA")
    _existing(folder, "thư mục", folder=True)
    _existing(previous, "tệp kết quả năm trước")
    _existing(templates, "thư mục mẫu báo cáo", folder=True)
    from bgindex.outputs.result_set import DEFAULT_FORMATS, FORMATS

    # The Word report is an addition: asked for alone, it comes with the default outputs.
    chosen = tuple(formats) if formats and set(formats) != {"docx"} else (*DEFAULT_FORMATS, *(formats or ()))
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        raise fail(f"định dạng không hỗ trợ: {', '.join(bad)} (chọn trong {', '.join(FORMATS)})")
    _check_apart(folder, out)
    cat = _catalog(catalog, profile, year)
    due = _date_option(deadline, "--deadline")
    dated = _date_option(report_date, "--report-date")
    from bgindex.outputs.result_set import check_out_folder
    from bgindex.outputs.swap import ResultSetError

    try:  # refuse now, not after reading every file
        check_out_folder(out, year, chosen, force, brief)
    except ResultSetError as exc:
        raise fail(str(exc), ExitCode.UNREADABLE) from None
    signer = {"signer_name": signer_name, "signer_title": signer_title, "signer_for": signer_for}
    _consolidate_and_write(
        folder,
        year,
        cat,
        previous,
        due,
        dated,
        workers,
        out,
        chosen,
        templates,
        formats,
        quiet,
        force,
        brief,
        {k: v.strip() for k, v in signer.items() if v is not None},
    )


def _consolidate_in_workspace(
    ctx: typer.Context,
    workspace: Path,
    folder: Path | None,
    year: int,
    profile: str | None,
    report_date: str | None,
    formats: list[str] | None,
    quiet: bool,
    *signer_given: str | None,
) -> None:
    """`consolidate --workspace`: YearDesk.consolidate (the desk's consolidation, its refusal, its
    result folder), printed as `consolidate` prints its own."""
    if folder is not None and _from_command_line(ctx, "folder"):
        raise fail("cần đúng một trong THƯ_MỤC và --workspace")
    if not year:
        raise fail("thiếu tùy chọn --year")
    apart = ("out", "previous", "deadline", "templates", "force", "catalog", "workers")
    refused = [f"--{name}" for name in apart if _from_command_line(ctx, name)]
    if refused:
        raise fail(
            f"{', '.join(refused)} không dùng cùng --workspace (kết quả được ghi vào thư mục ket-qua "
            "của năm trong thư mục làm việc)"
        )
    if formats and set(formats) != {"json"}:
        raise fail("với --workspace, --format chỉ nhận json (kết quả luôn gồm xlsx, docx và bản tóm tắt)")
    dated = _date_option(report_date, "--report-date")
    _catalog(None, profile, year)  # its validity warnings, as `consolidate` says them
    keys = ("signer_name", "signer_title", "signer_for")
    settings = _CURRENT.signer  # the settings file's signer, as `consolidate` puts it on the catalogue
    signer = (
        dict(zip(keys, (settings.name, settings.title, settings.for_line), strict=True)) if settings else {}
    )
    signer.update({k: v.strip() for k, v in zip(keys, signer_given, strict=True) if v is not None})
    from bgindex.workspace import Workspace, WorkspaceError

    try:
        outcome = Workspace.open(workspace).year(year, profile).consolidate(dated, signer or None)
    except WorkspaceError as exc:
        raise _workspace_error(exc) from None
    result = outcome.result
    for warning in result.meta.warnings:
        echo(warning, err=True)
    if formats:
        echo_json(result.model_dump_json(indent=2))
    else:
        from bgindex.cli.consolidate_view import print_result

        print_result(result, console(), quiet)
    for path in [] if quiet else outcome.written.values():
        echo(f"Đã ghi {path}", err=True)
    raise typer.Exit(result.exit_code)


def _check_apart(folder: Path, out: Path) -> None:
    """The results never go among the received files (next run would read them as an agency's
    file), nor the received files inside the results folder."""
    received, results = folder.resolve(), out.resolve()
    if results == received or received in results.parents:
        raise fail(f"thư mục kết quả '{out}' nằm trong thư mục tệp nhận về '{folder}'; hãy chọn thư mục khác")
    if results in received.parents:
        raise fail(f"thư mục tệp nhận về '{folder}' nằm trong thư mục kết quả '{out}'; hãy chọn thư mục khác")


def _consolidate_and_write(
    folder: Path,
    year: int,
    cat: Any,
    previous: Path | None,
    due: Any,
    dated: Any,
    workers: int | None,
    out: Path,
    chosen: tuple[str, ...],
    templates: Path | None,
    formats: list[str] | None,
    quiet: bool,
    force: bool,
    brief: bool = False,
    signer: dict[str, str] | None = None,
) -> None:
    from bgindex.core.consolidate import ConsolidateError, consolidate, nothing_usable
    from bgindex.outputs.report_html import ReportTemplateError
    from bgindex.outputs.result_set import write_outputs
    from bgindex.outputs.swap import ResultSetError

    bar = _progress(not quiet)
    task: list[Any] = []

    def started(n: int) -> None:
        if bar is not None:
            bar.start()
            task.append(bar.add_task("đọc", total=n))

    def advanced(_: Any) -> None:
        if bar is not None and task:
            bar.advance(task[0])

    try:
        result = consolidate(folder, year, cat, previous, due, dated, workers, advanced, started)
    except ConsolidateError as exc:
        raise fail(str(exc), ExitCode.UNREADABLE) from None
    finally:
        if bar is not None:
            bar.stop()
    for warning in result.meta.warnings:  # a report date outside the profile's time: loud, first
        echo(warning, err=True)
    if result.exit_code == ExitCode.UNREADABLE:
        # Nothing usable: the results already in `out` (next year's --previous) stay as they are.
        from bgindex.cli.consolidate_view import print_result

        print_result(result, console(), quiet)
        raise fail(f"{nothing_usable(result)}; không ghi đè kết quả đã có trong '{out}'", ExitCode.UNREADABLE)
    if signer:  # the signature named on the command line wins over the catalogue's
        result.meta = result.meta.model_copy(update=signer)
    try:
        written = write_outputs(result, cat, out, chosen, templates, force, brief)
    except ReportTemplateError as exc:
        raise fail(str(exc)) from None
    except ResultSetError as exc:
        raise fail(str(exc), ExitCode.UNREADABLE) from None
    except OSError as exc:  # a full disk, a file taken by another program: nothing was replaced
        raise fail(
            f"{file_problem_text(exc)}. Bộ kết quả cũ trong '{out}' được giữ nguyên", ExitCode.UNREADABLE
        ) from None
    if formats and "json" in formats:
        echo_json(result.model_dump_json(indent=2))
    else:
        from bgindex.cli.consolidate_view import print_result

        print_result(result, console(), quiet)
    for path in [] if quiet else written:
        echo(f"Đã ghi {path}", err=True)
    raise typer.Exit(result.exit_code)


@app.command("status", cls=ViCommand)
def status_cmd(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(help="Thư mục chứa tệp báo cáo đã nhận (hoặc dùng --workspace).", metavar="THƯ_MỤC"),
    ] = None,
    year: Annotated[int, typer.Option("--year", help="Năm báo cáo.", metavar="NĂM", show_default=False)] = 0,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            help="Thư mục làm việc của bàn tiếp nhận: các tệp đang được tính và ngày nhận của chúng "
            "(đúng hạn hay muộn tính theo ngày nhận).",
            metavar="THƯ_MỤC",
        ),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="Hạn báo cáo (dd/mm/yyyy); mặc định theo danh mục.", metavar="NGÀY"),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="Tính số ngày còn lại từ ngày này (dd/mm/yyyy); mặc định hôm nay.", metavar="NGÀY"
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="Định dạng: bảng trên màn hình hoặc JSON; với --letter: văn bản hoặc Word (docx).",
            metavar="table|json|text|docx",
            autocompletion=_choices("table", "json", "text", "docx"),
        ),
    ] = "table",
    letter: Annotated[
        bool,
        typer.Option(
            "--letter",
            help="Công văn đôn đốc các cơ quan chưa gửi báo cáo, ghi ngày --today (thay cho bảng).",
        ),
    ] = False,
    agency: Annotated[
        list[str] | None,
        typer.Option("--agency", help="Công văn chỉ gửi cơ quan này (lặp lại để chọn nhiều).", metavar="MÃ"),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Ghi công văn ra tệp (bắt buộc với docx).", metavar="TỆP")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Thư mục mẫu đã chỉnh sửa (cong-van.docx).", metavar="THƯ_MỤC"),
    ] = None,
    catalog: CatalogOpt = None,
    profile: ProfileOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Cơ quan nào đã gửi, tệp hợp lệ hay có lỗi, đúng hạn hay muộn, còn bao nhiêu ngày đến hạn.

    Mã thoát: 0 tất cả đã gửi và hợp lệ; 1 còn cơ quan chưa gửi hoặc tệp có lỗi; 3 có tệp không
    đọc được hoặc không an toàn."""
    if workspace is not None and not _from_command_line(ctx, "folder"):
        folder = None  # the settings file's received folder belongs to the folder command
    if (folder is None) == (workspace is None):
        raise fail("cần đúng một trong THƯ_MỤC và --workspace")
    if not year:
        raise fail("thiếu tùy chọn --year")
    _existing(folder, "thư mục", folder=True)
    allowed = ("text", "docx") if letter else ("table", "json")
    fmt = "text" if letter and fmt == "table" else fmt
    if fmt not in allowed:
        raise fail(f"định dạng '{fmt}' không hỗ trợ (chọn {' hoặc '.join(allowed)})")
    if (agency or out) and not letter:
        raise fail("--agency và --out chỉ dùng cùng --letter")
    if fmt == "docx" and out is None:
        raise fail("định dạng docx cần --out TỆP")
    cat = _catalog(catalog, profile, year)
    _agencies(cat, agency)
    due = _date_option(deadline, "--deadline")
    import datetime as dt

    now = _date_option(today, "--today") or dt.date.today()
    if workspace is not None:
        from bgindex.workspace import Workspace, WorkspaceError

        try:
            statuses, entries, conflicts, due = Workspace.open(workspace).year(year, profile).status()
        except WorkspaceError as exc:
            raise _workspace_error(exc) from None
    else:
        from bgindex.core.consolidate import status

        assert folder is not None
        statuses, entries, conflicts, due = status(folder, year, cat, due)
    known = {f for s in statuses for f in s.files}
    stray = [e for e in entries if e.file not in known]  # files no expected agency can claim
    if letter:
        from bgindex.outputs.letters import nobody_unsent, reminder_letter

        reminder = reminder_letter(statuses, cat, year, due, now, agency)
        if reminder is None:
            echo(nobody_unsent(year, agency, cat), err=True)
        else:
            _write_letter(reminder, fmt, out, templates)
    elif fmt == "json":
        import json

        from bgindex.catalog.validity import validity_warnings

        echo(
            json.dumps(
                {
                    "year": year,
                    "catalog_warnings": validity_warnings(cat, year),
                    "deadline": due.isoformat(),
                    "today": now.isoformat(),
                    "days_left": (due - now).days,
                    "agencies": [s.model_dump(mode="json") for s in statuses],
                    "other_files": [e.model_dump(mode="json", exclude={"issues"}) for e in stray],
                    "conflicts": [c.model_dump(mode="json") for c in conflicts],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        from bgindex.cli.consolidate_view import print_status

        print_status(statuses, due, now, console(), stray, conflicts, quiet)
    if any(s.status == "unreadable" for s in statuses) or any(e.status == "unreadable" for e in stray):
        raise typer.Exit(ExitCode.UNREADABLE)
    raise typer.Exit(
        ExitCode.OK if all(s.status == "valid" for s in statuses) and not stray else ExitCode.DATA
    )


@app.command("diff", cls=ViCommand)
def diff_cmd(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="Hai nguồn trở lên: tệp kết quả tổng hợp (ket-qua-NĂM.xlsx) hoặc thư mục báo cáo "
            "của các cơ quan (được tổng hợp ngay).",
            metavar="CŨ MỚI [THÊM...]",
        ),
    ],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            help="Công văn đề nghị cơ quan này giải trình (text: nội dung để dán; docx: công văn "
            "Word); không lập công văn khi cơ quan không còn nợ giải trình.",
            metavar="MÃ",
        ),
    ] = None,
    report_date: ReportDateOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="Bảng trên màn hình (mặc định), văn bản để dán vào công văn, JSON, Markdown, HTML, Excel "
            "hoặc Word.",
            metavar="table|text|json|md|html|xlsx|docx",
            autocompletion=_choices("table", "text", "json", "md", "html", "xlsx", "docx"),
        ),
    ] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help="Ghi ra tệp thay vì màn hình.", metavar="TỆP")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Mã thoát 1 khi còn giải trình chưa nộp (dùng trong kịch bản).")
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Thư mục mẫu đã chỉnh sửa (so-sanh.html.j2, so-sanh.md.j2, so-sanh.docx).",
            metavar="THƯ_MỤC",
        ),
    ] = None,
    crosswalk: Annotated[
        Path | None,
        typer.Option(
            "--crosswalk",
            help="Bảng tương ứng đơn vị và chỉ số qua sắp xếp (TOML); mặc định dùng bảng có sẵn "
            "cho hai danh mục và hai năm, nếu có.",
            metavar="TỆP",
        ),
    ] = None,
    baseline: Annotated[
        list[Path] | None,
        typer.Option(
            "--baseline",
            help="Sổ số liệu nền cấp tỉnh của đơn vị chưa báo cáo qua bgindex, ví dụ tỉnh Bắc Ninh "
            "cũ (lặp lại nếu nhiều đơn vị).",
            metavar="TỆP",
        ),
    ] = None,
    old_catalog: Annotated[
        Path | None,
        typer.Option(
            "--old-catalog",
            help="Danh mục của năm cũ khi khác danh mục năm mới (mặc định tìm trong danh mục có sẵn).",
            metavar="TỆP",
        ),
    ] = None,
    catalog: CatalogOpt = None,
    profile: ProfileOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """So sánh kết quả giữa các năm: chỉ số nào thay đổi, đã giải trình chưa, ai còn nợ giải trình.

    Mã thoát: 0; với --strict, 1 khi còn giải trình chưa nộp; 2 sai cách dùng; 3 nguồn không đọc
    được."""
    from bgindex.outputs.diff_views import DIFF_FORMATS

    if fmt not in DIFF_FORMATS:
        raise fail(f"định dạng '{fmt}' không hỗ trợ (chọn {', '.join(DIFF_FORMATS)})")
    if len(sources) < 2:
        raise fail("cần ít nhất hai nguồn (năm cũ và năm mới)")
    missing = [str(p) for p in sources if not p.exists()]
    if missing:
        raise fail(f"không tìm thấy: {', '.join(missing)}")
    if fmt in ("xlsx", "docx") and out is None:
        raise fail(f"định dạng {fmt} cần --out TỆP")
    _existing(templates, "thư mục mẫu", folder=True)
    dated = _date_option(report_date, "--report-date")
    if catalog is None and profile is None:  # the catalogue that wrote the newest result compared
        from bgindex.core.diff import newest_profile

        profile = newest_profile(sources)
    cat = _catalog(catalog, profile)
    _agencies(cat, [agency] if agency else None)
    from bgindex.core.diff import DiffError, diff

    try:
        result = diff(
            sources,
            cat,
            agency,
            crosswalk=crosswalk,
            baselines=baseline or [],
            old_catalog=_catalog(old_catalog) if old_catalog is not None else None,
            report_date=dated,
        )
    except DiffError as exc:
        raise fail(str(exc), ExitCode.UNREADABLE) from None
    from bgindex.outputs import diff_views as render_diff
    from bgindex.outputs.report_html import ReportTemplateError

    if agency and fmt in ("table", "text", "docx"):
        _explanation_letter(result, cat, fmt, out, templates, strict)
    text: str | None = None
    try:
        if fmt == "json":
            text = result.model_dump_json(indent=2)
        elif fmt == "md":
            text = render_diff.render_markdown(result, cat, templates)
        elif fmt == "html":
            text = render_diff.render_html(result, cat, templates)
        elif fmt == "text":
            text = render_diff.owed_text(result, cat)
        elif fmt == "xlsx":
            assert out is not None  # checked with the options above
            render_diff.write_xlsx(result, out)
        elif fmt == "docx":
            from bgindex.outputs.report_docx import write_diff_docx

            assert out is not None
            write_diff_docx(result, cat, out, templates)
    except ReportTemplateError as exc:
        raise fail(str(exc)) from None
    if fmt == "table":
        from bgindex.cli.diff_view import print_diff

        print_diff(result, console(), quiet)
    elif text is not None and out is None:
        (echo_json if fmt == "json" else echo)(text)
    elif text is not None and out is not None:
        from bgindex.outputs.atomic import write_text

        write_text(out, text)
    if out is not None:
        echo(f"Đã ghi {out}", err=True)
    if fmt != "table" or agency:  # the table view lists them itself
        from bgindex.cli.consolidate_view import print_doubts

        print_doubts(result.doubts, console(stderr=True))
    raise typer.Exit(ExitCode.DATA if result.doubtful or (strict and result.owed) else ExitCode.OK)


@app.command("baseline-template")
def baseline_template_cmd(
    year: Annotated[int, typer.Option("--year", help="Năm của số liệu nền (năm cũ của phép so sánh).")],
    out: Annotated[Path, typer.Option("--out", help="Tệp ghi sổ số liệu nền (.xlsx).", metavar="TỆP")],
    unit: Annotated[
        str,
        typer.Option(
            "--unit", help="Mã đơn vị trong bảng tương ứng (mục [[outside]]), ví dụ BNCU.", metavar="MÃ"
        ),
    ],
    name: Annotated[
        str, typer.Option("--name", help="Tên đơn vị, ví dụ 'Tỉnh Bắc Ninh (cũ)'.", metavar="TÊN")
    ],
    force: Annotated[bool, typer.Option("--force", help="Thay tệp cùng tên đã có.")] = False,
    catalog: CatalogOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Tạo sổ số liệu nền cấp tỉnh (trống) cho đơn vị chưa báo cáo qua bgindex, để so sánh qua sắp xếp."""
    cat = _catalog(catalog)
    if out.exists() and not force:
        raise fail(f"'{out}' đã có; thêm --force để thay")
    from bgindex.outputs.baseline_template import write_baseline_template

    write_baseline_template(cat, year, unit, name, out)
    echo(f"Đã ghi {out}", err=True)


def _explanation_letter(
    result: Any, cat: Any, fmt: str, out: Path | None, templates: Path | None, strict: bool
) -> None:
    """`diff --agency`: the letter asking that agency for what it owes, or, when it owes nothing, a
    plain message and no letter (exit 0)."""
    from bgindex.cli.consolidate_view import print_doubts
    from bgindex.outputs.letters import explanation_letter, nothing_owed

    letter = explanation_letter(result, cat)
    print_doubts(result.doubts, console(stderr=True))
    code = ExitCode.DATA if result.doubtful or (strict and letter is not None) else ExitCode.OK
    if letter is None:
        echo(nothing_owed(result, cat), err=True)
        raise typer.Exit(code)
    _write_letter(letter, fmt, out, templates)
    raise typer.Exit(code)


def _write_letter(letter: Any, fmt: str, out: Path | None, templates: Path | None) -> None:
    """A letter as text (to the screen, or --out) or as a Word file (--out)."""
    from bgindex.outputs.report_html import ReportTemplateError

    if fmt == "docx":
        from bgindex.outputs.letters import write_letter_docx

        assert out is not None  # checked with the options
        try:
            write_letter_docx(letter, out, templates)
        except ReportTemplateError as exc:
            raise fail(str(exc)) from None
    elif out is not None:
        from bgindex.outputs.atomic import write_text

        write_text(out, letter.text())
    else:
        echo(letter.text())
    if out is not None:
        echo(f"Đã ghi {out}", err=True)


def _usage_error(exc: Any, command_name: str | None) -> None:
    """A usage error: the command's usage line, one Vietnamese sentence, where to read more."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        echo(ctx.get_usage(), err=True)
    text, help_command = usage_error_text(exc, command_name)
    end = "" if text.endswith("?") else "."
    echo(f"Lỗi cách dùng: {text}{end} Xem: {help_command}", err=True)


class _Stopped(BaseException):
    """Ctrl-C or SIGTERM, raised once in the main thread: the run unwinds through its finally blocks
    (workers ended, temporary files removed). Not a KeyboardInterrupt, which click answers itself."""

    def __init__(self, code: ExitCode) -> None:
        super().__init__(code)
        self.code = code


_STOP_SIGNALS = {signal.SIGINT: ExitCode.INTERRUPTED, signal.SIGTERM: ExitCode.TERMINATED}


def _ignore_stop_signals() -> None:
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


def _on_stop_signal(signum: int, frame: Any) -> None:
    _ignore_stop_signals()  # one stop: a second Ctrl-C cannot break off the cleanup of the first
    raise _Stopped(_STOP_SIGNALS[signal.Signals(signum)])


def _stopped(code: ExitCode) -> None:
    """The end of a stopped run: nothing of it goes on, nothing half-written stays."""
    _ignore_stop_signals()
    from bgindex.intake.pool import end_workers
    from bgindex.outputs.atomic import remove_temporaries

    end_workers()
    remove_temporaries()
    echo("Đã dừng.", err=True)
    sys.exit(code)


serve.register(app)


def main() -> None:
    """Entry point: no traceback reaches a user unless --debug is given."""
    prepare_process()
    if double_clicked():  # an officer's double-click opens the desk in the browser
        sys.argv[1:] = ["serve"]
        try:
            _main()
        except SystemExit as exc:
            if exc.code not in (None, 0):  # the desk did not start: say what else to do, keep the window
                explain_and_wait(echo)
            raise
        return
    _main()


def _main() -> None:
    global _CURRENT
    settings = _CURRENT = Settings()
    before = {signum: signal.signal(signum, _on_stop_signal) for signum in _STOP_SIGNALS}
    stop: ExitCode | None = None
    try:
        _run(settings)
    except _Stopped as exc:
        stop = exc.code
    except (typer.Abort, KeyboardInterrupt):
        stop = ExitCode.INTERRUPTED
    finally:
        if stop is None:  # the run is over (a caller in the same process gets its handlers back)
            for signum, handler in before.items():
                signal.signal(signum, handler)
    # Outside the except block: the stopped run's frames are released, so its pools close here.
    if stop is not None:
        _stopped(stop)


def _run(settings: Settings) -> None:
    completion.ready()
    try:
        # returns the exit code of typer.Exit
        code = app(standalone_mode=False, obj=settings, prog_name="bgindex")
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.TyperException as exc:  # usage errors of the click inside typer
        help_ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and help_ctx is not None:
            echo(help_ctx.get_help())
        else:
            _usage_error(exc, settings.command)
        sys.exit(ExitCode.USAGE)
    except BrokenPipeError:  # the reader of a pipe (`| more`, `| head`) stopped reading: not an error
        _quiet_stdout()
        sys.exit(ExitCode.OK)
    except OSError as exc:  # the machine said no: a full disk, a locked file, a missing right
        if settings.debug:
            raise
        echo(f"Lỗi: {file_problem_text(exc)}", err=True)
        sys.exit(ExitCode.UNREADABLE)
    except Exception as exc:  # anything unforeseen
        if settings.debug:
            raise
        echo(
            f"Lỗi không lường trước: {type(exc).__name__}: {exc}. Chạy lại với --debug để xem chi tiết.",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL)
    if code == ExitCode.USAGE:  # one of our own usage checks: where to read more
        echo(f"Xem: bgindex {settings.command + ' ' if settings.command else ''}--help", err=True)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)


def _quiet_stdout() -> None:
    """Send what is still buffered for a closed pipe nowhere, so that the exit does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
