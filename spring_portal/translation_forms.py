"""The form a member fills to offer a translation of a record."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from spring_portal.content_translations import ContentTranslation
from spring_portal.forms import PortalFormMixin
from spring_portal.languages import EU_LANGUAGES
from spring_portal.text import LONG_TEXT_MAX_LENGTH, validate_single_line


class TranslationOfferForm(PortalFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language of your translation"))
    title = forms.CharField(label=_("Title"), max_length=255, validators=[validate_single_line])

    def __init__(self, *args, record, translation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.translation = translation
        original = record.original_language
        self.fields["language"].choices = [
            (code, name) for code, name in EU_LANGUAGES if code != original
        ]
        source = record.translation_source()
        self.originals = {"title": source[record.TRANSLATED_TITLE]}
        if record.TRANSLATED_SUMMARY:
            self.fields["summary"] = forms.CharField(
                label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.originals["summary"] = source[record.TRANSLATED_SUMMARY]
        model = type(record)
        for name in record.TRANSLATED_SECTIONS:
            if not source.get(name):
                continue  # nothing to translate
            self.fields[name] = forms.CharField(
                label=capfirst(model._meta.get_field(name).verbose_name),
                max_length=LONG_TEXT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("Leave empty to show this section in the original language."),
            )
            self.originals[name] = source[name]
        # The honeypot last: PortalFormMixin added it before the text fields.
        self.order_fields([*[n for n in self.fields if n != "contact_phone_number"]])
        if translation is not None:
            # Corrections keep the language; the text starts from the translation.
            self.fields["language"].disabled = True
            self.initial.update(
                {
                    "language": translation.language,
                    "title": translation.title,
                    "summary": translation.summary,
                    **(translation.sections or {}),
                }
            )

    def pairs(self):
        """(bound field, original text) per text field, for the side-by-side form."""
        return [(self[name], text) for name, text in self.originals.items()]

    def clean_language(self):
        language = self.cleaned_data["language"]
        if self.translation is not None:
            return self.translation.language
        taken = (
            ContentTranslation.objects.for_record(self.record)
            .occupying()
            .filter(language=language)
            .exists()
        )
        if taken:
            raise forms.ValidationError(
                _("A translation into this language already exists or waits for review."),
                code="taken",
            )
        return language

    def sections(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in self.record.TRANSLATED_SECTIONS
            if self.cleaned_data.get(name)
        }


class MachineDraftForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=EU_LANGUAGES)
