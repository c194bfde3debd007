"""The open licence of the portal's published content (issue 19).

Everything published on the portal (practices, events, documents' descriptions,
news, calls, organisation pages) is reusable under Creative Commons Attribution
4.0 International: the API, the bulk downloads, the exports and the footer state
it, and authors accept it when they submit (members.User.content_licence_*).
Uploaded files (PDF reports, images) keep their own authors' terms.
"""

from django.utils.translation import gettext_lazy as _

LICENCE_ID = "CC-BY-4.0"
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# The licence's name for readers, in their language (its official translations:
# "Namensnennung 4.0 International" in German). Machine-readable statements keep
# LICENCE_NAME.
LICENCE_LABEL = _("Creative Commons Attribution 4.0 International (CC BY 4.0)")
# Bumped when the terms authors accept change; recorded with each acceptance.
LICENCE_VERSION = "CC-BY-4.0"
ATTRIBUTION = "SPRING community portal and the record's authors"


def licence_data() -> dict:
    """The licence as the API and the JSON downloads state it."""
    return {"id": LICENCE_ID, "name": LICENCE_NAME, "url": LICENCE_URL, "attribution": ATTRIBUTION}


def licence_link_header() -> str:
    """An RFC 8288 link to the licence (rel="license", RFC 4946)."""
    return f'<{LICENCE_URL}>; rel="license"'
