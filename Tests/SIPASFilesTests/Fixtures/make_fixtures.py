#!/usr/bin/env python3
"""Makes the reader's test fixtures with programs independent of the Swift code.

    pip install XlsxWriter
    python3 Tests/XLSXTests/Fixtures/make_fixtures.py

shared-strings.xlsx  -- written by XlsxWriter, which stores text in a shared string table as
                        Excel does (openpyxl, even 3.0.x, writes inline strings only, so it
                        cannot make this fixture). Includes a rich text string (runs).
inline-strings.xlsx  -- written by hand with zipfile: inline strings, cells and rows without
                        an r attribute, namespace prefixes, rich text and phonetic runs,
                        str/b/e cell types, an absolute sheet target and a chart sheet to skip.

The expected rows are asserted in FixtureTests.swift; change both together.
"""
import datetime
import os
import unicodedata
import zipfile

import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))


def make_shared_strings(path):
    wb = xlsxwriter.Workbook(path)  # shared strings unless constant_memory is set
    bold = wb.add_format({"bold": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet("Phiếu khảo sát")
    ws.write_row("A1", ["Đơn vị", "Câu hỏi", "Rất hài lòng", "Tỉ lệ"], bold)   # row 1
    ws.write_row("A2", ["Phường Thành Sen", "Q1", 12, 0.5])                    # row 2
    # rows 3 and 4 stay empty
    ws.write_string("A5", "Xã Thạch Hạ")
    ws.write_string("B5", "Q2")
    ws.write_string("C5", "12")                                                # a number stored as text
    ws.write_boolean("E5", True)                                               # D5 left empty
    ws.write_number("C6", 7.0)                                                 # float with an integral value
    ws.write_number("D6", 0.1 + 0.2)
    ws.write_string("A8", unicodedata.normalize("NFD", "Hài lòng"))            # decomposed; read back as NFC
    ws.write_datetime("B8", datetime.datetime(2024, 1, 1), date)               # serial day 45292
    ws.write_number("C8", -1250000)
    ws.write_rich_string("D8", "Rất ", bold, "hài lòng", " lắm")                # three runs, one string
    ws2 = wb.add_worksheet("Tổng hợp")
    ws2.write_row("A1", ["Tổng", 42])
    ws2.write_row("A3", ["Ghi chú", "Rất hài lòng"])                            # shared with sheet 1
    wb.close()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets>
<sheet name="Biểu đồ" sheetId="2" r:id="rId3"/>
<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/>
</sheets>
</workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>
</Relationships>"""

SHARED_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><r><t xml:space="preserve">Hài </t></r><r><rPr><i/></rPr><t>lòng</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>
</sst>"""

# Row 1 and 2: inline strings in cells without r. Row 3: missing. Row 4: a shared string,
# a cached formula string, a boolean and an error. Row 5: only empty cells (skipped).
# Row 6: no r attribute (follows row 5); _x000D_ escape, 17-digit number, number stored as text.
# Row 7: no r attribute on the row, the cell reference says C7.
SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetData>
<x:row r="1"><x:c t="inlineStr"><x:is><x:t>Đơn vị</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Mức độ</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Số phiếu</x:t></x:is></x:c></x:row>
<x:row r="2"><x:c t="inlineStr"><x:is><x:t>Phường Thành Sen</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Rất </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>hài lòng</x:t></x:r><x:rPh sb="0" eb="1"><x:t>phonetic</x:t></x:rPh></x:is></x:c><x:c><x:v>12</x:v></x:c></x:row>
<x:row r="4"><x:c r="B4" t="s"><x:v>0</x:v></x:c><x:c t="str"><x:f>B4&amp;"!"</x:f><x:v>Hài lòng!</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c></x:row>
<x:row r="5"><x:c r="A5" s="1"/><x:c r="B5" t="inlineStr"><x:is><x:t></x:t></x:is></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t xml:space="preserve">  dòng_x000D_hai  </x:t></x:is></x:c><x:c><x:v>1.0000000000000001E-2</x:v></x:c><x:c t="inlineStr"><x:is><x:t>12</x:t></x:is></x:c></x:row>
<x:row><x:c r="C7"><x:v>-0.5</x:v></x:c></x:row>
</x:sheetData>
</x:worksheet>"""


def make_inline_strings(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        # One entry stored without compression, as some producers do.
        z.writestr("xl/workbook.xml", WORKBOOK, compress_type=zipfile.ZIP_STORED)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/sharedStrings.xml", SHARED_STRINGS)
        z.writestr("xl/worksheets/sheet1.xml", SHEET)


if __name__ == "__main__":
    make_shared_strings(os.path.join(HERE, "shared-strings.xlsx"))
    make_inline_strings(os.path.join(HERE, "inline-strings.xlsx"))
    print("wrote shared-strings.xlsx and inline-strings.xlsx in", HERE)
