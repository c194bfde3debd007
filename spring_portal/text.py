"""Markdown written by members and moderators, rendered to sanitised HTML."""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code",
    "pre", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str | None):
    """Markdown -> HTML with an allow-list: no script, no style, no raw HTML survives.

    Headings are shifted down one level so that a page keeps a single h1.
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 1, 4)}>")
        html = html.replace(f"</h{level}>", f"</h{min(level + 1, 4)}>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def plain_excerpt(text: str | None, length: int = 200) -> str:
    """Text without markup, cut at a word boundary, for cards and meta descriptions."""
    if not text:
        return ""
    stripped = nh3.clean(markdown.markdown(text), tags=set())
    stripped = " ".join(stripped.split())
    if len(stripped) <= length:
        return stripped
    return stripped[:length].rsplit(" ", 1)[0] + "…"
