"""An author's own moves (send to moderators, withdraw, reopen): one way for every kind.

Practices, events and documents all offer them from their authors' pages; each app
only says how to fetch the record (its access helper) and where to go afterwards.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from spring_portal.moderation import ModerationState, allowed_moves, transition

S = ModerationState
AUTHOR_MOVES = {"submit": S.SUBMITTED, "withdraw": S.WITHDRAWN, "reopen": S.DRAFT}
DONE = {
    "submit": _("“%(title)s” is sent to the moderators."),
    "withdraw": _("“%(title)s” is withdrawn."),
    "reopen": _("“%(title)s” is back in your drafts, to edit and send again."),
}


def author_move(request, record, move: str) -> bool:
    """Make the author's move through transition(); say how it went. True when made."""
    to_state = AUTHOR_MOVES.get(move)
    if to_state is None or to_state not in allowed_moves(record, request.user):
        messages.error(request, _("This change is not possible now."))
        return False
    try:
        transition(record, to_state, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, DONE[move] % {"title": record})
    return True


def author_move_view(
    fetch: Callable, then: Callable[[object, str, bool], str], *, move: str | None = None
):
    """A POST-only view for an author's move.

    `fetch(request, **url_kwargs)` returns the record or raises 404 (the app's access
    helper); `then(record, move, done)` gives the URL to go to. Without `move`, the
    form names it in its "move" field.
    """

    @login_required
    @require_POST
    def view(request, **kwargs):
        record = fetch(request, **kwargs)
        if not record.is_author(request.user):
            raise PermissionDenied
        name = move or request.POST.get("move", "")
        done = author_move(request, record, name)
        return redirect(then(record, name, done))

    return view
