"""The one exception for a file bgindex cannot use, raised by intake and reading alike."""

from __future__ import annotations

from typing import Any

from bgindex.model.issues import IssueCode


class FileProblem(Exception):
    """A file that cannot be used, as an issue code with its message parameters."""

    code: IssueCode
    params: dict[str, Any]

    def __init__(self, code: IssueCode, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
