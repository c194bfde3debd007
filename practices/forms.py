from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from hub.models import Call
from members.enums import MembershipState, OrganisationState
from members.models import Organisation
from practices.models import (
    MAX_DOCUMENTS,
    MAX_IMAGES,
    REQUIRED_FOR_REVIEW,
    Practice,
    PracticeDocument,
    PracticeImage,
)
from practices.uploads import check_pdf, process_image
from spring_portal.content_translations import reader_language
from spring_portal.countries import CountryChooser
from spring_portal.forms import CleanTextMixin, PortalFormMixin
from spring_portal.images import ImageUploadField

# The form's sections, in order: (id, heading, fields).
SECTIONS = (
    ("about", _("About the practice"), ("title", "summary", "description", "language", "call")),
    (
        "where",
        _("Where and who"),
        ("countries", "region", "geographic_scope", "areas", "target_groups"),
    ),
    (
        "organisation",
        _("Organisation and funding"),
        ("organisation", "partners", "funding_programmes", "budget_range"),
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


class PracticeForm(PortalFormMixin, forms.ModelForm):
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
        self.fields["countries"].help_text = _("Tick every country where the practice takes place.")
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
