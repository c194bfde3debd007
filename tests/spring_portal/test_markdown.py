import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from practices.models import Practice
from spring_portal import text as text_module
from spring_portal.text import LONG_TEXT_MAX_LENGTH, _cache_key, plain_excerpt, render_markdown


def test_markdown_strips_script_and_event_handlers():
    html = render_markdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">')
    assert "<script" not in html
    assert "onerror" not in html


def test_markdown_links_get_nofollow_and_no_javascript_urls():
    html = render_markdown("[site](https://example.org) [bad](javascript:alert(1))")
    assert 'rel="nofollow noopener noreferrer"' in html
    assert "javascript:" not in html


def test_markdown_headings_shift_below_page_h1():
    assert "<h2>Goals</h2>" in render_markdown("# Goals")


def test_plain_excerpt_cuts_at_word_boundary():
    assert plain_excerpt("**Bold** words " * 30, 30).endswith("…")
    assert "<" not in plain_excerpt("<b>x</b> *y*")


def test_markdown_keeps_tables_and_escapes_text_once():
    html = render_markdown('| Tom & Jerry | "café" |\n| --- | --- |\n| 1 | 2 |')
    assert "<table>" in html
    assert "<th>Tom &amp; Jerry</th>" in html


def test_plain_excerpt_is_raw_text_not_html():
    assert plain_excerpt('# Tom & Jerry\n\n**R&amp;D** <b>"café"</b> `a<b`') == (
        'Tom & Jerry R&D "café" a<b'
    )


def test_markdown_is_served_from_the_cache_by_content_hash():
    text = "Some *cached* words"
    html = render_markdown(text)
    key = _cache_key("html", text)
    assert cache.get(key) == str(html)
    # What the cache holds is what a page shows: nothing renders the text again, in a
    # worker that has not seen the text yet either (empty process memory).
    cache.set(key, "<p>from the cache</p>")
    text_module._clean_html.cache_clear()
    assert render_markdown(text) == "<p>from the cache</p>"
    assert render_markdown(text + " ") != "<p>from the cache</p>"


PATHOLOGICAL = {
    "unclosed link labels": "[a" * 20_000,
    "quotes 600 deep": "> " * 600 + "x",
    "quote markers 600 deep": ">" * 600 + " x",
    "lists 600 deep": "- " * 600 + "x",
    "ordered lists 600 deep": "1. " * 600 + "x",
    "asterisks": "*" * 10_000,
    "backticks": "`" * 10_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_markdown_renders_fast_or_is_too_long_to_save(text):
    if len(text) > LONG_TEXT_MAX_LENGTH:
        field = Practice._meta.get_field("description").formfield()
        with pytest.raises(ValidationError):
            field.clean(text)
        return
    cache.clear()
    start = time.perf_counter()
    render_markdown(text)
    plain_excerpt(text)
    assert time.perf_counter() - start < 0.1


def test_pathological_markdown_of_any_length_renders_without_error():
    for text in PATHOLOGICAL.values():
        assert isinstance(render_markdown(text), str)
    deep = "\n".join(">" * level + " x" for level in range(600))
    assert "<blockquote>" in render_markdown(deep)


@pytest.mark.parametrize(
    "source",
    ["[x](javascript:alert(1))", "[x](data:text/html,hi)", '<a href="vbscript:x">x</a>'],
)
def test_link_stripped_for_safety_is_plain_text(source):
    """Regression: a link whose address was removed still looked like a link."""
    html = str(render_markdown(f"see {source} here"))
    assert "<a" not in html
    assert "see x here" in html


def test_safe_links_stay_links():
    html = str(render_markdown("[SPRING](https://spring.example/) and <https://b.example>"))
    assert html.count("<a href=") == 2


def test_known_text_costs_no_cache_round_trip(monkeypatch):
    """Issue 15: a list page's cards each made a cache round trip for their excerpt."""
    from django.core.cache import cache

    text = "Conversation tables with **neighbours** in Ghent, issue fifteen."
    first = (plain_excerpt(text), render_markdown(text))

    def no_round_trip(*args, **kwargs):
        raise AssertionError("cache round trip")

    monkeypatch.setattr(cache._connections[cache._alias], "get", no_round_trip)
    assert (plain_excerpt(text), render_markdown(text)) == first
