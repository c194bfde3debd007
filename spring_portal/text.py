"""Markdown written by members and moderators, rendered to sanitised HTML."""

import unicodedata

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

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


# Control characters (line feed, carriage return, tab, NEL...) and the Unicode line and
# paragraph separators: none belongs in a one-line value such as a title.
_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def has_line_breaks(text: str | None) -> bool:
    """True when `text` holds a line break or any other control character."""
    return bool(text) and any(unicodedata.category(c) in _BREAKING_CATEGORIES for c in text)


def single_line(text: str | None) -> str:
    """`text` on one line: control characters and line breaks become spaces, runs of
    white space one space. For output that must stay on one line (calendar files,
    email headers) whatever was stored."""
    if not text:
        return ""
    spaced = "".join(" " if unicodedata.category(c) in _BREAKING_CATEGORIES else c for c in text)
    return " ".join(spaced.split())


def validate_single_line(value):
    """Model and form validator of one-line text fields (titles, names, places)."""
    if has_line_breaks(value):
        raise ValidationError(
            _("Write this on a single line, without line breaks, tabs or control characters."),
            code="single_line",
        )
