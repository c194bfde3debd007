from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.images import process_image
from members.models import Membership, Organisation, User
from spring_portal.forms import CleanTextMixin, PortalFormMixin
from spring_portal.images import ImageUploadField
from spring_portal.models import IntegrationArea, OrganisationType

PRIVACY_NOTICE_VERSION = "2026-11"


class SignupForm(PortalFormMixin, AllauthSignupForm):
    """allauth's sign-up form plus consent to the privacy notice, recorded with time and version."""

    privacy_consent = forms.BooleanField(
        label=_("I have read and accept the privacy notice."),
        required=True,
        error_messages={"required": _("Please accept the privacy notice to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth adds the password fields after the declared ones: move the consent
        # after them, so reading and keyboard order end with it.
        self.fields["privacy_consent"] = self.fields.pop("privacy_consent")

    def save(self, request):
        user = super().save(request)
        if user is not None:
            user.privacy_consent_at = timezone.now()
            user.privacy_consent_version = PRIVACY_NOTICE_VERSION
            user.save(update_fields=["privacy_consent_at", "privacy_consent_version"])
        return user


# EU member states, then the other EEA countries and Switzerland: listed first.
EU_EEA = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
        "CH",
    }
)


def country_choices():
    """Countries grouped: EU/EEA first, then every other country."""
    first = [(code, name) for code, name in countries if code in EU_EEA]
    rest = [(code, name) for code, name in countries if code not in EU_EEA]
    return [
        ("", _("Choose a country")),
        (_("EU and EEA"), first),
        (_("Other countries"), rest),
    ]


class CountryChoiceField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", country_choices)
        super().__init__(**kwargs)


class ImageFieldMixin:
    """Run uploaded images through members.images.process_image, counted for `uploader`."""

    uploader = None

    def _clean_image(self, name):
        upload = self.cleaned_data.get(name)
        # An unchanged field holds the stored file; only new uploads are processed.
        if upload and hasattr(upload, "content_type"):
            return process_image(upload, user=self.uploader)
        return upload


class ProfileForm(CleanTextMixin, ImageFieldMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("My organisation is not listed"),
        help_text=_("Choosing an organisation asks its administrators to confirm you as a member."),
    )
    country = CountryChoiceField(label=_("Country"), required=False)
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of expertise"),
        queryset=IntegrationArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "job_title",
            "organisation",
            "organisation_name",
            "country",
            "city",
            "areas",
            "languages",
            "bio",
            "photo",
            "website",
            "linkedin",
            "is_public",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"photo": ImageUploadField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploader = self.instance
        self.fields["full_name"].required = True
        self.fields["organisation"].queryset = Organisation.objects.approved().only("name")
        self.fields["areas"].queryset = IntegrationArea.objects.active()
        self.fields["organisation_name"].help_text = _(
            "If your organisation is not listed above, type its name."
        )
        self.fields["photo"].help_text = _("JPEG, PNG or WebP, at most 5 MB and 12 megapixels.")

    def clean_photo(self):
        return self._clean_image("photo")


class OrganisationForm(PortalFormMixin, ImageFieldMixin, forms.ModelForm):
    country = CountryChoiceField(label=_("Country"))
    areas = forms.ModelMultipleChoiceField(
        label=_("Integration areas"),
        queryset=IntegrationArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "org_type",
            "is_community_of_practice",
            "country",
            "city",
            "website",
            "contact_email",
            "description",
            "logo",
            "areas",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"logo": ImageUploadField}

    def __init__(self, *args, uploader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploader = uploader
        self.fields["org_type"].required = True
        self.fields["org_type"].queryset = OrganisationType.objects.active()
        self.fields["description"].required = True
        self.fields["description"].help_text = _(
            "What the organisation does for migrant integration. Markdown is allowed."
        )
        self.fields["contact_email"].required = True
        self.fields["logo"].help_text = _("JPEG, PNG or WebP, at most 5 MB and 12 megapixels.")
        self.fields["areas"].queryset = IntegrationArea.objects.active()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _(
                    "An organisation called “%(name)s” is already registered. If it is yours, ask "
                    "to join it from its page."
                ),
                code="duplicate_name",
                params={"name": clash.first().name},
            )
        return name

    def clean_logo(self):
        return self._clean_image("logo")


class OrganisationEditForm(OrganisationForm):
    """An administrator's edit of the organisation page (members.services.edit_organisation).

    The name and acronym go to the moderators; while a request waits they are shown
    but not editable.
    """

    # Until the model field carries its own limit, a page description stays readable.
    DESCRIPTION_MAX_LENGTH = 10_000

    class Meta(OrganisationForm.Meta):
        fields = [
            "name",
            "acronym",
            "org_type",
            "country",
            "city",
            "website",
            "contact_email",
            "description",
            "logo",
            "areas",
        ]

    def __init__(self, *args, pending_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        description = self.fields["description"]
        if description.max_length is None:
            description.max_length = self.DESCRIPTION_MAX_LENGTH
            description.validators.append(MaxLengthValidator(self.DESCRIPTION_MAX_LENGTH))
            description.widget.attrs["maxlength"] = str(self.DESCRIPTION_MAX_LENGTH)
        self.fields["website"].help_text = _("The full address, starting with https://")
        if pending_request is not None:
            for name in ("name", "acronym"):
                self.fields[name].disabled = True
            self.fields["name"].help_text = _(
                "Your request to rename the organisation “%(name)s” is waiting for the "
                "moderators. You can ask for another name once they have decided."
            ) % {"name": pending_request.requested_name or self.instance.name}
        else:
            self.fields["name"].help_text = _(
                "A new name or acronym is checked by the moderators before it is shown; "
                "the other changes are published at once."
            )


class JoinRequestForm(PortalFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class InviteForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(label=_("Email address of the person to invite"))


class InvitationAcceptForm(PortalFormMixin, forms.Form):
    """Accepting an invitation: nothing to fill in but the honeypot."""


class LeaveForm(CleanTextMixin, forms.Form):
    """Leaving an organisation; the last administrator names a successor."""

    successor = forms.ModelChoiceField(
        label=_("New administrator"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Choose a member"),
    )

    def __init__(self, *args, membership, needs_successor, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_successor = needs_successor
        if needs_successor:
            self.fields["successor"].queryset = (
                Membership.objects.active()
                .filter(organisation_id=membership.organisation_id)
                .exclude(pk=membership.pk)
                .select_related("user")
            )
            self.fields["successor"].label_from_instance = lambda m: m.user.get_full_name()
            self.fields["successor"].required = True
            self.fields["successor"].help_text = _(
                "You are the last administrator. Name the member who will administer the "
                "organisation after you."
            )
        else:
            del self.fields["successor"]


class PreferencesForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["digest_frequency", "notify_decisions"]
        widgets = {"digest_frequency": forms.RadioSelect}


class AccountDeleteForm(CleanTextMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password
