"""The bounds every untrusted file is held to before a parser sees it, each with its reason.

A bgindex template is ~17 KB (~75 KB of XML, ~300 cells); these leave a wide margin for real files
and refuse what would make a parser hang or eat memory (see docs/hostile-files.md).
"""

from __future__ import annotations

MAX_FILE_BYTES = 25 * 1024 * 1024  # a file read whole into memory (.xls) or scanned member by member
MAX_MEMBERS = 1000  # zip members: each one is inflated and looked at
MAX_TOTAL_UNCOMPRESSED = 40 * 1024 * 1024  # all zip members inflated; the XML parts are kept in memory
MAX_MEMBER_UNCOMPRESSED = 20 * 1024 * 1024  # one zip member inflated
# Pictures (xl/media/*, Pictures/* in .ods) are never parsed nor kept, only inflated as a stream to
# prove their size; they barely compress, so a real one is about its stored size: a separate bound.
MAX_MEDIA_UNCOMPRESSED = 4 * MAX_FILE_BYTES  # all pictures inflated (one picture may take it all)
MAX_RATIO = 150  # uncompressed / compressed, for members above RATIO_FLOOR bytes: a zip bomb's mark
RATIO_FLOOR = 2 * 1024 * 1024  # below this, a high ratio (a sheet of blanks) costs nothing
MAX_SHEETS = 255  # sheets of one workbook
MAX_ROWS = 20_000  # rows a sheet we load may reach
MAX_COLS = 256  # columns a sheet we load may reach
# Cells (rows x columns from A1 to the last used cell) of all the sheets a parser may hold at once:
# calamine keeps a dense grid per sheet, so this bounds its memory (~100 bytes a cell in all).
MAX_CELLS = 1_500_000
MAX_MERGES = 10_000  # merged ranges of one sheet, all kept for the reader
MAX_STRUCTURE_BYTES = 2 * 1024 * 1024  # workbook.xml and its relationships, parsed as a tree
MAX_NOTED = 50_000  # formula/error cells remembered per sheet (for messages); counting goes on
MAX_TEXT_REPEAT = 32_767  # characters one cell may hold (an .ods <text:s c="..."/> expands to spaces)
# Work the pre-parse scan does element by element in Python (~1-3 us each): this bounds its time.
MAX_XML_ELEMENTS = 800_000  # XML elements of all sheets (.xlsx) or of content.xml (.ods)
MAX_RECORDS = 800_000  # BIFF records looked at in an .xls
