"""The API's named routes (for the matrices)."""

from __future__ import annotations


def api_route_names() -> set[str]:
    """Every named route of the ``api`` namespace."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, ns):
        names = set()
        for p in patterns:
            if isinstance(p, URLResolver):
                names |= walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{ns}{p.name}")
        return names

    return {n for n in walk(get_resolver().url_patterns, "") if n.startswith("api:")}
