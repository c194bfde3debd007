from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.enums import FollowKind
from hub.models import Document, EvidenceSummary
from members.models import Organisation
from practices.forms import add_project_chooser
from spring_portal.consent import LicenceConsentMixin
from spring_portal.content_translations import reader_language
from spring_portal.forms import CleanTextMixin, PortalFormMixin
from spring_portal.models import IntegrationArea, TargetGroup


class DocumentForm(LicenceConsentMixin, PortalFormMixin, forms.ModelForm):
    """What a member fills in to add a document for one of their organisations."""

    # The form's sections, in order: (id, heading, fields).
    SECTIONS = (
        (
            "about",
            _("About the document"),
            (
                "title",
                "summary",
                "language",
                "doc_type",
                "languages",
                "organisation",
                "year",
                "project",
            ),
        ),
        ("topics", _("Topics"), ("areas", "target_groups")),
        ("file", _("File or link"), ("file", "url")),
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "summary",
            "language",
            "doc_type",
            "languages",
            "organisation",
            "year",
            "project",
            "areas",
            "target_groups",
            "file",
            "url",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, organisations, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_licence_consent(user, submitting=self.is_bound and "save_draft" not in self.data)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = True
        self.fields["organisation"].empty_label = None
        self.fields["areas"].queryset = IntegrationArea.objects.active()
        self.fields["target_groups"].queryset = TargetGroup.objects.active()
        self.fields["year"].widget.attrs.update({"min": 1950, "max": 2100})
        add_project_chooser(self)
        # The record's language: the submitter's interface language unless they say.
        self.fields["language"].required = False
        if not self.instance.pk:
            self.initial["language"] = reader_language()

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or "en"

    def sections(self):
        """[(id, heading, [bound fields])] for the template."""
        return [
            (sid, heading, [self[name] for name in names]) for sid, heading, names in self.SECTIONS
        ]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 1950 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 1950 and 2100."))
        return year

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url") and "file" not in self.errors:
            self.add_error("file", _("Upload a PDF file or give a link to the document."))
        return cleaned


class EvidenceSummaryForm(PortalFormMixin, forms.ModelForm):
    """A moderator's evidence summary: the text and the records it cites."""

    SECTIONS = (
        ("text", _("The summary"), ("title", "summary", "body")),
        ("topics", _("Topics"), ("areas", "target_groups")),
        ("sources", _("Sources"), ("cited_practices", "cited_documents", "cited_projects")),
    )

    class Meta:
        model = EvidenceSummary
        fields = [
            "title",
            "summary",
            "body",
            "areas",
            "target_groups",
            "cited_practices",
            "cited_documents",
            "cited_projects",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "cited_practices": forms.SelectMultiple(attrs={"size": 8}),
            "cited_documents": forms.SelectMultiple(attrs={"size": 8}),
            "cited_projects": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from practices.models import Practice, Project

        self.fields["areas"].queryset = IntegrationArea.objects.active()
        self.fields["target_groups"].queryset = TargetGroup.objects.active()
        self.fields["cited_practices"].queryset = Practice.objects.published().order_by("title")
        self.fields["cited_documents"].queryset = Document.objects.published().order_by("title")
        self.fields["cited_projects"].queryset = Project.objects.published().order_by("title")
        for name in ("cited_practices", "cited_documents", "cited_projects"):
            self.fields[name].help_text = _("Hold Ctrl or Cmd to choose several.")

    def sections(self):
        """[(id, heading, [bound fields])] for the template."""
        return [
            (sid, heading, [self[name] for name in names]) for sid, heading, names in self.SECTIONS
        ]

    def clean(self):
        cleaned = super().clean()
        if not any(
            cleaned.get(name) for name in ("cited_practices", "cited_documents", "cited_projects")
        ):
            self.add_error("cited_practices", _("Cite at least one practice, document or project."))
        return cleaned


class FollowForm(CleanTextMixin, forms.Form):
    """Which topic to follow or unfollow: a kind and a country code or primary key."""

    kind = forms.ChoiceField(choices=FollowKind.choices)
    value = forms.CharField(max_length=20)

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if not kind or not value:
            return cleaned
        if kind == FollowKind.COUNTRY:
            code = value.upper()
            if code not in countries:
                raise forms.ValidationError(_("Unknown country."))
            cleaned["target"] = code
            return cleaned
        querysets = {
            FollowKind.AREA: IntegrationArea.objects.active(),
            FollowKind.TARGET_GROUP: TargetGroup.objects.active(),
            FollowKind.ORGANISATION: Organisation.objects.approved(),
        }
        if not value.isdigit():
            raise forms.ValidationError(_("Unknown topic."))
        target = querysets[kind].filter(pk=int(value)).first()
        if target is None:
            raise forms.ValidationError(_("Unknown topic."))
        cleaned["target"] = target
        return cleaned

    def lookup(self):
        """Field lookups that find this follow in a member's Follow rows."""
        kind, target = self.cleaned_data["kind"], self.cleaned_data["target"]
        field = {
            FollowKind.AREA: "area",
            FollowKind.TARGET_GROUP: "target_group",
            FollowKind.ORGANISATION: "organisation",
            FollowKind.COUNTRY: "country",
        }[kind]
        return {"kind": kind, field: target}


class DigestSettingsForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["digest_frequency"]
        widgets = {"digest_frequency": forms.RadioSelect}
        help_texts = {
            "digest_frequency": _("An email with what was newly published on what you follow.")
        }
