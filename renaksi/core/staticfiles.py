"""Static files with the content's hash in their names, cached by browsers for a year and more.

Production runs ``collectstatic`` (README "Production"): ``ManifestStaticFilesStorage`` writes
``app.3f2a9c1b7d4e.css`` beside ``app.css`` and WhiteNoise serves the hashed names with
``Cache-Control: max-age=315360000, public, immutable``. The embedded install runs no
``collectstatic`` (``WHITENOISE_USE_FINDERS``): without a manifest the plain names are used, with
WhiteNoise's short ``max-age``, exactly as before. Vendored libraries carry their version in the
folder (``vendor/htmx-2.0.11/``) and are cached for good too (``WHITENOISE_IMMUTABLE_FILE_TEST``).
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class VersionedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name):
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:
            # A file added after the last collectstatic: served unversioned rather than a 500.
            return name
