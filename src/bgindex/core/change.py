"""Year-over-year change and its assessment, knowing which direction is better."""

from __future__ import annotations

from bgindex.model.status import Assessment

EPSILON = 1e-9


def change(old: float | None, new: float | None) -> tuple[float | None, float | None]:
    """Absolute change (new − old) and relative change in % of |old| (None when old is 0)."""
    if old is None or new is None:
        return None, None
    diff = new - old
    if abs(diff) < EPSILON:
        diff = 0.0
    pct = diff / abs(old) * 100 if old else None
    return diff, pct


def assess(
    better: str, old: float | None, new: float | None, old_na: bool = False, new_na: bool = False
) -> Assessment:
    """cải thiện / giảm sút / không đổi, or không phát sinh when either year has nothing to count."""
    if old_na or new_na:
        return "not_applicable"
    if old is None or new is None:
        return "unknown"
    # Compare at the precision values are shown with, so 92.4999999 and 92.5 are unchanged.
    if round(new, 6) == round(old, 6):
        return "unchanged"
    up = new > old
    return "improved" if up == (better == "higher") else "worsened"


def owes_explanation(change_pct: float | None, change_abs: float | None, threshold: float) -> bool:
    """A change beyond the threshold (relative, %); from zero to anything is beyond it."""
    if change_abs is None or change_abs == 0:
        return False
    if change_pct is None:
        return True
    return abs(change_pct) > threshold
