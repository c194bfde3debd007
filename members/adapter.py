"""django-allauth adapter: where members land after logging in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

LANDING_SESSION_KEY = "members_landing_url"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """An accepted invitation lands in its organisation; a new member completes the
        profile first; everyone else goes where allauth would send them."""
        landing = request.session.pop(LANDING_SESSION_KEY, None)
        if landing:
            return landing
        if request.user.profile_completed_at is None:
            return reverse("members:profile_edit")
        return super().get_login_redirect_url(request)
