"""django-allauth adapter: where members land after signing up or logging in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from spring_portal.client_ip import client_ip

LANDING_SESSION_KEY = "members_landing_url"


def landing_url(request, default):
    """An accepted invitation lands in its organisation; a new member completes the
    profile first; everyone else goes to `default`."""
    landing = request.session.pop(LANDING_SESSION_KEY, None)
    if landing:
        return landing
    if request.user.is_authenticated and request.user.profile_completed_at is None:
        return reverse("members:profile_edit")
    return default


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return landing_url(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        # Decided when the member arrives (after verifying the email), not at sign-up time.
        return reverse("members:welcome")

    def get_client_ip(self, request):
        # allauth's own X-Forwarded-For reading raises on a short header; one rule
        # for the whole portal (spring_portal.client_ip) keys every rate limit.
        return client_ip(request)
