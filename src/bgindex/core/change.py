"""Year-over-year change and its assessment, knowing which direction is better."""

from __future__ import annotations

from bgindex.model.status import Assessment

# Significant digits a figure is compared at: far beyond any typed or computed precision (a 0,1 %
# change differs at the 4th), short of float noise (0.1 + 0.2 = 0.30000000000000004 at the 17th).
SIGNIFICANT = 12


def same_figure(old: float, new: float) -> bool:
    """Whether two figures are the same at their stored precision, float noise aside; also at the
    precision indicator values are shown with, so 92.4999999 and 92.5 are unchanged."""
    return f"{old:.{SIGNIFICANT}g}" == f"{new:.{SIGNIFICANT}g}" or round(new, 6) == round(old, 6)


def change(old: float | None, new: float | None) -> tuple[float | None, float | None]:
    """Absolute change (new − old) and relative change in % of |old| (None when old is 0); both 0
    for the same figure."""
    if old is None or new is None:
        return None, None
    if same_figure(old, new):
        return 0.0, 0.0 if old else None
    diff = new - old
    return diff, diff / abs(old) * 100 if old else None


def assess(
    better: str, old: float | None, new: float | None, old_na: bool = False, new_na: bool = False
) -> Assessment:
    """cải thiện / giảm sút / không đổi, or không phát sinh when either year has nothing to count."""
    if old_na or new_na:
        return "not_applicable"
    if old is None or new is None:
        return "unknown"
    if same_figure(old, new):
        return "unchanged"
    up = new > old
    return "improved" if up == (better == "higher") else "worsened"


def owes_explanation(change_pct: float | None, change_abs: float | None, threshold: float) -> bool:
    """Whether a change owes a cause: any change when the threshold is 0 (the plan's rule), else one
    beyond it (relative, %); from zero to anything always does, the same figure never does."""
    if change_abs is None or change_abs == 0:
        return False
    if change_pct is None:
        return True
    return abs(change_pct) > threshold


def figure_owes(old: float | None, new: float | None, threshold: float) -> bool:
    """owes_explanation for a pair of figures (last year's, this year's)."""
    diff, pct = change(old, new)
    return owes_explanation(pct, diff, threshold)
