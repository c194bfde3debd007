from django.db import models
from django.utils.translation import gettext_lazy as _


class GeographicScope(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    TRANSNATIONAL = "transnational", _("Transnational")


class BudgetRange(models.TextChoices):
    UNDER_10K = "under_10k", _("Under €10,000")
    FROM_10K = "10k_50k", _("€10,000 – €50,000")
    FROM_50K = "50k_200k", _("€50,000 – €200,000")
    FROM_200K = "200k_1m", _("€200,000 – €1 million")
    OVER_1M = "over_1m", _("Over €1 million")
    UNKNOWN = "unknown", _("Not disclosed")


class EvaluationType(models.TextChoices):
    NONE = "none", _("No evaluation")
    INTERNAL = "internal", _("Internal evaluation")
    EXTERNAL = "external", _("External evaluation")


class EvidenceLevel(models.TextChoices):
    PROMISING = "promising", _("Promising practice")
    GOOD = "good", _("Good practice")
    BEST = "best", _("Best practice")


class RunningStatus(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    ENDED = "ended", _("Ended")


class Score(models.IntegerChoices):
    NOT_MET = 0, _("0 – not met")
    PARTLY = 1, _("1 – partly met")
    MET = 2, _("2 – met")
    EXCELLENT = 3, _("3 – excellent")


class SortOrder(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    NEWEST = "newest", _("Newest first")
    TITLE = "title", _("Title A–Z")


class TransferStatus(models.TextChoices):
    """How far an organisation has come in adapting a practice to its own context."""

    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")


class CollectionVisibility(models.TextChoices):
    PRIVATE = "private", _("Private (only you)")
    SHARED = "shared", _("Shared: anyone with the link can read it")
