"""Charts of a consolidation or a comparison: greyscale-safe SVG for the HTML report, PNG for Word."""

from bgindex.outputs.charts.catalogue import Chart, render_charts, render_diff_charts

__all__ = ["Chart", "render_charts", "render_diff_charts"]
