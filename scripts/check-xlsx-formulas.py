#!/usr/bin/env python3
"""Recalculate every formula of jixiao's workbooks in LibreOffice and compare with jixiao's totals.

    python3 scripts/check-xlsx-formulas.py FILE.xlsx ...

jixiao writes each total as a formula (SUM, differences, ratios) with the value it computed from
the data, exactly, as the cell's cached value. This script removes every cached value, has
LibreOffice (headless, a throw-away profile set to always recalculate on load) recalculate the
workbook and export each sheet as CSV, and checks that each formula gives the value jixiao
wrote (to 1e-6 of its size: LibreOffice computes in binary floating point). Exit 0 when every
formula agrees, 1 otherwise (each disagreement printed), 2 when LibreOffice fails.
Takes about 5 s per workbook (one LibreOffice start).
"""
import csv
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Always recalculate on load, whatever values the file carries (the default is never, for OOXML).
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def cell_position(ref):
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits) - 1, column - 1


def formulas(path):
    """{sheet name: [(ref, formula, cached Decimal)]} and the workbook with cached values removed."""
    found = {}
    stripped = {}
    with zipfile.ZipFile(path) as book:
        workbook = ET.fromstring(book.read("xl/workbook.xml"))
        rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for sheet in workbook.iter(MAIN + "sheet"):
            part = "xl/" + targets[sheet.get(REL + "id")]
            text = book.read(part).decode("utf-8")
            cells = re.findall(r'<c r="([A-Z]+\d+)"[^>]*><f>([^<]*)</f><v>([^<]*)</v></c>', text)
            found[sheet.get("name")] = [(ref, f, Decimal(v)) for ref, f, v in cells]
            stripped[part] = re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", text)
        contents = {name: stripped.get(name) or book.read(name) for name in book.namelist()}
    return found, contents


def recalculated(path, contents, work):
    """Each sheet of the workbook as LibreOffice recalculates it: {sheet name: rows of raw values}."""
    source = work / path.name
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in contents.items():
            out.writestr(name, data)
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        sys.exit("error: LibreOffice (soffice) is not on the PATH")
    csv_dir = work / "csv"
    # CSV filter: comma, double quote, UTF-8, from row 1, …, raw values (not as shown), every sheet (-1).
    result = subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(csv_dir), str(source)],
        capture_output=True, text=True, timeout=180)
    sheets = {}
    for file in csv_dir.glob(path.stem + "-*.csv"):
        with open(file, newline="", encoding="utf-8") as f:
            sheets[file.stem[len(path.stem) + 1:]] = list(csv.reader(f))
    if result.returncode != 0 or not sheets:
        print(f"{path}: LibreOffice did not convert it: {result.stderr.strip()}", file=sys.stderr)
        sys.exit(2)
    return sheets


def check(path):
    found, contents = formulas(path)
    with tempfile.TemporaryDirectory(prefix="jixiao-recalc-") as work:
        sheets = recalculated(path, contents, Path(work))
    failures, count = 0, 0
    for sheet, cells in found.items():
        rows = sheets.get(sheet)
        if rows is None:
            print(f"{path}: sheet {sheet} missing from LibreOffice's export")
            failures += 1
            continue
        for ref, formula, cached in cells:
            count += 1
            r, c = cell_position(ref)
            text = rows[r][c] if r < len(rows) and c < len(rows[r]) else ""
            try:
                # A cell in a percentage format comes out with its sign even as a raw value (「86.2%」).
                value = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
            except ArithmeticError:
                value = None
            if value is None or abs(value - cached) > max(abs(cached), Decimal(1)) * Decimal("1e-6"):
                print(f"{path}: {sheet}!{ref} ={formula}: LibreOffice {text or '(empty)'}, jixiao {cached}")
                failures += 1
    print(f"{path}: {count} formulas recalculated by LibreOffice, {failures} disagree")
    return failures == 0 and count > 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    results = [check(Path(p)) for p in sys.argv[1:]]
    sys.exit(0 if all(results) else 1)
