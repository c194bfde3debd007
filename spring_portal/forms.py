"""Form pieces every app shares: the honeypot against form-filling robots, and the
refusal of control characters that PostgreSQL cannot store or that have no place in text."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spring_portal.text import MEDIUM_TEXT_MAX_LENGTH

HONEYPOT_FIELD = "contact_phone_number"
# C0 controls except tab, line feed and carriage return, plus DEL; NUL makes PostgreSQL fail.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class HoneypotInput(forms.TextInput):
    """A text input people never see (class "honeypot" moves it off screen); its label
    tells anyone who reaches it with a screen reader to leave it empty."""

    def __init__(self, attrs=None):
        defaults = {"tabindex": "-1", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})


class HoneypotMixin:
    """Adds a field robots fill in and people leave empty; a filled one fails validation,
    so the view saves nothing and shows the form again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty (it is there to catch spam robots)"),
            required=False,
            widget=HoneypotInput,
        )

    @property
    def honeypot(self):
        """The bound honeypot field, for templates that place fields one by one."""
        return self[HONEYPOT_FIELD]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # A form-level error: the field itself is off screen.
            self.add_error(
                None,
                ValidationError(
                    _("This form could not be sent. Please leave the anti-spam field empty."),
                    code="honeypot",
                ),
            )
        return cleaned


def has_control_characters(value) -> bool:
    return isinstance(value, str) and bool(_CONTROL_CHARACTERS.search(value))


class CleanTextMixin:
    """Refuses text with control characters (NUL included) in any field of the form,
    with an error on that field instead of a database error on save."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, bound in self._bound_items():
            if name not in self.cleaned_data or bound.field.disabled:
                continue
            raw = bound.data
            values = raw if isinstance(raw, list | tuple) else [raw]
            if any(has_control_characters(value) for value in values):
                self.add_error(
                    name,
                    ValidationError(
                        _("Remove the invisible control characters from this field."),
                        code="control_characters",
                    ),
                )


class PortalFormMixin(CleanTextMixin, HoneypotMixin):
    """What a public submission form needs: clean text and a honeypot."""


class TransitionForm(forms.Form):
    """The moderator's words for a move: the one form behind every moderation action."""

    message = forms.CharField(
        label=_("Message to the author"),
        required=False,
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by email and shown on “My submissions”."),
        error_messages={
            "required": _("Please write a message to the author explaining this decision.")
        },
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by moderators only."),
    )

    def __init__(self, *args, message_required=False, message_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].required = message_required
        if message_label:
            self.fields["message"].label = message_label
