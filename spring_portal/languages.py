"""Languages a record can be written in."""

from django.conf import global_settings
from django.utils.translation import gettext_lazy

# Django names its languages with gettext_noop, so global_settings.LANGUAGES is
# English; the lazy wrapper shows each name from Django's own French and German
# catalogues.
RECORD_LANGUAGES = [(code, gettext_lazy(name)) for code, name in global_settings.LANGUAGES]
