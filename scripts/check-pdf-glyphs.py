#!/usr/bin/env python3
"""Check that a PDF printed by LibreOffice from Noto CJK uses the simplified-Chinese glyphs.

    python3 scripts/check-pdf-glyphs.py REPORT.pdf

A name is no proof: the five faces of a Noto CJK collection (JP, KR, SC, TC, HK) share one CFF
table named for Japanese, so that every face embeds as `NotoSerifCJKjp-…` unless renamed (jixiao
writes its SC faces out renamed `NotoSerifCJKsc-…`, StandInFonts.swift). The faces differ in their
character maps: 「骨」 is CID 45042 in the SC face and 45041 in the JP face. This script reads the
glyphs (CIDs) of every embedded Noto subset, and for each character of the PDF's text whose SC
and JP glyphs differ, checks that the SC glyph is there and the JP one is not. Needs fontTools
(PyPI) and poppler's pdftotext. Exit 0 when every such character is in its SC form, 1 otherwise.
"""
import re
import subprocess
import sys
import zlib
from pathlib import Path

from fontTools.ttLib import TTCollection


def embedded_fonts(pdf):
    """{FontName: set of glyph names} of every embedded Type 1 font program (FontFile)."""
    data = Path(pdf).read_bytes()
    fonts = {}
    for match in re.finditer(rb"<<((?:(?!>>).)*?/Length1 (\d+)(?:(?!>>).)*?)>>\s*stream\r?\n", data, re.S):
        end = data.index(b"endstream", match.end())
        stream = data[match.end():end]
        if b"FlateDecode" in match.group(1):
            stream = zlib.decompressobj().decompress(stream)
        clear = int(match.group(2))
        name = re.search(rb"/FontName /(\S+)", stream[:clear])
        if not name:
            continue
        # The private part is eexec-encrypted (key 55665, four random bytes first).
        key, private = 55665, bytearray()
        for byte in stream[clear:]:
            private.append(byte ^ (key >> 8))
            key = ((byte + key) * 52845 + 22719) & 0xFFFF
        glyphs = set(m.decode() for m in re.findall(rb"/([^\s/]+) \d+ (?:RD|-\|)", bytes(private[4:])))
        fonts.setdefault(name.group(1).decode(), set()).update(glyphs)
    return fonts


def collections(embedded):
    """{CFF font name: (SC character map, JP character map)} of the installed Noto CJK collections
    that the `embedded` font names come from."""
    files = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True).stdout
    found = {}
    for file in sorted(set(f for f in files.split() if re.search(r"Noto(Serif|Sans)CJK-\w+\.ttc$", f))):
        faces = TTCollection(file, lazy=True).fonts
        cff_name = faces[0]["CFF "].cff.fontNames[0]
        names = [cff_name, cff_name.replace("CJKjp", "CJKsc")]
        if not any(name.startswith(n + "-") for name in embedded for n in names):
            continue
        maps = {}
        for face in faces:
            postscript = str(face["name"].getDebugName(6))
            region = re.search(r"CJK(\w\w)-", postscript).group(1)
            maps[region] = face.getBestCmap()
        for n in names:
            found[n] = (maps["sc"], maps["jp"])
    return found


def main(pdf):
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    characters = set(ord(c) for c in text if ord(c) > 0x2E80)
    fonts = embedded_fonts(pdf)
    noto = collections(fonts)
    failures, checked = [], 0
    for name, glyphs in fonts.items():
        base = max((n for n in noto if name.startswith(n)), key=len, default=None)
        if base is None:
            continue
        sc, jp = noto[base]
        sc_glyphs = {sc[c] for c in characters if c in sc}
        for c in sorted(characters):
            if c not in sc or c not in jp or sc[c] == jp[c]:
                continue
            if sc[c] in glyphs:
                checked += 1
            elif jp[c] in glyphs and jp[c] not in sc_glyphs:
                failures.append(f"{name}: 「{chr(c)}」 in its JP form ({jp[c]}, SC {sc[c]})")
    for failure in failures:
        print(failure)
    print(f"{pdf}: {checked} characters whose SC and JP forms differ, in their SC form; {len(failures)} in the JP form")
    return 0 if checked > 0 and not failures else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
