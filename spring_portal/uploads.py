"""Where uploaded files are stored and how they are served back.

Stored names are generated (a random hex name under the field's folder), so a
member's file name never reaches the disk or a URL. Files are served with a
content type chosen from a short list by extension, `nosniff`, a sandboxing CSP
and a Content-Disposition: nothing under MEDIA_ROOT is ever answered as HTML.

PDFs are accepted by content (PdfCheck), never by their declared name or type.
"""

import re
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Served inline; everything else is a download of application/octet-stream.
INLINE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
DOWNLOAD_TYPES = {".pdf": "application/pdf"}
# Folders whose files are public by nature; practice files and hub documents have
# their own views that check who may see them.
PUBLIC_FOLDERS = ("members/photos/", "organisations/logos/", "news/", "events/materials/")


@deconstructible
class GeneratedName:
    """upload_to that stores `folder/<random>.<ext>`; `extension` forces the suffix."""

    def __init__(self, folder, extension=None):
        self.folder = folder.strip("/")
        self.extension = extension

    def __call__(self, instance, filename):
        extension = self.extension or PurePosixPath(filename).suffix.lower()
        if not extension[1:].isalnum() or len(extension) > 6:
            extension = ""
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and (self.folder, self.extension) == (
            other.folder,
            other.extension,
        )


def serving_headers(name):
    """(content type, Content-Disposition) for serving the stored file `name`."""
    suffix = PurePosixPath(name).suffix.lower()
    filename = PurePosixPath(name).name
    if suffix in INLINE_TYPES:
        return INLINE_TYPES[suffix], f'inline; filename="{filename}"'
    content_type = DOWNLOAD_TYPES.get(suffix, "application/octet-stream")
    return content_type, f'attachment; filename="{filename}"'


# Markup a browser would run if it ever sniffed the file as HTML or SVG.
_MARKUP = (b"<script", b"<html", b"<svg", b"<iframe", b"<?php", b"<!doctype html", b"javascript:")


def refuse_markup(upload, error):
    """Raise `error` when the upload's bytes carry HTML or script (a polyglot file)."""
    upload.seek(0)
    data = upload.read().lower()
    upload.seek(0)
    if any(marker in data for marker in _MARKUP):
        raise error


def delete_files_on_commit(storage, names):
    """Remove stored files once the transaction that dropped them commits (a rollback
    keeps them, so no row ever points at a missing file)."""
    names = sorted({name for name in names if name})
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


class DeletesReplacedFiles:
    """Model mixin: a file replaced or cleared in FILE_FIELDS is deleted from storage.

    Only for fields whose files belong to one row (profile photos, logos); the
    name loaded from the database is remembered, so no extra query is needed.
    """

    FILE_FIELDS: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_files = {
            name: getattr(instance, name).name or ""
            for name in cls.FILE_FIELDS
            if name in instance.__dict__
        }
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        stored = getattr(self, "_stored_files", {})
        for name in self.FILE_FIELDS:
            if update_fields is not None and name not in update_fields:
                continue
            if name not in self.__dict__:
                continue
            file = getattr(self, name)
            current = file.name or ""
            if stored.get(name) and stored[name] != current:
                delete_files_on_commit(file.storage, [stored[name]])
            stored[name] = current
        self._stored_files = stored


def delete_row_files(sender, instance, **kwargs):
    """post_delete receiver for DeletesReplacedFiles models: the row's files go too."""
    for name in sender.FILE_FIELDS:
        file = getattr(instance, name, None)
        if file:
            delete_files_on_commit(file.storage, [file.name])


MB = 1024 * 1024
_PDF_XREF = re.compile(rb"startxref\s+\d+\s*%%EOF", re.DOTALL)


@deconstructible
class PdfCheck:
    """Validator: a plausible PDF of at most `max_bytes`, else ValidationError.

    Accepted only when the bytes start with the %PDF- signature, end with the
    structure every PDF ends with (a cross-reference offset and %%EOF) and carry no
    HTML or script; the declared name and content type are ignored.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes

    def __call__(self, upload):
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_bytes)},
                code="too_large",
            )
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(max(upload.size - 2048, 0))
        tail = upload.read()
        upload.seek(0)
        refuse_markup(
            upload,
            ValidationError(
                _("This file contains web page code and cannot be accepted as a PDF."),
                code="polyglot",
            ),
        )
        if not head.startswith(b"%PDF-") or not _PDF_XREF.search(tail):
            raise ValidationError(
                _("This file is not a PDF document. Please upload a PDF."), code="not_a_pdf"
            )
        return upload

    def __eq__(self, other):
        return isinstance(other, PdfCheck) and self.max_bytes == other.max_bytes
