"""No English left in the French and German interface.

Each main page is opened in English and again under /fr/ and /de/; the interface
texts (navigation, headings, labels, legends, buttons, table headers, help texts,
options, accessible names and placeholders) are collected in the browser. A text
found on the English page and unchanged on the French or German one is English that
was never translated, unless it is content (titles and names of the records the test
created) or in the short lists below.
"""

import gettext
from pathlib import Path

import django
import pytest
from django.conf import global_settings
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from django_countries import countries

from members.models import Organisation, User
from spring_portal.places import regions
from tests.security.world import build_world

# Proper nouns: the same in every language.
PROPER_NOUNS = {
    "SPRING",
    "Erasmus+",
    "English",
    "Français",
    "Deutsch",
    "EN",
    "FR",
    "DE",
    "SPRING – Sustainable Practices of Integration",
    "RSS",
    "iCalendar",
    "CSV",
    "JSON",
    "PDF",
    "TOTP",
}
# Words spelled the same in the other language (checked by a French or German
# reader, not a way to hide an untranslated string).
SAME_WORD = {
    "fr": {
        "Consortium",
        "Contact",
        "Description",
        "Documents",
        "Organisation",
        "Type",
        "Format",
        "1 document",
        "Budget",
        "Dates",
        "Image",
        "Image 1",
        "Image 2",
        "Document 1",
        "Notifications",
        "Actions",
        "Document 2",
        "Innovation",
        "Local",
        "National",
        "Transnational",
        "Photo",
        # The licence's official French title is its English one.
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    },
    "de": {
        "Budget",
        "Region",
        "Format",
        "Hybrid",
        "Online",
        "Website",
        "Workshop",
        "Webinar",
        "Evaluation",
        "Innovation",
        "Organisation",
        "Regional",
        "National",
        "Transnational",
    },
}
# Names of EU funding programmes (proper nouns, in the taxonomy).
PROGRAMMES = {"AMIF", "ESF / ESF+", "EU4Health", "Horizon 2020 / Horizon Europe"}

COLLECT = """() => {
  const texts = [];
  const add = (kind, text) => {
    text = (text || "").replace(/\\s+/g, " ").trim();
    if (text && /[A-Za-z]/.test(text)) texts.push([kind, text]);
  };
  const visible = (el) => !el.closest("[hidden], .honeypot, script, style, template");
  const chrome = "header nav a, header nav button, header h2, footer a, footer h2, footer p";
  const ui = "h1, h2, h3, label, legend, button, th, caption, summary, .field__help, "
    + "option, .skip-link, input[type=submit]";
  for (const el of document.querySelectorAll(chrome + ", " + ui)) {
    if (!visible(el)) continue;
    // Texts of the element itself, not of nested records (cards carry titles).
    add(el.tagName.toLowerCase(), el.tagName === "INPUT" ? el.value : el.innerText);
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
    if (!visible(el)) continue;
    for (const attr of ["aria-label", "placeholder", "title"]) {
      if (el.hasAttribute(attr)) add(attr, el.getAttribute(attr));
    }
  }
  return texts;
}"""

PUBLIC_PAGES = [
    "home",
    "practices",
    "practice",
    "events",
    "event",
    "documents",
    "document",
    "join",
    "signup",
    "map",
    "statistics",
]
MEMBER_PAGES = [
    "home",
    "practices",
    "event",
    "practice submit",
    "my practices",
    "draft practice edit",
    "account email",
    "account password",
    "account profile",
    "account preferences",
    "account data",
    "account delete",
    "my organisations",
    "two-factor",
]


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _same_language_names(language):
    """Language names Django's own catalogue writes the same in the language
    (Swahili, Hindi...); a name missing from it still counts as English."""
    catalogue = gettext.translation(
        "django", Path(django.__file__).parent / "conf" / "locale", languages=[language]
    )._catalog
    return {name for _code, name in global_settings.LANGUAGES if catalogue.get(name) == name}


def _content_strings(world):
    """Texts that are records, not interface: the same in every language."""
    strings = set()
    for record in (
        world.practice,
        world.draft_practice,
        world.event,
        world.draft_event,
        world.document,
        world.draft_document,
        world.news,
        world.call,
        world.project,
        world.draft_project,
    ):
        strings.add(record.title)
    strings |= set(Organisation.objects.values_list("name", flat=True))
    for user in User.objects.all():
        strings |= {user.email, user.get_full_name(), str(user)}
    return {s for s in strings if s}


def _same_country_names(language):
    """Countries whose name django-countries writes the same in English and in the
    language (Afghanistan, Portugal...)."""
    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    with translation.override(language):
        return {name for code, name in countries if str(name) == english[code]}


def _region_names():
    """The region picker's options: Eurostat's official names, in the region's own
    language whatever the interface's (Wien, Île-de-France, Cataluña)."""
    return {f"{region.name} ({region.code})" for region in regions().values()}


def _texts(page, path):
    response = page.goto(path)
    assert response.status == 200 and response.request.redirected_from is None, path
    return {text for _kind, text in page.evaluate(COLLECT)}


def _untranslated(page, paths, language, allowed):
    found = {}
    for path in paths:
        english = _texts(page, path)
        translated = _texts(page, f"/{language}{path}")
        same = {
            text
            for text in english & translated
            if text not in allowed and not any(c in text for c in allowed if len(c) > 12)
        }
        if same:
            found[path] = sorted(same)
    return found


def _log_in(page, user, base_url):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.mark.parametrize("language", ["fr", "de"])
def test_interface_has_no_english_left(page, live_server, language):
    world = build_world()
    urls = dict(world.urls())
    allowed = PROPER_NOUNS | PROGRAMMES | SAME_WORD[language] | _content_strings(world)
    allowed |= _same_country_names(language) | _same_language_names(language)
    allowed |= _region_names()
    found = _untranslated(page, [urls[label] for label in PUBLIC_PAGES], language, allowed)
    _log_in(page, world.users["author"], live_server.url)
    found |= {
        f"{path} (member)": texts
        for path, texts in _untranslated(
            page, [urls[label] for label in MEMBER_PAGES], language, allowed
        ).items()
    }
    assert found == {}, f"English left in {language}: {found}"
