"""Search hits are found in the comment as written (any case, any accent) and highlighted without the comment
ever becoming markup (issue 14, item 8)."""

from components.markdown_text import highlighted_markdown
from nps.search import hit_spans


def test_hits_are_found_ignoring_case_and_accents_at_their_place_in_the_original():
    text = "Żółta paczka, ŻÓŁTA etykieta"
    assert [text[start:end] for start, end in hit_spans(text, "zolta")] == ["Żółta", "ŻÓŁTA"]
    assert hit_spans("价格太贵", "价格") == [(0, 2)]
    assert hit_spans("anything", "   ") == []
    assert highlighted_markdown(text, hit_spans(text, "zolta")).startswith(":orange-background[Żółta] paczka\\, ")


def test_hits_in_a_hostile_comment_are_highlighted_and_nothing_else_is_markup():
    comment = "**x** <b>bold</b> [a](javascript:alert(1)) :red[boom] x"
    markdown = highlighted_markdown(comment, hit_spans(comment, "x"))
    assert markdown.count(":orange-background[") == 2
    for raw in ("**x**", "<b>", "[a](", ":red[", "javascript:alert("):
        assert raw not in markdown
    assert r"\*\*:orange-background[x]\*\*" in markdown
