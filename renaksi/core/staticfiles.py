"""Static files with the content's hash in their names, cached by browsers for a year and more.

Production runs ``collectstatic`` (README "Production"): ``ManifestStaticFilesStorage`` writes
``app.3f2a9c1b7d4e.css`` beside ``app.css`` and WhiteNoise serves the hashed names with
``Cache-Control: max-age=315360000, public, immutable``. The embedded install runs no
``collectstatic`` (``WHITENOISE_USE_FINDERS``): without a manifest the plain names are used, with
WhiteNoise's short ``max-age``, exactly as before. Vendored libraries carry their version in the
folder (``vendor/htmx-2.0.11/``) and are cached for good too (``WHITENOISE_IMMUTABLE_FILE_TEST``).
"""

from __future__ import annotations

import os

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    """Django's patterns minus the ``sourceMappingURL`` rewriting: vendored minified files
    (Bootstrap, Chart.js, DRF's and the API docs' bundles) name ``.map`` files that are not
    shipped, and ``collectstatic`` would stop on the first one. A browser's developer tools
    simply find no map; nothing a user sees depends on it."""
    return tuple(
        (glob, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for glob, rules in patterns
    )


class IncrementalCompressor(Compressor):
    """Keeps the ``.br``/``.gz`` made from this very file at an earlier ``collectstatic``.

    WhiteNoise stamps a compressed copy with its source's modification time, and
    ``collectstatic`` rewrites only the files that changed, so equal times mean the copy is
    current. Brotli over every file (35 MB with the API docs' bundles) took a minute of CPU at
    every production start; now only the first start of a release pays it."""

    def compress(self, path):
        made = [path + suffix for suffix in (".br", ".gz") if os.path.exists(path + suffix)]
        mtime = os.stat(path).st_mtime
        if made and all(os.stat(copy).st_mtime == mtime for copy in made):
            return made
        return super().compress(path)


class VersionedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)

    def create_compressor(self, **kwargs):
        return IncrementalCompressor(**kwargs)

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:
            # A file added after the last collectstatic: served unversioned rather than a 500.
            return name
