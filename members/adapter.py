"""django-allauth adapter: where members land after signing up or logging in."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from spring_portal.client_ip import client_ip
from spring_portal.links import absolute_url, on_site

LANDING_SESSION_KEY = "members_landing_url"
# Links allauth puts in its emails; it builds them from the request's Host header.
EMAIL_URL_KEYS = ("activate_url", "password_reset_url", "signup_url")


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

    # Links in emails come from SITE_URL, never from the Host header of the request
    # that triggered the email (a forged Host would send the reset key elsewhere).

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix, email, context):
        context = {
            **context,
            **{key: on_site(context[key]) for key in EMAIL_URL_KEYS if context.get(key)},
        }
        super().send_mail(template_prefix, email, context)
