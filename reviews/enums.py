from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("To score")
    SUBMITTED = "submitted", _("Scores submitted")
    DECLINED_CONFLICT = "declined_conflict", _("Stepped back (conflict of interest)")


class PanelState(models.TextChoices):
    OPEN = "open", _("Open")
    CONCLUDED = "concluded", _("Consensus recorded")


class ConflictReason(models.TextChoices):
    SAME_SUBMITTER = "same_submitter", _("The reviewer submitted the practice")
    SAME_ORGANISATION = (
        "same_organisation",
        _("The reviewer belongs to the practice’s organisation"),
    )
    PAST_COLLABORATION = "past_collaboration", _("The reviewer has worked with the submitter")
    DECLARED = "declared", _("Declared by the reviewer")
