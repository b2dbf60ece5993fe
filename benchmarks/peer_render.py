#!/usr/bin/env python3
"""The peer of `jixiao-bench render`: python-docx and openpyxl writing the same package.

Usage: peer_render.py EXPORT_DIR OUTPUT_DIR

EXPORT_DIR holds one JSON file per unit, exported by jixiao before anything is timed: the
composed report's blocks and both workbooks' cells. This script reads them all, then times
writing (in memory, as jixiao is timed; the files go to OUTPUT_DIR afterwards), for each unit, the report as .docx (A4, GB/T 9704 margins, 仿宋_GB2312 三号 body,
headings by level, tables with right-aligned figures) and the 数据表 and 评分表 as .xlsx
(`#,##0.00` amounts, frozen header rows). It prints one line of JSON to stdout:
{"packages": N, "seconds": S}. Without python-docx or openpyxl it prints {"missing": MODULE}
and exits 3, so that the benchmark can say how to install them.

It is written as a careful python-docx user would write it, not to lose: fonts are set once on
styles (not on every run), the page setup and styles are built once into a template that every
document starts from, and cell formats are named styles registered once per workbook.
"""

import io
import json
import os
import sys
import time
from decimal import Decimal

try:
    import docx
    import openpyxl
except ImportError as error:  # the benchmark reports this and says how to install them
    print(json.dumps({"missing": error.name}))
    sys.exit(3)

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

SUFFIXES = (".docx", "-数据表.xlsx", "-评分表.xlsx")

# ---------------------------------------------------------------- DOCX


def set_font(style, name, size, bold=False):
    """The face for every script. python-docx's `font.name` sets only ascii/hAnsi: without
    eastAsia in rPr.rFonts, Chinese text falls back to the default East Asian font."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), name)
    # The template's headings name theme fonts, which win over named faces: drop them.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def page_number_footer(footer, alignment):
    """「— n —」 with a PAGE field; python-docx has no API for fields, so they are built in XML."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text.strip() == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.name = SONGTI
        run.font.size = Pt(14)


def docx_template():
    """Page, styles and footers, built once: every report starts from these bytes."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Twips(1447)
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True

    styles = document.styles
    # Normal is the table text (仿宋_GB2312 小四): table cells then need no style of their own.
    # Setting a paragraph's style costs python-docx a scan of every style in the template (to
    # tell whether it is the default), about a millisecond each, and tables hold most paragraphs.
    set_font(styles["Normal"], FANGSONG, 12)
    styles["Normal"].paragraph_format.space_after = Pt(0)
    body = styles["Body Text"]
    set_font(body, FANGSONG, 16)
    body.paragraph_format.first_line_indent = Pt(32)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.space_after = Pt(0)
    title = styles["Title"]
    set_font(title, XIAOBIAOSONG, 22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for level, face, bold in ((1, HEITI, False), (2, KAITI, False), (3, FANGSONG, True), (4, FANGSONG, False)):
        heading = styles[f"Heading {level}"]
        set_font(heading, face, 16, bold)
        heading.font.italic = False
        heading.paragraph_format.first_line_indent = Pt(32)
        heading.paragraph_format.space_before = Pt(0)
        heading.paragraph_format.space_after = Pt(0)
    for name, face, size, bold, alignment in (
        ("Attachment", HEITI, 16, False, WD_ALIGN_PARAGRAPH.LEFT),
        ("Cover Line", FANGSONG, 16, False, WD_ALIGN_PARAGRAPH.LEFT),
        ("Table Caption", FANGSONG, 16, True, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        set_font(style, face, size, bold)
        style.paragraph_format.alignment = alignment
        if name == "Cover Line":
            style.paragraph_format.first_line_indent = Pt(32)
        if name == "Table Caption":
            style.paragraph_format.keep_with_next = True

    page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    section.first_page_footer.is_linked_to_previous = False
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def row_properties(row, header):
    """No row split across pages, and the header row repeated on each page (no API for either)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def add_table(document, block):
    if block.get("caption"):
        document.add_paragraph(block["caption"], style="Table Caption")
    columns = block["columns"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    row_properties(header, True)
    for cell, column in zip(header.cells, columns):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(column["title"]).bold = True
    alignments = [ALIGN[column["align"]] for column in columns]
    for values in block["rows"]:
        row = table.add_row()
        row_properties(row, False)
        for cell, value, alignment in zip(row.cells, values, alignments):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = alignment
            paragraph.add_run(value)


def write_docx(report, template, target):
    document = docx.Document(io.BytesIO(template))
    section = document.sections[0]
    if report["draft"]:
        for header in (section.header, section.even_page_header, section.first_page_header):
            paragraph = header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run("草稿")
            run.font.name = HEITI
            run._element.rPr.rFonts.set(qn("w:eastAsia"), HEITI)
    cover = report["cover"]
    if cover.get("attachment"):
        document.add_paragraph(cover["attachment"], style="Attachment")
    document.add_paragraph(cover["title"], style="Title")
    for label, value in cover["lines"]:
        document.add_paragraph(f"{label}：{value}", style="Cover Line")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for block in report["blocks"]:
        kind = block["type"]
        if kind == "heading":
            level = min(max(block["level"], 1), 4)
            document.add_paragraph(block["number"] + block["text"], style=f"Heading {level}")
        elif kind == "paragraph":
            document.add_paragraph(block["text"], style="Body Text")
        else:
            add_table(document, block)
    document.core_properties.title = cover["title"]
    document.save(target)


# ---------------------------------------------------------------- XLSX

THIN = Side(style="thin", color="FF000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2F2F2")


def named_styles():
    """jixiao's cell formats (Worksheet.Style) as openpyxl named styles, by the same names."""

    def style(name, bold=False, size=11, fill=None, border=True, number_format="General", horizontal=None,
              wrap=False):
        result = NamedStyle(name=name)
        result.font = Font(name=SONGTI, size=size, bold=bold, charset=134)
        if fill:
            result.fill = fill
        if border:
            result.border = BORDER
        result.number_format = number_format
        result.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
        return result

    return [
        style("title", bold=True, size=14, border=False),
        style("header", bold=True, fill=HEADER_FILL, horizontal="center", wrap=True),
        style("text", wrap=True),
        style("code", number_format="@", wrap=True),
        style("number"),
        style("decimal", number_format="0.00"),
        style("amount", number_format="#,##0.00"),
        style("totalText", bold=True, fill=TOTAL_FILL, wrap=True),
        style("totalNumber", bold=True, fill=TOTAL_FILL),
        style("totalDecimal", bold=True, fill=TOTAL_FILL, number_format="0.00"),
        style("totalAmount", bold=True, fill=TOTAL_FILL, number_format="#,##0.00"),
    ]


def write_xlsx(book, target):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for style in named_styles():
        workbook.add_named_style(style)
    for sheet in book["sheets"]:
        worksheet = workbook.create_sheet(sheet["name"])
        for index, width in enumerate(sheet["widths"], 1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        for r, row in enumerate(sheet["rows"], 1):
            for c, cell in enumerate(row, 1):
                written = worksheet.cell(row=r, column=c)
                if "t" in cell:
                    written.value = cell["t"]
                    # openpyxl takes any text starting with "=" for a formula (「= 决算支出 ÷ 支出预算」).
                    written.data_type = "s"
                elif "n" in cell:
                    written.value = Decimal(cell["n"])
                elif "f" in cell:
                    # openpyxl cannot store a formula's cached value ("v"): Excel recalculates on opening.
                    written.value = "=" + cell["f"]
                if cell["s"] != "plain":
                    written.style = cell["s"]
        for merged in sheet["merges"]:
            worksheet.merge_cells(merged)
        header_rows = sheet["header_rows"]
        if header_rows:
            worksheet.freeze_panes = f"A{header_rows + 1}"
            worksheet.print_title_rows = f"1:{header_rows}"
        worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
        worksheet.page_setup.orientation = "landscape"
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
        worksheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    workbook.properties.title = book["title"]
    workbook.properties.creator = "jixiao peer"
    workbook.save(target)


# ---------------------------------------------------------------- main


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    source, target = sys.argv[1], sys.argv[2]
    os.makedirs(target, exist_ok=True)
    units = []
    for name in sorted(os.listdir(source)):
        if name.endswith(".json"):
            with open(os.path.join(source, name), encoding="utf-8") as file:
                units.append(json.load(file))

    # Timed in memory, as jixiao is: the files are written after the clock stops.
    packages = []
    start = time.perf_counter()
    template = docx_template()
    for unit in units:
        report, data_table, score_table = io.BytesIO(), io.BytesIO(), io.BytesIO()
        write_docx(unit["report"], template, report)
        write_xlsx(unit["data_table"], data_table)
        write_xlsx(unit["score_table"], score_table)
        packages.append((unit["name"], [report.getvalue(), data_table.getvalue(), score_table.getvalue()]))
    seconds = time.perf_counter() - start
    for name, files in packages:
        for data, suffix in zip(files, SUFFIXES):
            with open(os.path.join(target, name + suffix), "wb") as file:
                file.write(data)
    print(json.dumps({"packages": len(units), "seconds": seconds}))


if __name__ == "__main__":
    main()
