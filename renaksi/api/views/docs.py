"""The Redoc page. Redoc's bundle adds two ``<style>`` elements of its own: an empty one that its
styled-components then fill through the CSSOM (which the CSP does not govern), and one fixed rule
set. This page alone allows exactly those two by their hashes, never ``unsafe-inline``; scripts
stay ``'self'``."""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView

# A sidecar upgrade that changes the fixed rule set fails test_browser_redoc.py, which sees the
# refusal (with the new hash) in the console.
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty <style>
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]
REDOC_CSP: dict[str, Collection[str] | str] = {
    **cast(dict[str, Collection[str] | str], settings.SECURE_CSP),
    "style-src": [CSP.SELF, *REDOC_STYLE_HASHES],
    # Redoc's search index runs in a worker the page's own script makes from a blob.
    "worker-src": [CSP.SELF, "blob:"],
}

redoc = csp_override(REDOC_CSP)(TemplateView.as_view(template_name="api/redoc.html"))
