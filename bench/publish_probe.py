"""Scale-check step: a moderator publishes a practice through instance A (admin action,
with two-factor sign-in); an anonymous visitor reads it through instance B at once."""

import base64
import hashlib
import hmac
import re
import struct
import time
import uuid

from common import Browser, manage

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

SETUP = """
import datetime
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.models import Authenticator
from members.models import User
from practices.models import Practice
from spring_portal.models import IntegrationArea, TargetGroup
moderator = User.objects.get(email="{moderator}")
if not Authenticator.objects.filter(user=moderator, type="totp").exists():
    TOTP.activate(moderator, "{secret}")
author = User.objects.get(email="{author}")
practice = Practice.objects.create(
    title="{title}", summary="A practice submitted to prove shared caching.",
    description="Mentoring for newly arrived refugees.", countries=["BE"],
    geographic_scope="local", start_date=datetime.date(2025, 1, 1), is_ongoing=True,
    outcomes="Measured outcomes.", evaluation_type="internal", contact_name="Scale check",
    contact_email="{author}", created_by=author, state="submitted",
)
practice.areas.set(IntegrationArea.objects.all()[:1])
practice.target_groups.set(TargetGroup.objects.all()[:1])
practice.save()
print(practice.pk, practice.slug)
"""


def totp(secret: str, at: float | None = None) -> str:
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def publish_probe(a, b, env, moderator, author):
    title = f"Scale check practice {uuid.uuid4().hex[:8]}"
    out = manage(
        env, "shell", "-c",
        SETUP.format(moderator=moderator[0], author=author, secret=TOTP_SECRET, title=title),
        capture_output=True, text=True,
    )  # fmt: skip
    pk, slug = out.stdout.strip().splitlines()[-1].split()

    visitor = Browser()
    _, _, before = visitor.get(f"{b}/practices/")
    status_before, _, _ = visitor.get(f"{b}/practices/{slug}/")

    staff = Browser()
    staff.post_form(
        f"{a}/accounts/login/",
        f"{a}/accounts/login/",
        {"login": moderator[0], "password": moderator[1]},
    )
    staff.post_form(
        f"{a}/accounts/2fa/authenticate/",
        f"{a}/accounts/2fa/authenticate/",
        {"code": totp(TOTP_SECRET)},
    )
    changelist = f"{a}/admin/practices/practice/"
    status, headers, html = staff.post_form(
        changelist,
        changelist,
        {
            "action": "move_to_published",
            "_selected_action": pk,
            "apply": "1",
            "message": "",
            "internal_note": "",
        },
    )
    published = status == 302

    _, _, after = visitor.get(f"{b}/practices/")
    status_after, _, _ = visitor.get(f"{b}/practices/{slug}/")
    ok = (
        published
        and title not in before
        and status_before == 404
        and title in after
        and status_after == 200
    )
    detail = (
        f"admin action on A answered {status}; on B the list "
        f"{'showed' if title in after else 'did not show'} it and the page answered {status_after} "
        f"(before: {status_before})"
    )
    if not published:
        detail += " " + " ".join(re.findall(r'class="errornote">([^<]+)', html))
    return ok, detail
