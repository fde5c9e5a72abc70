from __future__ import annotations

import io

from django.http import Http404
from django.test import SimpleTestCase
from openpyxl import load_workbook

from frontline.lib import tables

TABLE = tables.Table(
    "results",
    ["participant", "agency", "score"],
    [["=HYPERLINK(1)", "Police", "62.5"], ["ليلى حداد", "@agency", ""], ["Ana", "-", "7"]],
    numeric=frozenset({2}),
)


class TableTests(SimpleTestCase):
    def sheet(self, **kw: bool) -> object:
        return load_workbook(io.BytesIO(tables.as_xlsx(TABLE, **kw))).active

    def test_xlsx_keeps_text_as_text_and_figures_as_numbers(self) -> None:
        sheet = self.sheet()
        self.assertEqual([c.value for c in sheet[1]], ["participant", "agency", "score"])
        formula = sheet["A2"]
        self.assertEqual((formula.value, formula.data_type), ("=HYPERLINK(1)", "s"))
        self.assertEqual(sheet["C2"].value, 62.5)
        self.assertIsNone(sheet["C3"].value)  # no score: an empty cell, not "" or 0

    def test_right_to_left_names_keep_their_text_and_direction(self) -> None:
        sheet = self.sheet(right_to_left=True)
        self.assertEqual(sheet["A3"].value, "ليلى حداد")
        self.assertEqual(sheet["A3"].alignment.readingOrder, 0)  # the cell's own text decides
        self.assertTrue(sheet.sheet_view.rightToLeft)
        self.assertFalse(self.sheet().sheet_view.rightToLeft)

    def test_csv_neutralises_formulas(self) -> None:
        text = tables.as_csv(TABLE).decode()
        self.assertIn("'=HYPERLINK(1),Police,62.5", text)
        self.assertIn("ليلى حداد,'@agency,", text)
        self.assertIn("Ana,'-,7", text)

    def test_only_the_formats_offered(self) -> None:
        self.assertEqual(tables.download(TABLE, "x", "xlsx")["Content-Type"], tables.XLSX)
        with self.assertRaises(Http404):
            tables.download(TABLE, "x", "ods")
