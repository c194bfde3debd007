from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from hub.models import Call
from members.enums import MembershipState, OrganisationState
from members.models import Organisation
from practices.models import (
    MAX_DOCUMENTS,
    MAX_IMAGES,
    PROJECT_REQUIRED_FOR_REVIEW,
    REQUIRED_FOR_REVIEW,
    Collection,
    ContactMessage,
    Practice,
    PracticeDocument,
    PracticeImage,
    Project,
    Transfer,
)
from practices.uploads import check_pdf, process_image
from spring_portal.consent import LicenceConsentMixin
from spring_portal.content_translations import reader_language
from spring_portal.countries import CountryChooser, region_field_setup
from spring_portal.forms import CleanTextMixin, PortalFormMixin
from spring_portal.images import ImageUploadField
from spring_portal.text import validate_single_line

# The form's sections, in order: (id, heading, fields).
SECTIONS = (
    ("about", _("About the practice"), ("title", "summary", "description", "language", "call")),
    (
        "where",
        _("Where and who"),
        ("countries", "region", "city", "geographic_scope", "areas", "target_groups"),
    ),
    (
        "organisation",
        _("Organisation and funding"),
        ("organisation", "project", "partners", "funding_programmes", "budget_range"),
    ),
    ("dates", _("Dates"), ("start_date", "end_date", "is_ongoing")),
    (
        "results",
        _("Results and evaluation"),
        (
            "outcomes",
            "evaluation_type",
            "evaluation_method",
            "evaluation_url",
            "evidence_of_effect",
        ),
    ),
    (
        "quality",
        _("Sustainability, transferability and innovation"),
        ("sustainability", "transferability", "innovation", "inspiring_tools"),
    ),
    ("contact", _("Contact"), ("website", "contact_name", "contact_email")),
)
MARKDOWN_FIELDS = (
    "description",
    "partners",
    "outcomes",
    "evaluation_method",
    "evidence_of_effect",
    "sustainability",
    "transferability",
    "innovation",
    "inspiring_tools",
)


class PracticeForm(LicenceConsentMixin, PortalFormMixin, forms.ModelForm):
    """Every field is optional here: a draft may hold any subset. The required
    fields are checked by Practice.validate_for_state() on "Submit for review"."""

    class Meta:
        model = Practice
        fields = [name for _id, _heading, names in SECTIONS for name in names]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "funding_programmes": forms.CheckboxSelectMultiple,
            "geographic_scope": forms.RadioSelect,
            "evaluation_type": forms.RadioSelect,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "countries": CountryChooser,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.add_licence_consent(user, submitting=self.data.get("action") == "submit")
        if not self.instance.pk and not self.is_bound:
            # A new record is in the submitter's interface language unless they say.
            self.initial["language"] = reader_language()
        orgs = Organisation.objects.approved().filter(
            memberships__user=user, memberships__state=MembershipState.ACTIVE
        )
        if self.instance.organisation_id:
            # Keep the current organisation selectable even if the membership ended.
            orgs = orgs | Organisation.objects.filter(pk=self.instance.organisation_id)
        self.fields["organisation"].queryset = orgs.distinct().order_by("name")
        self.fields["organisation"].empty_label = _("None – I submit as an individual")
        calls = Call.objects.open().filter(accepts=Call.Accepts.PRACTICES)
        if self.instance.call_id:
            calls = calls | Call.objects.filter(pk=self.instance.call_id)
        self.fields["call"].queryset = calls.distinct()
        self.fields["call"].empty_label = _("None")
        add_project_chooser(self)
        self.fields["countries"].help_text = _("Tick every country where the practice takes place.")
        region_field_setup(self, "countries")
        for name in MARKDOWN_FIELDS:
            field = self.fields[name]
            field.widget.attrs.setdefault("rows", 4)
            suffix = str(_("Markdown allowed."))
            if suffix not in str(field.help_text):  # the description's own text says it
                field.help_text = f"{field.help_text} {suffix}".strip()
        for name in ("geographic_scope", "evaluation_type"):
            # A radio button for "no answer" is no answer at all: leave none ticked.
            field = self.fields[name]
            field.choices = [choice for choice in field.choices if choice[0] != ""]
        for field in self.fields.values():
            field.required = False
        for name in REQUIRED_FOR_REVIEW:
            # Marked for people ("(required)") and assistive technology (`required`);
            # the form's novalidate keeps the browser from refusing a partial draft.
            field = self.fields[name]
            field.required_for_review = True
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["required"] = True

    def clean_organisation(self):
        organisation = self.cleaned_data.get("organisation")
        if (
            organisation
            and organisation.pk != self.instance.organisation_id
            and organisation.state != OrganisationState.APPROVED
        ):
            raise forms.ValidationError(_("Choose an approved organisation you belong to."))
        return organisation

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned

    def sections(self):
        """[(id, heading, [bound fields])] for the template."""
        return [(sid, heading, [self[name] for name in names]) for sid, heading, names in SECTIONS]


class ImageForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PracticeImage
        fields = ["image", "alt_text", "caption"]
        field_classes = {"image": ImageUploadField}

    def __init__(self, *args, uploader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploader = uploader

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            # A fresh upload: verify it and store only our own re-encoded copy.
            return process_image(image, user=self.uploader)
        return image


class DocumentForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PracticeDocument
        fields = ["file", "title"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            check_pdf(upload)
            self.instance.size = upload.size
        return upload


# absolute_max: a forged TOTAL_FORMS cannot make the server build and render 1,000 forms.


def image_formset(practice, data=None, files=None, uploader=None):
    existing = practice.images.count() if practice.pk else 0
    formset_class = inlineformset_factory(
        Practice,
        PracticeImage,
        form=ImageForm,
        extra=max(0, min(2, MAX_IMAGES - existing)),
        max_num=MAX_IMAGES,
        absolute_max=MAX_IMAGES,
        validate_max=True,
        can_delete=True,
    )
    return formset_class(
        data, files, instance=practice, prefix="images", form_kwargs={"uploader": uploader}
    )


def document_formset(practice, data=None, files=None):
    existing = practice.documents.count() if practice.pk else 0
    formset_class = inlineformset_factory(
        Practice,
        PracticeDocument,
        form=DocumentForm,
        extra=max(0, min(2, MAX_DOCUMENTS - existing)),
        max_num=MAX_DOCUMENTS,
        absolute_max=MAX_DOCUMENTS,
        validate_max=True,
        can_delete=True,
    )
    return formset_class(data, files, instance=practice, prefix="documents")


def add_project_chooser(form, name="project"):
    """Offer the published projects (and the one already linked) in `form`'s project field."""
    field = form.fields[name]
    field.queryset = Project.objects.choosable(getattr(form.instance, f"{name}_id", None))
    field.empty_label = _("None")
    field.required = False
    field.help_text = _(
        "The funded project it comes from. Missing? Submit the project first; "
        "it appears here once published."
    )


class ProjectForm(PortalFormMixin, forms.ModelForm):
    """A member's project record. Every field is optional in a draft; the required ones
    are checked by Project.validate_for_state() on "Submit for review"."""

    SECTIONS = (
        (
            "about",
            _("About the project"),
            ("title", "acronym", "summary", "website", "countries", "areas"),
        ),
        ("funding", _("Funding"), ("programme", "reference", "start_year", "end_year")),
        (
            "organisations",
            _("Coordinator and partners"),
            ("coordinator", "coordinator_name", "partners", "other_partners"),
        ),
        ("results", _("Results"), ("results",)),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "acronym",
            "summary",
            "website",
            "countries",
            "areas",
            "programme",
            "reference",
            "start_year",
            "end_year",
            "coordinator",
            "coordinator_name",
            "partners",
            "other_partners",
            "results",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 8}),
            "other_partners": forms.Textarea(attrs={"rows": 4}),
            "countries": CountryChooser,
            "areas": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from spring_portal.models import FundingProgramme, IntegrationArea

        programmes = FundingProgramme.objects.active()
        if self.instance.programme_id:
            programmes = programmes | FundingProgramme.objects.filter(pk=self.instance.programme_id)
        self.fields["programme"].queryset = programmes.distinct()
        self.fields["areas"].queryset = IntegrationArea.objects.active()
        organisations = Organisation.objects.approved().order_by("name")
        self.fields["coordinator"].queryset = organisations
        self.fields["coordinator"].empty_label = _("Not on the portal – give its name below")
        self.fields["partners"].queryset = organisations
        self.fields["partners"].help_text = _(
            "Partners on the portal (hold Ctrl or Cmd to choose several)."
        )
        self.fields["countries"].help_text = _("Tick every country where the project works.")
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs.update({"min": 1990, "max": 2100})
        for field in self.fields.values():
            field.required = False
        for name in PROJECT_REQUIRED_FOR_REVIEW:
            field = self.fields[name]
            field.required_for_review = True
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["required"] = True

    def clean(self):
        cleaned = super().clean()
        for name in ("start_year", "end_year"):
            year = cleaned.get(name)
            if year is not None and not 1990 <= year <= 2100:
                self.add_error(name, _("Enter a year between 1990 and 2100."))
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year is before the start year."))
        return cleaned

    def sections(self):
        """[(id, heading, [bound fields])] for the template."""
        return [
            (sid, heading, [self[name] for name in names]) for sid, heading, names in self.SECTIONS
        ]


# --- transfers, messages to owners, collections ----------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TransferForm(PortalFormMixin, forms.ModelForm):
    """“We are adapting this practice”: where, how far, what changed, and later the results."""

    class Meta:
        model = Transfer
        fields = [
            "organisation",
            "country",
            "region",
            "city",
            "status",
            "start_date",
            "end_date",
            "adaptations",
            "results",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "adaptations": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.approved().filter(
            memberships__user=user, memberships__state=MembershipState.ACTIVE
        )
        if self.instance.organisation_id:
            orgs = orgs | Organisation.objects.filter(pk=self.instance.organisation_id)
        self.fields["organisation"].queryset = orgs.distinct().order_by("name")
        self.fields["organisation"].empty_label = _("None – I adapt it as an individual")
        self.fields["region"].widget.attrs.update({"size": 6, "autocapitalize": "characters"})
        self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0]]

    def clean_region(self):
        return (self.cleaned_data.get("region") or "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        country, region = cleaned.get("country"), cleaned.get("region")
        # NUTS codes start with the country's code (Greece is EL in NUTS).
        prefix = {"GR": "EL"}.get(str(country), str(country))
        if country and region and not region.startswith(prefix) and "region" not in self.errors:
            self.add_error(
                "region",
                _("A NUTS 2 code in this country starts with “%(prefix)s”.") % {"prefix": prefix},
            )
        return cleaned


class ContactMessageForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["body", "share_email"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        labels = {"body": _("Your message")}


class ReplyForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["body", "share_email"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "body": _("Your answer"),
            "share_email": _("They may answer me by email"),
        }


class CollectionForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["name", "description", "visibility"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }


class SaveToCollectionForm(CleanTextMixin, forms.Form):
    """Bookmark a practice: into one of the member's collections, or a new one."""

    collection = forms.ModelChoiceField(
        label=_("Collection"), queryset=Collection.objects.none(), required=False
    )
    new_name = forms.CharField(
        label=_("Or a new collection named"),
        max_length=120,
        required=False,
        validators=[validate_single_line],
        help_text=_("For example “Practices for our 2027 AMIF application”."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = Collection.objects.filter(owner=user)
        self.fields["collection"].empty_label = _("Choose a collection")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("collection") and not cleaned.get("new_name") and not self.errors:
            raise forms.ValidationError(
                _("Choose one of your collections or give a name for a new one.")
            )
        return cleaned
