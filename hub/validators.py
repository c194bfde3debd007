from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from spring_portal.uploads import refuse_markup

MAX_PDF_SIZE = 15 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def validate_pdf(upload):
    """Accept only real PDF files (checked by content, not by name) of at most 15 MB."""
    if upload.size > MAX_PDF_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_PDF_SIZE)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(position)
    if head != PDF_MAGIC:
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    refuse_markup(
        upload,
        ValidationError(
            _("This file contains web page code and cannot be accepted as a PDF."),
            code="polyglot",
        ),
    )
    upload.seek(position)
