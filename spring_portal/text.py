"""Markdown written by members and moderators, rendered to sanitised HTML.

The parser is markdown-it-py (CommonMark): its run time grows linearly with the
input, even on pathological text such as thousands of unclosed "[" or "*", and
its nesting is capped, so deep quotes or lists cannot exhaust the stack. The
rendered HTML is cached by the hash of the text, so a page view of unchanged
text does not parse it again.
"""

import hashlib
import re
import unicodedata
from functools import lru_cache

import markdown_it
import nh3
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

# Longest free text a member may save, in characters; models and forms use these.
LONG_TEXT_MAX_LENGTH = 20_000  # a section of a practice, an event description, a news body
MEDIUM_TEXT_MAX_LENGTH = 5_000  # an organisation's description, a list of partners, a message
SHORT_TEXT_MAX_LENGTH = 2_000  # a bio, a comment, a summary

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code",
    "pre", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}

# Nested blocks and inline spans beyond this depth are not parsed further: no real
# text needs more, and it bounds both the recursion and the work per character.
MAX_NESTING = 20
# Part of every cache key: a new parser version or a change of the rules below
# renders the texts afresh instead of serving HTML made by the old rules.
RENDERER_VERSION = f"markdown-it-py {markdown_it.__version__}; rules 2"
CACHE_TIMEOUT = 60 * 60 * 24 * 30  # keys are content hashes, so never stale


def _shift_headings(state):
    """Headings go one level down (h1 -> h2, at most h4): a page keeps a single h1."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 4)}"


def _parser() -> MarkdownIt:
    # Raw HTML is let through to nh3, which keeps only the allow-listed tags.
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    parser.enable("table")
    # Every link becomes an <a>: nh3 then drops an href whose scheme is not allowed,
    # so "[x](javascript:...)" reads "x" instead of showing the Markdown source.
    parser.validateLink = lambda url: True
    parser.core.ruler.push("shift_headings", _shift_headings)
    return parser


_PARSER = _parser()


def _cache_key(kind: str, text: str) -> str:
    digest = hashlib.sha256(f"{RENDERER_VERSION}\0{text}".encode()).hexdigest()
    return f"text:{kind}:{digest}"


# nh3 keeps <a> when it drops a forbidden href (javascript:, data:...): the text
# would still look like a link that does nothing. nh3's output is well formed and
# links cannot nest, so an <a> without href is safely replaced by its content.
_DEAD_LINK = re.compile(r"<a(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.S)


def _unwrap_dead_links(html: str) -> str:
    return _DEAD_LINK.sub(r"\1", html)


def render_markdown(text: str | None):
    """Markdown -> HTML with an allow-list: no script, no style, no raw HTML survives.

    Headings are shifted down one level so that a page keeps a single h1.
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    return mark_safe(_clean_html(text))  # noqa: S308 - sanitised by nh3 (possibly before caching)


# In front of the shared cache, a small per-process memory keyed by the text itself:
# results depend on nothing else, so it never goes stale, and a list page's cards cost
# no cache round trip each (issue 15).
@lru_cache(maxsize=512)
def _clean_html(text: str) -> str:
    key = _cache_key("html", text)
    cleaned = cache.get(key)
    if cleaned is None:
        cleaned = nh3.clean(
            _PARSER.render(text),
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener noreferrer",
        )
        cleaned = _unwrap_dead_links(cleaned)
        cache.set(key, cleaned, CACHE_TIMEOUT)
    return cleaned


def _plain_text(text: str) -> str:
    """The words of the Markdown without any markup, entities decoded; not escaped."""
    words = []
    for token in _PARSER.parse(text):
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
        elif token.type in ("code_block", "fence"):
            words.append(token.content)
        words.append(" ")
    return " ".join("".join(words).split())


def plain_excerpt(text: str | None, length: int = 200) -> str:
    """Text without markup, cut at a word boundary, for cards, feeds and meta descriptions.

    The result is plain text, not HTML: templates and feeds escape it once.
    """
    if not text:
        return ""
    stripped = _stripped(text)
    if len(stripped) <= length:
        return stripped
    return stripped[:length].rsplit(" ", 1)[0] + "…"


@lru_cache(maxsize=20_000)
def _stripped(text: str) -> str:
    """Plain text of `text`: remembered in the process (the same card summaries come
    back on every list page). A short text (a card's summary, up to
    SHORT_TEXT_MAX_LENGTH) parses in ~0.15 ms, less than the get and set of a shared
    cache round trip (a page of 20 new cards made 40); only long texts go through the
    shared cache for the other processes."""
    if len(text) <= SHORT_TEXT_MAX_LENGTH:
        return _plain_text(text)
    key = _cache_key("plain", text)
    stripped = cache.get(key)
    if stripped is None:
        stripped = _plain_text(text)
        cache.set(key, stripped, CACHE_TIMEOUT)
    return stripped


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
