"""Generate the editable Word templates templates/bao-cao.docx and templates/so-sanh.docx."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Times New Roman"
TEXT_WIDTH_MM = 165  # A4 210 mm less 30 mm left and 15 mm right margins
ROOT = Path(__file__).resolve().parents[1]

# What follows w:pBdr in a w:pPr (OOXML order matters to Word).
AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# What follows w:tblHeader / w:cantSplit in a w:trPr is free; in w:tblPr, w:tblBorders comes after
# these.
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


# --- fonts and styles -------------------------------------------------------------------------


def set_fonts(rpr: object, name: str = FONT) -> None:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs), theme fonts removed."""
    rfonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def setup_styles(doc: Document) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    for style in styles:
        if style.type == WD_STYLE_TYPE.LIST:
            continue
        set_fonts(style.element.get_or_add_rPr())
    for rfonts in styles.element.iter(qn("w:rFonts")):  # table styles' conditional formats too
        set_fonts(rfonts.getparent())
    for st in styles.element.findall(qn("w:style")):
        if st.get(qn("w:type")) not in ("paragraph", "character"):
            continue
        for color in st.iter(qn("w:color")):  # a theme colour wins over w:val: drop it
            for attr in ("themeColor", "themeShade", "themeTint"):
                color.attrib.pop(qn(f"w:{attr}"), None)
            color.set(qn("w:val"), "000000")
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            style.font.color.rgb = RGBColor(0, 0, 0)

    normal = styles["Normal"]
    normal.font.size = Pt(13)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.1
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    for name, size, bold, italic, before in (
        ("Heading 1", 13, True, False, 12),
        ("Heading 2", 13, True, False, 10),
        ("Heading 3", 13, True, True, 8),
    ):
        h = styles[name]
        h.font.size, h.font.bold, h.font.italic = Pt(size), bold, italic
        h.font.all_caps = False
        h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(before), Pt(6)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        h.paragraph_format.line_spacing = 1.0

    def para_style(
        name: str,
        size: float,
        base: str = "Normal",
        bold: bool = False,
        italic: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
        before: float = 0,
        after: float = 6,
        first_indent_mm: float = 0,
        line: float = 1.1,
    ) -> None:
        st = (
            styles[name]
            if name in [s.name for s in styles]
            else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        )
        st.base_style = styles[base]
        st.font.size, st.font.bold, st.font.italic = Pt(size), bold, italic
        st.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(st.element.get_or_add_rPr())
        f = st.paragraph_format
        f.space_before, f.space_after, f.line_spacing = Pt(before), Pt(after), line
        f.first_line_indent = Mm(first_indent_mm) if first_indent_mm else None
        if align is not None:
            f.alignment = align

    center = WD_ALIGN_PARAGRAPH.CENTER
    para_style("Body Text", 13, first_indent_mm=10)
    para_style("Detail", 12, before=3)
    para_style("Detail Item", 12, first_indent_mm=10, after=3)
    para_style("Doc Title", 14, bold=True, align=center, before=12, after=0, line=1.0)
    para_style("Doc Subtitle", 14, bold=True, align=center, after=0, line=1.0)
    para_style("Caption", 12, italic=True, align=center, before=3, after=6, line=1.0)
    para_style("Figure", 12, align=center, before=6, after=0, line=1.0)
    para_style("Table Text", 11, after=0, line=1.0, align=WD_ALIGN_PARAGRAPH.LEFT)
    para_style("Table Heading", 11, bold=True, after=0, line=1.0, align=center)
    para_style("Table Small", 9.5, after=0, line=1.0, align=WD_ALIGN_PARAGRAPH.LEFT)
    para_style("Table Small Heading", 9.5, bold=True, after=0, line=1.0, align=center)
    para_style("Block", 13, after=0, line=1.0, align=center)
    para_style("Header", 13, after=0, line=1.0, align=center)
    para_style("Recipients", 11, after=0, line=1.0, align=WD_ALIGN_PARAGRAPH.LEFT)
    styles["Doc Title"].paragraph_format.keep_with_next = True
    styles["Doc Subtitle"].paragraph_format.keep_with_next = True
    styles["Figure"].paragraph_format.keep_with_next = True
    styles["Caption"].paragraph_format.keep_with_next = True


# --- page -------------------------------------------------------------------------------------


def setup_page(doc: Document) -> None:
    """A4 portrait, margins 20/20/30/15 mm, page number centred at the top from page 2."""
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin = Mm(20), Mm(20)
    s.left_margin, s.right_margin = Mm(30), Mm(15)
    s.header_distance, s.footer_distance = Mm(10), Mm(10)
    s.different_first_page_header_footer = True
    first = s.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles["Header"]
    header = s.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = doc.styles["Header"]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


# --- building blocks --------------------------------------------------------------------------

Runs = Sequence[tuple[str, str]]  # (text, flags: "b", "i", "bi", "u" ...)


def add_runs(p: object, runs: Runs | str) -> object:
    if isinstance(runs, str):
        runs = [(runs, "")]
    for text, flags in runs:
        run = p.add_run(text)  # type: ignore[attr-defined]
        run.bold = True if "b" in flags else None
        run.italic = True if "i" in flags else None
        run.underline = True if "u" in flags else None
    return p


def para(
    container: object,
    runs: Runs | str = "",
    style: str = "Normal",
    align: WD_ALIGN_PARAGRAPH | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
) -> object:
    p = container.add_paragraph(style=style)  # type: ignore[attr-defined]
    add_runs(p, runs)
    if align is not None:
        p.alignment = align
    if keep_next:
        p.paragraph_format.keep_with_next = True
    if page_break_before:
        p.paragraph_format.page_break_before = True
    return p


def tag(container: object, text: str) -> None:
    """A paragraph holding only a docxtpl tag ({%p ... %}); removed when rendered."""
    para(container, text, "Normal")


def rule(container: object, width_mm: float, box_mm: float) -> None:
    """A centred horizontal line (ND 30/2020: under the issuing body, the motto and the title)."""
    p = container.add_paragraph(style="Normal")  # type: ignore[attr-defined]
    side = max((box_mm - width_mm) / 2, 0)
    f = p.paragraph_format
    f.left_indent, f.right_indent, f.first_line_indent = Mm(side), Mm(side), Mm(0)
    f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(0), 1.0
    run = p.add_run()
    run.font.size = Pt(2)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)
    ppr.insert_element_before(bdr, *AFTER_PBDR)
    mark = OxmlElement("w:rPr")  # the paragraph mark's size sets the empty line's height
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.insert_element_before(mark, "w:sectPr", "w:pPrChange")


def _no_borders(table: object) -> None:
    tblpr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.insert_element_before(borders, *AFTER_TBLBORDERS)


def _grid_borders(table: object) -> None:
    tblpr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    tblpr.insert_element_before(borders, *AFTER_TBLBORDERS)


def _cell_margins(table: object, mm: float) -> None:
    tblpr = table._tbl.tblPr  # type: ignore[attr-defined]
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Mm(mm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _row_flags(row: object, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def fixed_table(container: object, widths_mm: Sequence[float], rows: int, borders: bool = True) -> object:
    """A table whose column widths are fixed on the grid, on every cell and in the layout."""
    assert abs(sum(widths_mm) - TEXT_WIDTH_MM) < 0.01 or not borders, widths_mm
    table = container.add_table(rows=rows, cols=len(widths_mm))  # type: ignore[attr-defined]
    if borders:
        table.style = "Table Grid"
        _grid_borders(table)
        _cell_margins(table, 1.2)
    else:
        _no_borders(table)
        _cell_margins(table, 0)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.insert_element_before(
            tblw, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", *AFTER_TBLBORDERS
        )
    tblw.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    tblw.set(qn("w:type"), "dxa")
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    return table


def cell_text(cell: object, runs: Runs | str, style: str, align: WD_ALIGN_PARAGRAPH | None = None) -> object:
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.style = style
    add_runs(p, runs)
    if align is not None:
        p.alignment = align
    return p


RIGHT, CENTER, LEFT = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT


def data_table(
    container: object,
    columns: Sequence[tuple[str, float, WD_ALIGN_PARAGRAPH | None]],
    cells: Sequence[str] | Sequence[Sequence[str]],
    loops: Sequence[str] | str,
    small: bool = False,
) -> object:
    """Header row (repeated on every page) and docxtpl row loops: {%tr for ... %} row {%tr endfor %}.

    `loops` is one 'for' expression, or several (one per row template in `cells`).
    """
    if isinstance(loops, str):
        loops, cells = [loops], [cells]  # type: ignore[list-item]
    table = fixed_table(container, [w for _, w, _ in columns], 1 + 3 * len(loops))
    head_style, text_style = (
        ("Table Small Heading", "Table Small") if small else ("Table Heading", "Table Text")
    )
    for cell, (title, _, _) in zip(table.rows[0].cells, columns, strict=True):
        cell_text(cell, title, head_style, CENTER)
    _row_flags(table.rows[0], header=True)
    for n, (loop, row_cells) in enumerate(zip(loops, cells, strict=True)):
        base = 1 + 3 * n
        cell_text(table.rows[base].cells[0], f"{{%tr for {loop} %}}", text_style)
        for cell, text, (_, _, align) in zip(table.rows[base + 1].cells, row_cells, columns, strict=True):
            cell_text(cell, text, text_style, align)
        _row_flags(table.rows[base + 1])
        cell_text(table.rows[base + 2].cells[0], "{%tr endfor %}", text_style)
    return table


def header_blocks(doc: Document, number: str = "{{ m.number_suffix }}", subject: str = "") -> None:
    """Issuing body (left) and national title and motto (right), number and date beneath; a letter
    (công văn) has its summary ('V/v …') under the number."""
    left, right = 74, 91
    t = fixed_table(doc, [left, right], 2, borders=False)
    a, b = t.rows[0].cells
    cell_text(a, [("{{ m.parent_body }}", "")], "Block").runs[0].font.size = Pt(12)
    p = a.add_paragraph(style="Block")
    add_runs(p, [("{{ m.issuing_body }}", "b")]).runs[0].font.size = Pt(12)
    rule(a, 26, left)
    cell_text(b, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b")], "Block").runs[0].font.size = Pt(12)
    p = b.add_paragraph(style="Block")
    add_runs(p, [("Độc lập - Tự do - Hạnh phúc", "b")])
    rule(b, 59, right)
    c, d = t.rows[1].cells
    c.paragraphs[0].paragraph_format.space_before = Pt(6)
    cell_text(c, f"Số:          {number}", "Block")
    if subject:
        para(c, subject, "Block").runs[0].font.size = Pt(12)
    d.paragraphs[0].paragraph_format.space_before = Pt(6)
    cell_text(d, [("{{ m.place }}, {{ report_date | nd30date }}", "i")], "Block")


def title_block(doc: Document, subtitle: str) -> None:
    para(doc, "BÁO CÁO", "Doc Title")
    para(doc, subtitle, "Doc Subtitle")
    rule(doc, 45, TEXT_WIDTH_MM)


def figure(doc: Document, image_expr: str, caption_expr: str) -> None:
    para(doc, f"{{{{ {image_expr} }}}}", "Figure")
    para(doc, f"{{{{ {caption_expr} }}}}", "Caption")


def group_charts(doc: Document, old: str, new: str) -> None:
    """Each group's chart, then its table with units (Open SDG: every chart has a table)."""
    tag(doc, "{%p for ch in group_charts %}")
    figure(doc, "ch.image", "ch.caption")
    data_table(
        doc,
        [
            ("Mã", 12, CENTER),
            ("Tên chỉ số", 78, None),
            ("Đơn vị tính", 31, CENTER),
            (old, 22, RIGHT),
            (new, 22, RIGHT),
        ],
        ["{{ row[0] }}", "{{ row[1] }}", "{{ row[2] }}", "{{ row[3] }}", "{{ row[4] }}"],
        "row in ch.rows",
    )
    tag(doc, "{%p endfor %}")


def signature(doc: Document) -> None:
    """'Nơi nhận' (left) and the signer (right), borderless, as ND 30/2020 places them."""
    para(doc, "", "Normal")
    t = fixed_table(doc, [80, 85], 1, borders=False)
    a, b = t.rows[0].cells
    p = cell_text(a, [("Nơi nhận:", "bi")], "Recipients")
    p.runs[0].font.size = Pt(12)
    tag(a, "{%p for n in m.recipients %}")
    para(a, "- {{ n }}{{ '.' if loop.last else ';' }}", "Recipients")
    tag(a, "{%p endfor %}")
    cell_text(b, "{%p if m.signer_for %}", "Block")  # KT. / TM. above the signer's own title
    para(b, [("{{ m.signer_for }}", "b")], "Block")
    tag(b, "{%p endif %}")
    para(b, [("{{ m.signer_title }}", "b")], "Block")
    for _ in range(4):
        para(b, "", "Block")
    para(b, [("{{ m.signer_name }}", "b")], "Block")


# --- the consolidation report -----------------------------------------------------------------


def new_report(number: str = "{{ m.number_suffix }}", subject: str = "") -> Document:
    """An empty A4 document with the house styles and the ND 30 header blocks."""
    doc = Document()
    setup_styles(doc)
    setup_page(doc)
    body = doc._body._body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    header_blocks(doc, number, subject)
    return doc


def catalog_warnings(doc: Document, name: str) -> None:
    """The catalogue's validity warnings (bold) and notices (italic) of result `name`, first page."""
    tag(doc, f"{{%p for w in {name}.catalog_warnings %}}")
    para(doc, [("{{ w }}", "b")], "Body Text")
    tag(doc, "{%p endfor %}")
    tag(doc, f"{{%p for n in {name}.catalog_notices %}}")
    para(doc, [("Lưu ý: {{ n }}", "i")], "Body Text")
    tag(doc, "{%p endfor %}")


# An indicator's two values in a table row: "KPS" where nothing was there to count.
PREVIOUS_CELL = (
    "{% if i.previous_status == 'not_applicable' %}KPS{% else %}{{ i.previous | num(i.decimals) }}{% endif %}"
)
VALUE_CELL = "{% if i.status == 'not_applicable' %}KPS{% else %}{{ i.value | num(i.decimals) }}{% endif %}"


def addressee(doc: Document) -> None:
    tag(doc, "{%p if m.addressee %}")
    p = para(doc, "Kính gửi: {{ m.addressee }}.", "Normal", CENTER)
    p.paragraph_format.space_before = Pt(6)
    tag(doc, "{%p endif %}")


def editable(doc: Document, name: str, loop: str, text: str = "{{ s }}", style: str = "Body Text") -> None:
    """Paragraphs seeded from the facts, between two markers the officer sees in the template (and
    that vanish when it is filled): replace the loop between them with the office's own text."""
    tag(doc, f"{{#p ĐOẠN SỬA ĐƯỢC: {name}. Thay các dòng đến dòng KẾT THÚC bằng nội dung của cơ quan. #}}")
    tag(doc, f"{{%p for s in {loop} %}}")
    para(doc, text, style)
    tag(doc, "{%p endfor %}")
    tag(doc, f"{{#p KẾT THÚC ĐOẠN SỬA ĐƯỢC: {name}. #}}")


def opening_and_summary(doc: Document, number: str) -> None:
    """The opening that cites the legal basis and the plan, then page 1's summary and its table."""
    tag(doc, "{#p ĐOẠN SỬA ĐƯỢC: mở đầu. #}")
    para(doc, "{{ facts.opening }}", "Body Text")
    tag(doc, "{#p KẾT THÚC ĐOẠN SỬA ĐƯỢC: mở đầu. #}")
    para(doc, f"{number}. TÓM TẮT", "Heading 1")
    editable(doc, "tóm tắt", "facts.summary")
    data_table(
        doc,
        [("Nội dung", 50, None), ("Số lượng", 18, CENTER), ("Cụ thể", 97, None)],
        ["{{ row.label }}", "{{ row.count }}", "{{ row.detail }}"],
        "row in facts.rows",
    )
    para(doc, [("{{ facts.method_note }}", "i")], "Detail")
    tag(doc, "{%p if r.threshold_note %}")
    para(doc, "{{ r.threshold_note }}", "Body Text")
    tag(doc, "{%p endif %}")


def proposals(doc: Document) -> None:
    para(
        doc,
        "{{ m.issuer_name }} kính đề nghị {{ m.addressee or 'Ủy ban nhân dân tỉnh' }}:",
        "Body Text",
        keep_next=True,
    )
    editable(doc, "đề xuất, kiến nghị", "facts.proposals", "- {{ s }}")


def assessment_sections(doc: Document, general: str, issues: str, heading: str = "Heading 1") -> None:
    """'Đánh giá chung' and 'Tồn tại, hạn chế và đề xuất, kiến nghị', seeded and editable."""
    para(doc, f"{general}. ĐÁNH GIÁ CHUNG", heading)
    editable(doc, "đánh giá chung", "facts.assessment")
    para(doc, f"{issues}. TỒN TẠI, HẠN CHẾ VÀ ĐỀ XUẤT, KIẾN NGHỊ", heading)
    para(doc, "1. Tồn tại, hạn chế", "Heading 2")
    editable(doc, "tồn tại, hạn chế", "facts.shortcomings", "- {{ s }}")
    para(doc, "2. Đề xuất, kiến nghị", "Heading 2")
    proposals(doc)


def formulas_annex(doc: Document) -> None:
    """How each indicator is computed, in words; the provisional readings marked."""
    para(doc, "PHỤ LỤC", "Heading 1", CENTER, page_break_before=True)
    para(doc, [("CÔNG THỨC TÍNH CÁC CHỈ SỐ THÀNH PHẦN", "b")], "Normal", CENTER)
    para(
        doc,
        [
            (
                "(Kèm theo Báo cáo số          {{ m.number_suffix }} ngày "
                "{{ report_date | date }} của {{ m.issuer_name }})",
                "i",
            )
        ],
        "Normal",
        CENTER,
    )
    para(
        doc,
        "{{ MARK }}: cách hiểu tạm thời của {{ m.issuer_name }} trong khi chờ hướng dẫn chính thức của Bộ.",
        "Detail",
    )
    data_table(
        doc,
        [
            ("Chỉ số", 14, CENTER),
            ("Tên chỉ số", 52, None),
            ("Công thức tính", 64, None),
            ("Cách tổng hợp", 35, None),
        ],
        [
            "{{ i.code }}",
            "{{ i.name }}",
            "{{ i.formula }}{% if i.definition == 'our_reading' %} {{ MARK }}{% endif %}",
            "{{ i.combine }}",
        ],
        "i in r.indicators",
        small=True,
    )
    para(doc, "", "Detail")


def consolidation_template() -> Document:
    doc = new_report()
    title_block(doc, "Kết quả thực hiện Bộ chỉ số đánh giá kết quả bảo vệ môi trường năm {{ r.year }}")
    addressee(doc)
    catalog_warnings(doc, "r")
    opening_and_summary(doc, "I")
    para(doc, "II. KẾT QUẢ CÁC CHỈ SỐ THÀNH PHẦN", "Heading 1")
    data_table(
        doc,
        [
            ("STT", 11, CENTER),
            ("Mã", 10, CENTER),
            ("Tên chỉ số", 43, None),
            ("Đơn vị tính", 19, CENTER),
            ("Năm {{ r.year - 1 }}", 16, RIGHT),
            ("Năm {{ r.year }}", 16, RIGHT),
            ("Thay đổi (đơn vị tính)", 18, RIGHT),
            ("Đánh giá", 16, CENTER),
            ("Trạng thái", 16, CENTER),
        ],
        [
            "{{ loop.index }}",
            "{{ i.code }}",
            "{{ i.name }}",
            "{{ i.unit }}",
            PREVIOUS_CELL,
            VALUE_CELL,
            "{{ i.change | signed(i.decimals) }}",
            "{{ i.assessment_vi }}",
            "{{ i.status_vi }}",
        ],
        "i in r.indicators",
    )
    para(
        doc,
        [
            (
                "KPS: không phát sinh (mẫu số bằng 0, không tính tỷ lệ). Đánh giá “cải thiện/giảm "
                "sút” theo chiều tốt hơn của từng chỉ số (ví dụ diện tích rừng bị cháy giảm là cải "
                "thiện).",
                "i",
            )
        ],
        "Detail",
    )
    group_charts(doc, "Năm {{ r.year - 1 }}", "Năm {{ r.year }}")

    para(doc, "III. KẾT QUẢ CHI TIẾT TỪNG CHỈ SỐ", "Heading 1")
    tag(doc, "{%p for i in r.indicators %}")
    para(doc, "{{ loop.index }}. Chỉ số {{ i.code }}: {{ i.name }}", "Heading 2")
    para(
        doc,
        [
            ("Đơn vị tính: {{ i.unit }}. Kết quả năm {{ r.year }}: ", ""),
            (
                "{% if i.status == 'not_applicable' %}không phát sinh{% else %}"
                "{{ i.value | num(i.decimals) }}{% endif %}",
                "b",
            ),
            (
                "; năm {{ r.year - 1 }}: {% if i.previous_status == 'not_applicable' %}không phát "
                "sinh{% else %}{{ i.previous | num(i.decimals) }}{% endif %}; thay đổi "
                "{{ i.change | change(i.change_pct, i.unit, i.decimals) }} — ",
                "",
            ),
            ("{{ i.assessment_vi }}", "b"),
            (
                " ({{ 'càng cao càng tốt' if i.better == 'higher' else 'càng thấp càng tốt' }}). "
                "Trạng thái số liệu: {{ i.status_vi }}.",
                "",
            ),
        ],
        "Body Text",
    )
    para(
        doc,
        "Công thức: {{ i.formula }}{% if i.definition == 'our_reading' %} {{ MARK }}{% endif %}. "
        "Cách tổng hợp: {{ i.combine }}. Cơ quan báo cáo: {{ facts.agencies(i.agencies) }}."
        "{% if i.suppliers %} {{ facts.suppliers(i.suppliers) }}{% endif %}"
        "{% if i.note %} {{ i.note }}{% endif %}",
        "Detail",
    )
    tag(doc, "{%p if i.secondary %}")
    para(
        doc,
        "{{ i.secondary.label }}: {{ i.secondary.value | num(i.secondary.decimals) }} "
        "{{ i.secondary.unit }} (năm {{ r.year - 1 }}: "
        "{{ i.secondary.previous | num(i.secondary.decimals) }} {{ i.secondary.unit }}).",
        "Detail",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for reason in i.reasons %}")
    para(doc, [("Lưu ý: {{ reason }}", "i")], "Detail")
    tag(doc, "{%p endfor %}")
    data_table(
        doc,
        [
            ("Số liệu", 70, None),
            ("Đơn vị tính", 25, CENTER),
            ("Năm {{ r.year }}", 25, RIGHT),
            ("Tổng đối chiếu", 25, RIGHT),
            ("Số nguồn", 20, CENTER),
        ],
        [
            "{{ f.label }}{% if f.derived %} (tính ra: {{ f.derived }}){% endif %}",
            "{{ f.unit }}",
            "{{ f.value | num }}",
            "{{ f.cross_check | num }}",
            "{{ f.sources | length }}",
        ],
        "f in i.figures",
    )
    tag(doc, "{%p if i.has_districts %}")
    para(doc, [("Kết quả theo từng cơ quan, địa phương", "b")], "Detail", keep_next=True)
    data_table(
        doc,
        [
            ("Cơ quan, địa phương", 57, None),
            ("Tử số ({{ i.numerator_unit }})", 27, RIGHT),
            ("Mẫu số{% if i.denominator_unit %} ({{ i.denominator_unit }}){% endif %}", 27, RIGHT),
            ("Năm {{ r.year - 1 }} ({{ i.unit }})", 27, RIGHT),
            ("Năm {{ r.year }} ({{ i.unit }})", 27, RIGHT),
        ],
        [
            "{{ p.name }}",
            "{{ p.numerator | num }}",
            "{{ p.denominator | num }}",
            "{{ p.previous | num(i.decimals) }}",
            "{% if p.status == 'missing' %}chưa có số liệu{% elif p.status == 'not_applicable' "
            "%}KPS{% else %}{{ p.value | num(i.decimals) }}{% endif %}",
        ],
        "p in i.unit_rows",
    )
    tag(doc, "{%p if i.many_units %}")
    para(
        doc,
        [
            (
                "Các đơn vị cấp xã được cộng theo {{ r.unit_group_label | lower }}: tử số và mẫu số cộng "
                "lại rồi mới tính kết quả. {{ r.unit_group_note }} Số liệu của từng xã, phường ở sổ kết "
                "quả, trang “Theo cơ quan”.",
                "i",
            )
        ],
        "Detail",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if charts.get('district_' ~ i.code) %}")
    figure(doc, "charts['district_' ~ i.code].image", "charts['district_' ~ i.code].caption")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if i.causes %}")
    para(
        doc,
        [("Nguyên nhân tăng/giảm và biện pháp (theo báo cáo của các cơ quan)", "b")],
        "Detail",
        keep_next=True,
    )
    tag(doc, "{%p for cz in i.cause_rows %}")
    para(
        doc,
        [
            ("- ", ""),
            ("{{ cz.agency_name }}", "b"),
            (": {{ cz.cause or '(không nêu nguyên nhân)' }}", ""),
            ("{% if cz.measures %} Biện pháp: {{ cz.measures }}{% endif %}", ""),
        ],
        "Detail Item",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, [("Không cơ quan nào nêu nguyên nhân tăng/giảm.", "i")], "Detail")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if i.evidence %}")
    para(doc, [("Tài liệu kiểm chứng", "b")], "Detail", keep_next=True)
    data_table(
        doc,
        [
            ("Cơ quan", 29, None),
            ("Số văn bản", 28, None),
            ("Ngày", 23, CENTER),
            ("Trích yếu", 50, None),
            ("Tệp đính kèm", 35, None),
        ],
        [
            "{{ names.get(e.agency, e.agency) }}",
            "{{ e.number }}",
            "{{ e.date | date }}",
            "{{ e.summary }}",
            "{{ e.filename }}",
        ],
        "e in i.evidence",
    )
    tag(doc, "{%p else %}")
    para(doc, [("Chưa có tài liệu kiểm chứng.", "i")], "Detail")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    para(doc, "IV. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", "Heading 1")
    para(doc, "Hạn gửi báo cáo: ngày {{ r.deadline | date }}.", "Body Text")
    tag(doc, "{%p if status_chart %}")
    figure(doc, "status_chart.image", "status_chart.caption")
    data_table(
        doc,
        [
            ("{{ status_chart.columns[0] }}", 105, None),
            ("{{ status_chart.columns[1] }}", 30, RIGHT),
            ("{{ status_chart.columns[2] }}", 30, RIGHT),
        ],
        ["{{ row[0] }}", "{{ row[1] }}", "{{ row[2] }}"],
        "row in status_chart.rows",
    )
    p = para(doc, [("Danh sách cơ quan, đơn vị", "b")], "Detail", keep_next=True)
    p.paragraph_format.space_before = Pt(6)
    tag(doc, "{%p endif %}")
    data_table(
        doc,
        [
            ("STT", 10, CENTER),
            ("Cơ quan, đơn vị", 60, None),
            ("Đã nhận", 18, CENTER),
            ("Tình trạng tệp", 25, CENTER),
            ("Ngày báo cáo", 24, CENTER),
            ("Thời hạn", 28, CENTER),
        ],
        [
            "{{ loop.index }}",
            "{{ s.name }}",
            "{{ 'có' if s.received else 'chưa' }}",
            "{{ FILE_STATUS_VI[s.status] }}",
            "{{ s.report_date | date }}",
            "{{ s.timeliness_vi }}",
        ],
        "s in r.agencies",
    )

    para(doc, "V. CHÊNH LỆCH SỐ LIỆU GIỮA CÁC CƠ QUAN", "Heading 1")
    tag(doc, "{%p if r.discrepancies %}")
    para(
        doc,
        "Các chênh lệch dưới đây chưa được xử lý; đề nghị các cơ quan liên quan rà soát, thống nhất số liệu.",
        "Body Text",
    )
    data_table(
        doc,
        [("Chỉ số", 15, CENTER), ("Năm", 15, CENTER), ("Nội dung chênh lệch", 135, None)],
        [
            "{{ d.indicator }}",
            "{{ r.year if d.period == 'current' else r.year - 1 }}",
            "{% if d.label %}{{ d.label }}: {% endif %}{{ d.message }}",
        ],
        "d in r.discrepancies",
    )
    tag(doc, "{%p else %}")
    para(doc, "Không có chênh lệch số liệu vượt ngưỡng giữa các cơ quan.", "Body Text")
    tag(doc, "{%p endif %}")

    para(doc, "VI. TỆP BÁO CÁO BỊ LOẠI", "Heading 1")
    tag(doc, "{%p if rejected or superseded %}")
    data_table(
        doc,
        [("Tệp", 50, None), ("Cơ quan", 22, None), ("Xử lý", 25, CENTER), ("Lý do", 68, None)],
        [
            [
                "{{ f.file | filename }}",
                "{{ names.get(f.agency, '') if f.agency else '' }}",
                "bị loại",
                "{{ f.reason }}{% if f.errors > 1 %} (và {{ f.errors - 1 }} lỗi khác){% endif %}",
            ],
            [
                "{{ f.file | filename }}",
                "{{ names.get(f.agency, '') if f.agency else '' }}",
                "thay bằng tệp mới hơn",
                "{{ f.reason }}",
            ],
        ],
        ["f in rejected", "f in superseded"],
    )
    tag(doc, "{%p else %}")
    para(doc, "Không có tệp nào bị loại.", "Body Text")
    tag(doc, "{%p endif %}")

    assessment_sections(doc, "VII", "VIII")
    signature(doc)
    formulas_annex(doc)
    return doc


# --- the short version for the leader -------------------------------------------------------


def brief_template() -> Document:
    """At most four pages: the summary, the indicator table, the proposals, the signature."""
    doc = new_report()
    title_block(
        doc, "Tóm tắt kết quả thực hiện Bộ chỉ số đánh giá kết quả bảo vệ môi trường năm {{ r.year }}"
    )
    addressee(doc)
    catalog_warnings(doc, "r")
    opening_and_summary(doc, "I")
    para(doc, "II. KẾT QUẢ CÁC CHỈ SỐ THÀNH PHẦN", "Heading 1")
    data_table(
        doc,
        [
            ("Mã", 11, CENTER),
            ("Tên chỉ số", 72, None),
            ("Đơn vị tính", 22, CENTER),
            ("Năm {{ r.year - 1 }}", 20, RIGHT),
            ("Năm {{ r.year }}", 20, RIGHT),
            ("Đánh giá", 20, CENTER),
        ],
        [
            "{{ i.code }}",
            "{{ i.name }}",
            "{{ i.unit }}",
            PREVIOUS_CELL,
            VALUE_CELL,
            "{{ i.assessment_vi }}",
        ],
        "i in r.indicators",
        small=True,
    )
    para(doc, [("KPS: không phát sinh. Chi tiết từng chỉ số tại báo cáo đầy đủ.", "i")], "Detail")
    para(doc, "III. ĐỀ XUẤT, KIẾN NGHỊ", "Heading 1")
    proposals(doc)
    signature(doc)
    return doc


# --- the comparison report --------------------------------------------------------------------


def pro_forma_block(doc: Document) -> None:
    """Across a reorganisation: the units' comparisons on the merged basis, as the HTML and
    Markdown comparisons show them (same rows, labels and numbers)."""
    tag(doc, "{%p if d.pro_forma %}")
    para(doc, "So sánh qua sắp xếp đơn vị hành chính", "Heading 2")
    para(
        doc,
        "Bảng tương ứng: {{ d.pro_forma.crosswalk_name }} ({{ d.pro_forma.status_vi }}). "
        "Căn cứ: {{ d.pro_forma.source }}",
        "Body Text",
    )
    para(
        doc,
        "Số liệu năm {{ d.old_year }} được tính gộp: cộng tử số và mẫu số của các đơn vị tiền thân"
        "{% if d.pro_forma.baselines %}, cùng số liệu nền {% for b in d.pro_forma.baselines %}năm "
        "{{ b.year }} của {{ b.name }}{{ ', ' if not loop.last else '' }}{% endfor %}{% endif %}, rồi "
        "mới tính tỷ lệ (không lấy trung bình các tỷ lệ). Nội dung “không so sánh được” không yêu cầu "
        "giải trình.",
        "Body Text",
    )
    tag(doc, "{%p for n in d.notes %}")
    para(doc, [("Lưu ý: ", "b"), ("{{ n }}", "")], "Body Text")
    tag(doc, "{%p endfor %}")
    data_table(
        doc,
        [
            ("Mã", 10, CENTER),
            ("Đơn vị năm {{ d.old_year }}", 50, None),
            ("Đơn vị năm {{ d.new_year }}", 40, None),
            ("Năm {{ d.old_year }} (gộp)", 20, RIGHT),
            ("Năm {{ d.new_year }}", 20, RIGHT),
            ("Đánh giá", 25, None),
        ],
        [
            "{{ r.indicator }}",
            "{{ r.old_names | join(' + ') }}",
            "{{ r.new_names | join(' + ') }}",
            "{% if r.comparable %}{{ r.old.value | num(r.decimals) }}{% endif %}",
            "{% if r.comparable %}{{ r.new.value | num(r.decimals) }}{% endif %}",
            "{{ r.shown_assessment }}",
        ],
        "r in d.pro_forma.units",
    )
    tag(doc, "{%p endif %}")


def comparison_template() -> Document:
    doc = new_report()
    title_block(
        doc,
        "So sánh kết quả Bộ chỉ số đánh giá kết quả bảo vệ môi trường năm "
        "{{ d.old_year }} và năm {{ d.new_year }}{% if d.agency %} — {{ agency_name }}"
        "{% endif %}",
    )
    catalog_warnings(doc, "d")
    tag(doc, "{%p if d.threshold_note %}")
    para(doc, "{{ d.threshold_note }}", "Body Text")
    tag(doc, "{%p endif %}")

    para(doc, "{{ sec.compare }}. KẾT QUẢ SO SÁNH CÁC CHỈ SỐ", "Heading 1")
    data_table(
        doc,
        [
            ("Mã", 10, CENTER),
            ("Tên chỉ số", 44, None),
            ("Đơn vị tính", 19, CENTER),
            ("Năm {{ d.old_year }}", 15, RIGHT),
            ("Năm {{ d.new_year }}", 15, RIGHT),
            ("Thay đổi (đơn vị tính)", 16, RIGHT),
            ("Thay đổi (%)", 14, RIGHT),
            ("Đánh giá", 15, CENTER),
            ("Lưu ý", 17, None),
        ],
        [
            "{{ i.code }}",
            "{{ i.name }}",
            "{{ i.unit }}",
            "{% if i.old_status == 'not_applicable' %}KPS{% else %}{{ i.old | num(i.decimals) }}{% endif %}",
            "{% if i.new_status == 'not_applicable' %}KPS{% else %}{{ i.new | num(i.decimals) }}{% endif %}",
            "{{ i.change | signed(i.decimals) }}",
            "{{ i.change_pct | relative }}",
            "{{ i.assessment_vi }}",
            "{{ i.flags_vi | join('; ') }}",
        ],
        "i in d.comparison",
    )
    pro_forma_block(doc)
    para(
        doc,
        [("KPS: không phát sinh. Đánh giá “cải thiện/giảm sút” theo chiều tốt hơn của từng chỉ số.", "i")],
        "Detail",
    )
    group_charts(doc, "Năm {{ d.old_year }}", "Năm {{ d.new_year }}")

    para(doc, "{{ sec.causes }}. NGUYÊN NHÂN TĂNG/GIẢM CỦA CÁC CHỈ SỐ CÓ LƯU Ý HOẶC GIẢM SÚT", "Heading 1")
    tag(doc, "{%p for i in explained %}")
    para(doc, "Chỉ số {{ i.code }}: {{ i.name }}", "Heading 2")
    tag(doc, "{%p for a in i.agencies %}")
    para(
        doc,
        [
            ("- ", ""),
            ("{{ a.name }}", "b"),
            (": ", ""),
            (
                "{% if not a.reported %}chưa có báo cáo{% elif a.cause %}{{ a.cause }}"
                "{% if a.measures %} Biện pháp: {{ a.measures }}{% endif %}{% else %}chưa nêu "
                "nguyên nhân{% if a.owes %} — cần giải trình{% endif %}{% endif %}",
                "",
            ),
        ],
        "Detail Item",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for adj in i.adjustments %}")
    para(
        doc,
        [
            ("- ", ""),
            ("{{ adj.name }}", "b"),
            (
                ": số liệu năm trước bị điều chỉnh — “{{ adj.label }}” đã tổng hợp "
                "{{ adj.consolidated | num }}, nay ghi {{ adj.reported_now | num }} {{ adj.unit }}.",
                "",
            ),
        ],
        "Detail Item",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not explained %}")
    para(doc, "Không có chỉ số nào cần nêu nguyên nhân.", "Body Text")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sec.series %}")
    para(doc, "{{ sec.series }}. DIỄN BIẾN QUA CÁC NĂM", "Heading 1")
    data_table(
        doc,
        [
            ("Mã", 10, CENTER),
            ("Tên chỉ số", 60, None),
            ("Đơn vị tính", 22, CENTER),
            ("Giá trị qua các năm", 48, None),
            ("Xu hướng", 25, CENTER),
        ],
        [
            "{{ s.code }}",
            "{{ s.name }}",
            "{{ s.unit }}",
            "{% for p in s.points %}{{ p.year }}: {% if p.status == 'not_applicable' %}KPS"
            "{% else %}{{ p.value | num(s.decimals) }}{% endif %}{{ '; ' if not loop.last else '' }}"
            "{% endfor %}",
            "{{ s.trend_vi }}",
        ],
        "s in d.series",
    )
    para(doc, "", "Detail")
    tag(doc, "{%p endif %}")

    para(doc, "{{ sec.owed }}. GIẢI TRÌNH CÒN THIẾU", "Heading 1")
    tag(doc, "{%p for o in d.owed %}")
    para(doc, [("{{ loop.index }}. ", ""), ("{{ o.name }}", "b"), (" — {{ o.text }}", "")], "Detail Item")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not d.owed %}")
    para(doc, "Không có giải trình nào còn thiếu.", "Body Text")
    tag(doc, "{%p endif %}")
    signature(doc)
    return doc


# --- letters to agencies -------------------------------------------------------------------------


def letter_template() -> Document:
    """A letter (công văn, ND 30/2020 Phụ lục I mẫu 1.4): the body paragraphs come from bgindex
    (explanations owed, or the reminder to agencies that have sent nothing)."""
    doc = new_report(number="{{ m.letter_number_suffix }}", subject="V/v {{ l.subject }}")
    tag(doc, "{%p if l.addressees | length == 1 %}")
    p = para(doc, [("Kính gửi: ", ""), ("{{ l.addressees[0] }}.", "")], "Normal", CENTER)
    p.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p else %}")
    p = para(doc, "Kính gửi:", "Normal", CENTER)
    p.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p for a in l.addressees %}")
    p = para(doc, "- {{ a }}{{ '.' if loop.last else ';' }}", "Normal", LEFT)
    p.paragraph_format.left_indent = Mm(45)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    p = para(doc, "{{ l.opening }}", "Body Text")
    p.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p for item in l.items %}")
    para(doc, "{{ loop.index }}. {{ item }}", "Body Text")
    tag(doc, "{%p endfor %}")
    para(doc, "{{ l.closing }}", "Body Text")
    signature(doc)
    return doc


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "templates", help="output folder")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in (
        ("bao-cao.docx", consolidation_template),
        ("tom-tat.docx", brief_template),
        ("so-sanh.docx", comparison_template),
        ("cong-van.docx", letter_template),
    ):
        path = args.out / name
        make().save(str(path))
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
