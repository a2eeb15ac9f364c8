"""Edits a workbook the way a person would in a spreadsheet, by writing its XML:
sets cells of the first sheet and appends a row. Standard library only.

    python3 edit_workbook.py IN.xlsx OUT.xlsx '{"I2": 2, "J3": 1}' '{"A": "R-900", "I": 3}'
"""
import json
import re
import sys
import zipfile
from xml.sax.saxutils import escape


def cell(ref, value):
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def main(src, dst, sets, row):
    sets, row = json.loads(sets), json.loads(row)
    with zipfile.ZipFile(src) as z:
        members = {name: z.read(name) for name in z.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    for ref, value in sets.items():
        sheet, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', cell(ref, value), sheet, count=1)
        assert n == 1, f"no cell {ref}"
    last = max(int(r) for r in re.findall(r'<row r="(\d+)"', sheet))
    if row:
        r = last + 1
        cells = "".join(cell(f"{col}{r}", value) for col, value in sorted(row.items(), key=lambda kv: (len(kv[0]), kv[0])))
        sheet = sheet.replace("</sheetData>", f'<row r="{r}">{cells}</row></sheetData>')
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


if __name__ == "__main__":
    main(*sys.argv[1:5])
