"""The Redoc page: Redoc's bundled styled-components inject ``<style>`` elements, allowed on this
page only through a per-request CSP nonce (no ``unsafe-inline``); scripts stay ``'self'``."""

from __future__ import annotations

from django.conf import settings
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

# Two <style> elements the bundle's style loader adds before Redoc.init can hand it the nonce:
# an empty one and one fixed rule set of the vendored version (a sidecar upgrade that changes
# it fails test_browser_docs.py, which sees the refusal in the console).
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]
REDOC_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.NONCE, *REDOC_STYLE_HASHES],
    # Redoc's search index runs in a worker the page's own script makes from a blob.
    "worker-src": [CSP.SELF, "blob:"],
}


@csp_override(REDOC_CSP)
@require_GET
def redoc(request):
    """Redoc, served from the vendored bundle; the nonce goes to Redoc's ``nonce`` option."""
    return render(request, "api/redoc.html", {"style_nonce": str(get_nonce(request))})
