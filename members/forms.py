from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PRIVACY_NOTICE_VERSION = "2026-11"


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: consent to the privacy notice."""

    privacy_consent = forms.BooleanField(
        label=_("I have read and accept the privacy notice."),
        required=True,
        error_messages={"required": _("Please accept the privacy notice to create an account.")},
    )

    def signup(self, request, user):
        user.privacy_consent_at = timezone.now()
        user.privacy_consent_version = PRIVACY_NOTICE_VERSION
        user.save(update_fields=["privacy_consent_at", "privacy_consent_version"])
