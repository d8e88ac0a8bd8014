"""Everything bgindex writes: result workbook, reports, charts, annotated copies, agency templates."""
