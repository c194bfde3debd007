from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DocumentType(models.TextChoices):
    REPORT = "report", _("Report")
    TOOLKIT = "toolkit", _("Toolkit")
    STUDY = "study", _("Study")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    GUIDELINES = "guidelines", _("Guidelines")


class Language(models.TextChoices):
    """Languages a news post or document may be written in."""

    BG = "bg", _("Bulgarian")
    CS = "cs", _("Czech")
    DA = "da", _("Danish")
    DE = "de", _("German")
    EL = "el", _("Greek")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    ET = "et", _("Estonian")
    FI = "fi", _("Finnish")
    FR = "fr", _("French")
    GA = "ga", _("Irish")
    HR = "hr", _("Croatian")
    HU = "hu", _("Hungarian")
    IT = "it", _("Italian")
    LT = "lt", _("Lithuanian")
    LV = "lv", _("Latvian")
    MT = "mt", _("Maltese")
    NL = "nl", _("Dutch")
    PL = "pl", _("Polish")
    PT = "pt", _("Portuguese")
    RO = "ro", _("Romanian")
    SK = "sk", _("Slovak")
    SL = "sl", _("Slovenian")
    SV = "sv", _("Swedish")
    AR = "ar", _("Arabic")
    FA = "fa", _("Persian")
    RU = "ru", _("Russian")
    TR = "tr", _("Turkish")
    UK = "uk", _("Ukrainian")


class FollowKind(models.TextChoices):
    AREA = "area", _("Integration area")
    COUNTRY = "country", _("Country")
    TARGET_GROUP = "target_group", _("Target group")
    ORGANISATION = "organisation", _("Organisation")
