"""Refuse passwords that appear in breach lists, offline.

Django's CommonPasswordValidator list (20,000 passwords from Royce Williams' breach-derived list,
shipped inside Django) plus ``data/common-passwords-id.txt``: passwords typical of Indonesian
government offices (names of institutions, regions, years), compiled for this project. Both are
compared in lower case; nothing is sent anywhere.
"""

import gzip
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LOCAL_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-id.txt"


@lru_cache(maxsize=1)
def _passwords() -> frozenset[str]:
    with gzip.open(
        CommonPasswordValidator().DEFAULT_PASSWORD_LIST_PATH, "rt", encoding="utf-8"
    ) as f:
        words = {line.strip() for line in f}
    for line in LOCAL_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(line.strip().lower())
    return frozenset(words)


class BreachedPasswordValidator:
    def validate(self, password, user=None):
        if password.lower().strip() in _passwords():
            raise ValidationError(
                _(
                    "Kata sandi ini ada dalam daftar kata sandi yang pernah bocor "
                    "atau terlalu umum."
                ),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Kata sandi tidak boleh termasuk daftar kata sandi yang pernah bocor.")
