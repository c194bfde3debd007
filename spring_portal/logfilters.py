"""Logging filters named in settings.LOGGING (imported while settings load: no models)."""

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedWithoutTraceback(logging.Filter):
    """Keep the one-line "Forbidden (Permission denied)" record, drop its traceback.

    Django logs every PermissionDenied with the exception attached; refusing a
    request is ordinary, and a traceback per refusal buries the real errors.
    """

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
