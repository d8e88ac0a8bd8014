"""Result objects of reading and validating agency workbooks (plain pydantic data, JSON-ready)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from bgindex.model.exits import ExitCode
from bgindex.model.issues import Issue
from bgindex.model.status import FILE_STATUS_VI, FileStatus


class VariableValue(BaseModel):
    code: str
    sheet: str
    cell: str  # the reporting-year value
    previous_cell: str
    value: float | None = None
    previous: float | None = None
    note: str = ""


class IndicatorEntry(BaseModel):
    code: str
    sheet: str
    cell: str  # the code cell of the indicator row
    value_cell: str
    cause_cell: str
    self_value: float | None = None
    self_previous: float | None = None
    cause: str = ""
    measures: str = ""


class Document(BaseModel):
    sheet: str
    row: int  # 1-based row number as shown in Excel
    indicator: str | None = None
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    summary: str = ""
    filename: str = ""


class ReportInfo(BaseModel):
    agency_name: str = ""
    agency_code: str = ""
    reporter: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    report_date: dt.date | None = None
    report_date_cell: str | None = None
    letter_no: str = ""


class AgencyReport(BaseModel):
    """What one agency's workbook says, with the address of every value."""

    file: str
    agency: str | None = None
    year: int | None = None
    profile: str | None = None
    template_version: str | None = None
    info: ReportInfo = Field(default_factory=ReportInfo)
    values: dict[str, VariableValue] = {}
    indicators: dict[str, IndicatorEntry] = {}
    documents: list[Document] = []


class FileReport(BaseModel):
    """The validation outcome for one file."""

    file: str
    format: str | None = None
    sha256: str | None = None
    agency: str | None = None
    year: int | None = None
    report_date: dt.date | None = None
    status: FileStatus
    errors: int = 0
    warnings: int = 0
    issues: list[Issue] = []
    report: AgencyReport | None = None

    @property
    def status_vi(self) -> str:
        return FILE_STATUS_VI[self.status]

    @property
    def usable(self) -> bool:
        """Whether consolidation may use the file: no issue costs the whole file. A usable file can
        still be "invalid": its value errors leave out only the figures they touch."""
        return self.status != "unreadable" and not any(i.cost == "file" for i in self.issues)


class Summary(BaseModel):
    files: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    errors: int = 0
    warnings: int = 0


class SkippedFile(BaseModel):
    """A name found in a folder and not read, with why (a lock file, a pipe): listed, never hidden."""

    file: str
    reason: str


class ValidationResult(BaseModel):
    """What `bgindex.validate` returns; `--format json` prints exactly this."""

    catalog: str
    year: int | None = None
    files: list[FileReport] = []
    skipped: list[SkippedFile] = []  # names in the folders given that were not read
    catalog_warnings: list[str] = []  # the catalogue used outside its validity (catalog/validity.py)
    summary: Summary = Field(default_factory=Summary)
    exit_code: ExitCode = ExitCode.OK
