"""View decorators shared by the apps."""

from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def verified_member_required(view):
    """Logged in, with at least one verified email address.

    Not allauth's verified_email_required: that one sends a new verification email
    on every visit and renders its own page; ours sends nothing and takes the member
    to their email addresses, where they can ask for the email again.
    """

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
            messages.warning(request, _("Please verify your email address first."))
            return redirect("account_email")
        return view(request, *args, **kwargs)

    return wrapper
