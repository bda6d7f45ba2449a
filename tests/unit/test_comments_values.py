"""Pure pieces of the comments work: theme impact arithmetic, masking, keyword parsing, safe exports."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from nps.comments import mask_email, mask_name, theme_impact
from nps.exports import responses_csv, responses_xlsx
from nps.metrics import Counts, nps
from nps.search import fold_for_search


def test_theme_impact_is_nps_of_all_minus_nps_without_the_theme():
    everything, themed = Counts(50, 30, 20), Counts(2, 3, 15)
    impact = theme_impact(everything, themed)
    assert impact.impact == pytest.approx(nps(everything) - nps(everything - themed))
    assert impact.low < impact.impact < impact.high
    assert impact.significant


def test_a_theme_with_no_mentions_has_no_impact():
    assert theme_impact(Counts(5, 5, 5), Counts()).impact is None


def test_viewers_see_initials_and_a_masked_address():
    assert mask_name("Anna Maria Nowak") == "A. M. N."
    assert mask_email("anna.nowak@example.com") == "a•••@example.com"
    assert mask_email(None) == "" and mask_name("") == ""


def test_search_folding_drops_case_accents_and_polish_l():
    assert fold_for_search("  ŻÓŁTA   Łódź ") == "zolta lodz"
    assert fold_for_search("价格") == "价格"


def test_exported_promoters_cannot_run_formulas():
    frame = pd.DataFrame({"comment": ['=HYPERLINK("http://x")', "+1 great", "-", "@me", "fine"], "score": [9] * 5})
    text = responses_csv([frame]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1 great" in text and "'@me" in text
    book = load_workbook(io.BytesIO(responses_xlsx([frame])))
    cells = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert cells[0] == '=HYPERLINK("http://x")'
    assert all(cell.data_type == "s" for cell in book.active["A"][1:])
