from renaksi.plans.view_helpers import can_import


def navigation(request):
    """``can_import`` for the navigation on every page, asked only when a template reads it.

    A view that already computed it puts its own value in the context, which wins.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_import": False}
    cache = {}

    def lazily():
        if "value" not in cache:
            cache["value"] = can_import(user)
        return cache["value"]

    return {"can_import": lazily}
