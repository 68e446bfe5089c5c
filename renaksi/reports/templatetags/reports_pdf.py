"""Template filters for the PDF documents."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_PLACEHOLDER = {"number": "page", "total": "pages"}
_PLACEHOLDER_RE = re.compile(r"%\((number|total)\)s")


def _css_string(text: str) -> str:
    """A CSS string literal; anything that could end the string or the <style> is escaped."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-–()/" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


@register.filter
def page_counter_content(label: str) -> str:
    """The pagination label as a CSS ``content`` value with page counters.

    ``"Halaman %(number)s dari %(total)s"`` → ``"Halaman " counter(page) " dari " counter(pages)``.
    The words come translated from the template; the numbers become CSS page counters, in the
    order the translation puts them.
    """
    label = str(label)
    parts = []
    position = 0
    for match in _PLACEHOLDER_RE.finditer(str(label)):
        if match.start() > position:
            parts.append(_css_string(label[position : match.start()]))
        parts.append(f"counter({_PLACEHOLDER[match[1]]})")
        position = match.end()
    if position < len(label):
        parts.append(_css_string(label[position:]))
    return mark_safe(" ".join(parts) or '""')  # noqa: S308 (every literal part is CSS-escaped)
