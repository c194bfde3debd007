"""Languages a record can be written in, and how each language's text is searched."""

import unicodedata

from django.conf import global_settings
from django.utils.translation import gettext_lazy

# Django names its languages with gettext_noop, so global_settings.LANGUAGES is
# English; the lazy wrapper shows each name from Django's own French and German
# catalogues.
RECORD_LANGUAGES = [(code, gettext_lazy(name)) for code, name in global_settings.LANGUAGES]
_NAMES = dict(global_settings.LANGUAGES)
# Official in the EU but not among Django's interface languages.
_NAMES.setdefault("mt", "Maltese")
_EXTRA_NAMES = {"mt": gettext_lazy("Maltese")}

# The 24 official languages of the European Union: what a translation can be in.
EU_LANGUAGE_CODES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip
EU_LANGUAGES = [
    (code, _EXTRA_NAMES.get(code) or gettext_lazy(_NAMES[code])) for code in EU_LANGUAGE_CODES
]

# PostgreSQL's text search configuration per language (snowball stemmers shipped with
# PostgreSQL 13+); every other language is searched word for word ("simple"). The SQL
# function spring_ts_config() (migration spring_portal 0008) holds the same table.
SEARCH_CONFIGS = {
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "pt": "portuguese",
    "ro": "romanian",
    "sv": "swedish",
}
SIMPLE = "simple"


def search_config(code: str | None) -> str:
    """The text search configuration for a language code ("fr-ca" counts as "fr")."""
    return SEARCH_CONFIGS.get((code or "").split("-")[0].lower(), SIMPLE)


def language_name(code: str | None) -> str:
    """The language's name in the active interface language ("Italian", "italien")."""
    if code in _EXTRA_NAMES:
        return str(_EXTRA_NAMES[code])
    name = _NAMES.get(code or "")
    return str(gettext_lazy(name)) if name else (code or "")


# Letters that carry no combining accent under Unicode decomposition, folded by hand:
# the same pairs as the SQL function spring_fold().
_SINGLE = str.maketrans("łŁøØđĐħĦı", "lLoOdDhHi")
_MULTI = (("ß", "ss"), ("æ", "ae"), ("Æ", "AE"), ("œ", "oe"), ("Œ", "OE"))
COMBINING_MARKS = "[\u0300-\u036f]"


def fold(text: str) -> str:
    """`text` without accents ("Intégration" -> "Integration", "Straße" -> "Strasse").

    Mirrors the SQL function spring_fold() that stored search vectors are built with
    (the unaccent extension is missing from the embedded server): decompose (NFD),
    drop the combining marks U+0300-U+036F, then fold the few letters that do not
    decompose."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f")
    for letter, replacement in _MULTI:
        stripped = stripped.replace(letter, replacement)
    return stripped.translate(_SINGLE)
