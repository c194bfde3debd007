from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallQuerySet(models.QuerySet):
    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_published=True, opens_on__lte=today, closes_on__gte=today)

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_published=True, closes_on__lt=today)

    def visible(self):
        return self.filter(is_published=True)


class Call(models.Model):
    """A call for submissions ("submit your best practice until ...")."""

    class Accepts(models.TextChoices):
        PRACTICES = "practices", _("Best practices and projects")
        EVENTS = "events", _("Events")
        DOCUMENTS = "documents", _("Documents")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    text = models.TextField(_("text"), help_text=_("Markdown."))
    accepts = models.CharField(
        _("what may be submitted"),
        max_length=20,
        choices=Accepts.choices,
        default=Accepts.PRACTICES,
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for submissions")
        verbose_name_plural = _("calls for submissions")
        ordering = ["-closes_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hub:call_detail", kwargs={"slug": self.slug})

    @property
    def is_open(self):
        today = timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    @property
    def days_left(self):
        return max((self.closes_on - timezone.localdate()).days, 0)
