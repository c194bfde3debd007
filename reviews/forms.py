from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from practices.enums import Score
from practices.models import CRITERIA, Assessment
from reviews.models import CRITERION_NAMES
from spring_portal.text import SHORT_TEXT_MAX_LENGTH


class ScoreForm(forms.Form):
    """A score and a written justification for every assessment criterion."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA:
            self.fields[f"{name}_score"] = forms.TypedChoiceField(
                label=label,
                choices=Score.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score for this criterion.")},
            )
            self.fields[f"{name}_justification"] = forms.CharField(
                label=_("Justification for “%(criterion)s”") % {"criterion": label},
                max_length=SHORT_TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Justify your score in a few sentences.")},
            )

    def criteria(self):
        """(name, label, score field, justification field) per criterion, for the template."""
        return [
            (name, label, self[f"{name}_score"], self[f"{name}_justification"])
            for name, label in CRITERIA
        ]

    def scores(self):
        return {
            name: (self.cleaned_data[f"{name}_score"], self.cleaned_data[f"{name}_justification"])
            for name, _label in CRITERIA
        }


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("What is the conflict?"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the moderators read this."),
        error_messages={"required": _("Say briefly what the conflict is.")},
    )


class ReviewerPreferencesForm(forms.Form):
    show_name = forms.BooleanField(
        label=_("Show my name on the assessments I take part in"),
        required=False,
        help_text=_("Reviewers stay anonymous unless they choose this."),
    )


class ConsensusForm(forms.Form):
    rationale = forms.CharField(
        label=_("Public rationale"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences shown on the practice page: how the panel reached it."),
    )
    publish = forms.BooleanField(
        label=_("Publish the practice now"),
        required=False,
        help_text=_("Only for a practice waiting for a decision."),
    )

    def __init__(self, *args, with_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_publish:
            del self.fields["publish"]
        for name in CRITERION_NAMES:
            label = Assessment._meta.get_field(name).verbose_name
            self.fields[f"{name}_score"] = forms.TypedChoiceField(
                label=capfirst(label), choices=Score.choices, coerce=int
            )
            self.fields[f"{name}_comment"] = forms.CharField(
                label=_("Public comment on %(criterion)s") % {"criterion": label},
                max_length=SHORT_TEXT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields(
            [f for name in CRITERION_NAMES for f in (f"{name}_score", f"{name}_comment")]
        )

    @staticmethod
    def initial_from(rows):
        return {
            f"{row['criterion']}_score": row["median"] for row in rows if row["median"] is not None
        }

    def scores(self):
        return {
            name: (self.cleaned_data[f"{name}_score"], self.cleaned_data[f"{name}_comment"])
            for name in CRITERION_NAMES
        }
