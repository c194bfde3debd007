"""Django strings that Django's own German catalogue does not translate yet (new in
Django 6.x): named here so that `make messages` copies them into our catalogues,
which come first (LOCALE_PATHS)."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    # django.db.models.fields.BLANK_CHOICE_LABEL, the empty option of every select.
    gettext_noop("- Select an option -"),
    # A language name of django.conf.global_settings.LANGUAGES (record languages).
    gettext_noop("Haitian Creole"),
)
