"""HTML templates to PDF with WeasyPrint, one document at a time per process.

A WeasyPrint render holds the whole laid-out document in memory (about 150 MB for a 50-page
monitoring report) and is pure Python, so two renders in the threads of one process (the huey
worker runs two) take as long together as one after the other, under the GIL, but hold twice the
memory. ``render_pdf`` therefore renders one document at a time per process (``_ONE_AT_A_TIME``)
and afterwards collects the render's reference cycles and hands the freed memory back to the
system (glibc's ``malloc_trim``: each thread allocates from its own malloc arena, so without it
the next document, made by the other thread, would grow the process again). The worker's peak
is then that of its largest document, not the sum of two.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import threading

from django.conf import settings
from django.template.loader import render_to_string

_ONE_AT_A_TIME = threading.Lock()


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here: WeasyPrint takes about half a second to load, which every web process and
    # management command would otherwise pay at start even when it never makes a PDF.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    with _ONE_AT_A_TIME:
        try:
            return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        finally:
            _release_memory()


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or ``None`` on another C library."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _release_memory() -> None:
    # The boxes and styles of a render are reference cycles: free them now, not at some later
    # collection in the middle of the next document, then return the free pages to the system.
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
