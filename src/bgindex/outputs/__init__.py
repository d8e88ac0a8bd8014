"""Everything bgindex writes: atomic files, the result workbook, HTML/Markdown and Word reports, charts, annotated copies, agency templates."""
