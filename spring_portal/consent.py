"""Authors accept the content licence (spring_portal.licence) when they first submit
something for review: a checkbox on the practice, event and document forms, recorded
on the member with its time and version, as the privacy notice's consent is."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spring_portal.licence import LICENCE_NAME, LICENCE_VERSION


def needs_licence_consent(user) -> bool:
    return bool(user and user.is_authenticated) and (
        user.content_licence_version != LICENCE_VERSION
    )


class LicenceConsentMixin:
    """A ModelForm mixin: call add_licence_consent(user, submitting) in __init__.

    `submitting` says whether this post sends the record to review (a draft may be
    saved without accepting). The consent is recorded when the form saves."""

    def add_licence_consent(self, user, submitting: bool):
        self.licence_user = user
        self.licence_submitting = submitting
        if needs_licence_consent(user):
            self.fields["licence_consent"] = forms.BooleanField(
                label=_("I publish this content under the licence %(licence)s")
                % {"licence": LICENCE_NAME},
                help_text=_(
                    "Anyone may reuse what the portal publishes if they credit it "
                    "(open data). Needed once, before your first submission for review."
                ),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if (
            "licence_consent" in self.fields
            and self.licence_submitting
            and not cleaned.get("licence_consent")
        ):
            self.add_error(
                "licence_consent",
                _("Accept the open licence to submit; you can save a draft without it."),
            )
        return cleaned

    def save(self, *args, **kwargs):
        saved = super().save(*args, **kwargs)
        if self.cleaned_data.get("licence_consent") and needs_licence_consent(self.licence_user):
            user = self.licence_user
            user.content_licence_accepted_at = timezone.now()
            user.content_licence_version = LICENCE_VERSION
            user.save(update_fields=["content_licence_accepted_at", "content_licence_version"])
        return saved
