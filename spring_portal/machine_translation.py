"""Optional machine translation: drafts that a person reviews before publication.

Configured by DEEPL_API_KEY (and DEEPL_API_URL); without it `available()` is False
and the portal offers no machine drafts. The DeepL API v2 is called with the standard
library (POST /v2/translate, JSON {text: [...], source_lang, target_lang}, header
"Authorization: DeepL-Auth-Key <key>", answer {translations: [{detected_source_language,
text}]}), so no dependency is added.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from spring_portal.content_translations import (
    ContentTranslation,
    TranslatorRole,
)

PROVIDER = "DeepL"
# DeepL wants a regional variant for these target languages.
TARGETS = {"en": "EN-GB", "pt": "PT-PT"}


class MachineTranslationError(Exception):
    """The provider could not translate (unreachable, refused the key, bad answer)."""


def available() -> bool:
    return bool(settings.DEEPL_API_KEY)


def translate(texts: list[str], source: str, target: str) -> list[str]:
    """The texts in `target`, in order (empty texts are not sent)."""
    wanted = [(i, text) for i, text in enumerate(texts) if text.strip()]
    out = [""] * len(texts)
    if not wanted:
        return out
    body = json.dumps(
        {
            "text": [text for _i, text in wanted],
            "source_lang": source.upper(),
            "target_lang": TARGETS.get(target, target.upper()),
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - the configured https URL
        f"{settings.DEEPL_API_URL}/v2/translate",
        data=body,
        method="POST",
        headers={
            "Authorization": f"DeepL-Auth-Key {settings.DEEPL_API_KEY}",
            "Content-Type": "application/json",
            "User-Agent": "spring-portal",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.DEEPL_TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.load(response)
        translated = [item["text"] for item in answer["translations"]]
    except (urllib.error.URLError, OSError, ValueError, KeyError, TypeError) as exc:
        raise MachineTranslationError(str(exc)) from exc
    if len(translated) != len(wanted):
        raise MachineTranslationError("The provider answered a different number of texts.")
    for (i, _text), text in zip(wanted, translated, strict=True):
        out[i] = text
    return out


def machine_draft(record, language: str, user) -> ContentTranslation:
    """A draft translation of `record` into `language` made by the provider, for a
    moderator to review (and publish) in the moderation area. Raises
    MachineTranslationError, or ValueError when the language is taken."""
    source = record.translation_source()
    names = list(source)
    texts = translate([source[name] for name in names], record.original_language, language)
    result = dict(zip(names, texts, strict=True))
    summary_field = record.TRANSLATED_SUMMARY
    with transaction.atomic():
        if (
            ContentTranslation.objects.for_record(record)
            .occupying()
            .filter(language=language)
            .exists()
        ):
            raise ValueError(
                _("A translation into this language already exists or waits for review.")
            )
        return ContentTranslation.objects.create(
            record=record,
            language=language,
            title=result[record.TRANSLATED_TITLE][:255],
            summary=result.get(summary_field, "") if summary_field else "",
            sections={name: result[name] for name in record.TRANSLATED_SECTIONS if result[name]},
            created_by=user,
            translator_role=TranslatorRole.MODERATOR,
            is_machine=True,
            machine_provider=PROVIDER,
            source_digest=record.translation_digest(),
        )
