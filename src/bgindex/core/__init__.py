"""The computations: validation rules, indicators by catalogue rule, consolidation, year-over-year change and diff."""
