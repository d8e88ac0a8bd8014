"""The computations: validation rules, indicators by catalogue rule, consolidation, change and diff."""
