from renaksi.plans.view_helpers import can_import

# Whether the person may import plans, kept in the session at sign-in (``remember_can_import``),
# so the navigation's *Impor rencana* link costs no query on the pages that do not compute it.
SESSION_KEY = "nav_can_import"


def remember_can_import(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: one query at sign-in instead of one per page.

    A role given or taken afterwards shows in the link from the next sign-in; the import page
    itself always checks the permission again.
    """
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = bool(can_import(user))


def navigation(request):
    """``can_import`` for the navigation on every page, asked only when a template reads it.

    A view that already computed it puts its own value in the context, which wins.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_import": False}
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        return {"can_import": session[SESSION_KEY]}
    cache = {}

    def lazily():
        if "value" not in cache:
            cache["value"] = can_import(user)
        return cache["value"]

    return {"can_import": lazily}
