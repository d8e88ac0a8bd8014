"""The one place an indicator's formula is applied: sum(numerator) / sum(denominator) × multiplier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bgindex.catalog.model import Indicator, Secondary
from bgindex.model.vn import vn_number

Outcome = Literal["ok", "not_applicable", "missing"]


@dataclass(frozen=True)
class Evaluation:
    value: float | None
    outcome: Outcome
    numerator: float | None = None
    denominator: float | None = None
    missing: tuple[str, ...] = ()


def _sum(codes: Sequence[str], values: Mapping[str, float | None]) -> tuple[float | None, list[str]]:
    missing = [c for c in codes if values.get(c) is None]
    if missing:
        return None, missing
    return sum(values[c] for c in codes), []  # type: ignore[misc]


def evaluate(
    numerator: Sequence[str],
    denominator: Sequence[str],
    multiplier: float,
    values: Mapping[str, float | None],
) -> Evaluation:
    """A zero denominator is 'not applicable' (không phát sinh), never 0 %."""
    num, miss_n = _sum(numerator, values)
    den, miss_d = _sum(denominator, values) if denominator else (None, [])
    missing = tuple(miss_n + miss_d)
    if missing:
        return Evaluation(None, "missing", num, den, missing)
    assert num is not None
    if not denominator:
        return Evaluation(num * multiplier, "ok", num, None)
    assert den is not None
    if den == 0:
        return Evaluation(None, "not_applicable", num, den)
    return Evaluation(num / den * multiplier, "ok", num, den)


def evaluate_indicator(ind: Indicator, values: Mapping[str, float | None]) -> Evaluation:
    return evaluate(ind.numerator, ind.denominator, ind.multiplier, values)


def evaluate_secondary(sec: Secondary, values: Mapping[str, float | None]) -> Evaluation:
    return evaluate(sec.numerator, sec.denominator, sec.multiplier, values)


def formula_text(ind: Indicator, labels: Mapping[str, str]) -> str:
    """The formula in words, for reports: (a + b) / c × 100."""

    def side(codes: Sequence[str]) -> str:
        words = " + ".join(labels.get(c, c) for c in codes)
        return f"({words})" if len(codes) > 1 else words

    text = side(ind.numerator)
    if ind.denominator:
        text += " / " + side(ind.denominator)
    if ind.multiplier != 1:
        text += f" × {vn_number(ind.multiplier, 0)}"
    return text
