"""Which issues the terminal shows: `--only` and `--skip` by stable code or by tag (#cell, #evidence…).
A filter changes what is shown, never the exit code: that always counts every issue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bgindex.model.issues import TAGS, TYPES


class FilterError(ValueError):
    """A code or a tag that the issue registry does not know."""


def _check(words: list[str]) -> list[str]:
    bad = [w for w in words if (w not in TAGS if w.startswith("#") else w not in TYPES)]
    if bad:
        raise FilterError(
            f"không có mã hoặc nhãn {', '.join(bad)}; nhãn hợp lệ: {', '.join(TAGS)}, "
            "mã: xem bảng 'Lỗi và cảnh báo' trong README"
        )
    return words


def _split(values: list[str] | None) -> list[str]:
    return _check([w.strip() for v in values or [] for w in v.split(",") if w.strip()])


def issue_filter(only: list[str] | None, skip: list[str] | None) -> Callable[[Any], bool] | None:
    """A test for an issue (or None when nothing is filtered); both options take CODE or #tag,
    repeated or separated by commas."""
    wanted, unwanted = _split(only), _split(skip)
    if not wanted and not unwanted:
        return None

    def matches(issue: Any, words: list[str]) -> bool:
        tags = TYPES[issue.code].tags if issue.code in TYPES else ()
        return any(w == issue.code or w in tags for w in words)

    def shown(issue: Any) -> bool:
        return (not wanted or matches(issue, wanted)) and not matches(issue, unwanted)

    return shown


def filtered(result: Any, keep: Callable[[Any], bool] | None) -> tuple[Any, int]:
    """The validation result with only the issues `keep` accepts, and how many were left out."""
    if keep is None:
        return result, 0
    files = [f.model_copy(update={"issues": [i for i in f.issues if keep(i)]}) for f in result.files]
    hidden = sum(len(f.issues) for f in result.files) - sum(len(f.issues) for f in files)
    return result.model_copy(update={"files": files}), hidden
