"""Helpers of every register write: permission, numbering, tracking codes, history."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

from renaksi.audit.services import audit_record
from renaksi.core.actors import require_perm, user_or_none  # noqa: F401 (re-exported)
from renaksi.organisations.models import Unit
from renaksi.registers.models import RegisterEvent

# No 0/O, 1/I: read aloud over the phone or copied from paper without mistakes.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 60 bits: the code alone opens the status page


class RegisterError(ValidationError):
    """A refused register write; the message says what and where."""


def today_or(on):
    return on or timezone.localdate()


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def tracking_code_normalise(text: str) -> str:
    """What a person typed → the stored form ("abcd efgh-jkmn" → "ABCD-EFGH-JKMN"), or ""."""
    raw = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text or "")).upper()
    if len(raw) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in raw):
        return ""
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def clean_text(text: str, *, limit: int) -> str:
    """Printable text: no control characters except line breaks, NFC, trimmed, at most ``limit``."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()[:limit]


def clean_line(text: str, *, limit: int) -> str:
    return " ".join(clean_text(text, limit=limit * 2).split())[:limit]


def fingerprint(*parts: str) -> str:
    joined = "\x1f".join(" ".join(str(p).lower().split()) for p in parts)
    return hashlib.sha256(joined.encode()).hexdigest()


def number_next(model, *, unit: Unit, year: int, prefix: str) -> str:
    """The next register number of ``unit`` in ``year``; the unit row is locked first."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    head = f"{prefix}/{unit.code}/{year}/"
    last = (
        model.objects.filter(number__startswith=head)
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    seq = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{head}{seq:04d}"


def record(
    item, *, actor, action: str, status: str, note: str = "", public: bool = True, data=None
):
    """History row of the item and the audit event, in the caller's transaction."""
    field = {
        "complaint": "complaint",
        "inforequest": "info_request",
        "gratification": "gratification",
    }[item._meta.model_name]
    RegisterEvent.objects.create(
        **{field: item},
        action=action,
        status=status,
        note=note,
        public=public,
        actor=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action=f"registers.{item._meta.model_name}.{action}",
        obj=item,
        unit=item.unit,
        summary=f"{item.number}: {action}",
        data=data or {},
    )
