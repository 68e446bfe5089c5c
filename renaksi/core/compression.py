"""Response compression: brotli when the client accepts it, otherwise Django's gzip.

Django's ``GZipMiddleware`` does the gzip part (with its random-length header against BREACH-style
length probing, README "Performance, second round"). Brotli comes from the ``brotli`` package,
already in the lock file (WeasyPrint's font tools need it); without it this is plain gzip.
Streaming responses (file downloads, exports) stay on gzip: brotli is used for whole bodies only.
"""

from __future__ import annotations

import re

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

try:  # pragma: no cover - the lock file installs it
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

_accepts_br = re.compile(r"\bbr\b")
# Text bodies only: images, PDFs, XLSX and archives are compressed already.
_COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
# Quality 5 compresses a plan page about as fast as gzip level 6 and 15-20 % smaller.
BROTLI_QUALITY = 5


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            brotli is None
            or response.streaming
            or len(response.content) < 200
            or response.has_header("Content-Encoding")
            or not response.get("Content-Type", "").startswith(_COMPRESSIBLE)
            or not _accepts_br.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        ):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli.compress(response.content, quality=BROTLI_QUALITY)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response
