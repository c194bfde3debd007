from spring_portal.text import plain_excerpt, render_markdown


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
