"""HTML templates to PDF with WeasyPrint, one document at a time per process.

A WeasyPrint render holds the whole laid-out document in memory and is pure Python, so two
renders in the threads of one process (the huey worker runs two) take as long together as one
after the other, under the GIL, but hold twice the memory. ``render_pdf`` therefore renders one
document at a time per process (``ONE_DOCUMENT_AT_A_TIME``, shared with ``typst_writer``) and
afterwards collects the render's reference cycles and hands the freed memory back to the
system (glibc's ``malloc_trim``: each thread allocates from its own malloc arena, so without
it the next document, made by the other thread, would grow the process again). The worker's
peak is then that of its largest document, not the sum of two.

What a render costs, and what this module takes off it (issue 19, profiled on the 52-page
monitoring report of the bench):

- **Pseudo-elements nobody prints.** WeasyPrint's user-agent stylesheet gives *every* element
  ``::marker``, ``::footnote-call``, ``::footnote-marker``, ``::note-call``, ``::note-marker``
  and ``::note-callback`` rules, so it computes and keeps six style dictionaries per element
  besides the element's own: about a third of the memory of a render and a tenth of its time.
  Our documents have no footnotes or notes, and markers only exist on list items, so
  ``PrintHTML`` uses the same stylesheet with those rules scoped to ``li`` and ``summary``
  (markers) or dropped (footnotes, notes). The PDFs are byte for byte the same.
- **The garbage collector.** A render allocates a few million objects; each full collection
  the interpreter starts on its own walks them all, again and again, and the collection after
  the render walked the whole process besides (Django, the templates). The render therefore
  runs with automatic collection off, and the one collection afterwards sees only what was
  allocated since the render began (``gc.freeze`` sets the rest aside meanwhile).
- **The same line broken again.** Every text box is broken into lines by
  ``weasyprint.text.line_break.split_first_line``, which builds a Pango context and layout,
  shapes the text and measures it. The monitoring report repeats the same few texts in column
  after column ("Belum diisi", "Selesai", the month names, an indicator's name on each of its
  twelve rows: 9,781 cells, 1,217 different texts), so during a render ``html_to_pdf`` keeps
  each answer, keyed on the text, the width, and every computed property the line breaking
  reads (``LINE_PROPERTIES``), and hands each text box its own copy of the (deactivated)
  layout, as before. The real line breaking then runs 1,729 times instead of 9,860 for the
  52-page report: 8 % of its CPU time, 4 % of the lampiran's. The PDFs are byte for byte the
  same. Outside ``html_to_pdf`` (and in the tests' stock renders) WeasyPrint
  breaks lines as it always does.
- **Loading.** The trimmed stylesheet is parsed once per process and one ``FontConfiguration``
  serves every render (the documents declare no ``@font-face``, so it never grows).
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import ctypes.util
import functools
import gc
import operator
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

ONE_DOCUMENT_AT_A_TIME = threading.Lock()

# Rules of WeasyPrint's html5_ua.css that create a pseudo-element for every element.
_MARKER_RULE = "::marker"
_DROPPED_RULES = ("::footnote-call", "::footnote-marker", "::note-call", "::note-marker")
_DROPPED_RULES += ("::note-callback",)

# Every computed property that WeasyPrint 70's line breaking reads, in
# weasyprint/text/line_break.py and weasyprint/text/fonts.py (a test reads those files and fails
# when one is missing): two text boxes that agree on these, on the text and on the width get the
# same lines.
LINE_PROPERTIES = (
    "direction",
    "font_family",
    "font_feature_settings",
    "font_kerning",
    "font_language_override",
    "font_size",
    "font_stretch",
    "font_style",
    "font_variant_alternates",
    "font_variant_caps",
    "font_variant_east_asian",
    "font_variant_ligatures",
    "font_variant_numeric",
    "font_variant_position",
    "font_variation_settings",
    "font_weight",
    "hyphenate_character",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphens",
    "lang",
    "letter_spacing",
    "line_height",
    "overflow_wrap",
    "tab_size",
    "text_decoration_line",
    "white_space",
    "word_break",
    "word_spacing",
)

# The line breaks of the render running in this thread (None: WeasyPrint's own behaviour).
_LINES: contextvars.ContextVar[dict | None] = contextvars.ContextVar("pdf_lines", default=None)


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML string, laid out as ``render_pdf`` does."""
    with ONE_DOCUMENT_AT_A_TIME:
        gc.freeze()
        automatic = gc.isenabled()
        gc.disable()
        try:
            with shared_line_breaks():
                return print_html(html).write_pdf(font_config=font_config())
        finally:
            if automatic:
                gc.enable()
            _release_memory()
            gc.unfreeze()


def print_html(html: str) -> Any:
    """A WeasyPrint ``HTML`` of the string with the print user-agent stylesheet."""
    return _print_html_class()(string=html, base_url=str(settings.BASE_DIR))


@contextlib.contextmanager
def shared_line_breaks() -> Iterator[dict]:
    """Within the block, a text already broken at the same width in the same style is not
    broken again: its first line is taken from this render's table of line breaks."""
    _install_line_breaks()
    token = _LINES.set({})
    try:
        yield _LINES.get()
    finally:
        _LINES.reset(token)


@functools.cache
def _install_line_breaks() -> None:
    from weasyprint.layout import inline

    inline.split_first_line = _remembering(inline.split_first_line)


_line_style = operator.itemgetter(*LINE_PROPERTIES)


def _remembering(split_first_line):
    """WeasyPrint's ``split_first_line`` (as the inline layout calls it), answering from the
    current render's table when one is open."""

    def remembered(text, style, context, max_width, justification_spacing, *args, **kwargs):
        lines = _LINES.get()
        if lines is None:
            return split_first_line(
                text, style, context, max_width, justification_spacing, *args, **kwargs
            )
        key = (
            text,
            max_width,
            justification_spacing,
            args,
            tuple(kwargs.items()),
            id(style.font_config),
            _line_style(style),
        )
        try:
            found = lines.get(key)
        except TypeError:  # a value that cannot be a key: break the line as WeasyPrint does
            return split_first_line(
                text, style, context, max_width, justification_spacing, *args, **kwargs
            )
        if found is None:
            found = lines[key] = split_first_line(
                text, style, context, max_width, justification_spacing, *args, **kwargs
            )
        layout, *metrics = found
        # Each text box gets a layout of its own, as before: drawing re-creates its Pango
        # objects and may change its text (ellipsis); the kept one is never handed out.
        copy = object.__new__(type(layout))
        copy.__dict__.update(layout.__dict__)
        return (copy, *metrics)

    remembered.wrapped = split_first_line
    return remembered


@functools.cache
def _print_html_class() -> type:
    # Imported here: WeasyPrint takes about half a second to load, which every web process and
    # management command would otherwise pay at start even when it never makes a PDF.
    from weasyprint import HTML

    class PrintHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [print_ua_stylesheet()]

    return PrintHTML


def print_ua_css() -> str:
    """WeasyPrint's HTML user-agent stylesheet without the pseudo-elements on every element."""
    from importlib.resources import files

    from weasyprint import css

    lines = []
    for line in (files(css) / "html5_ua.css").read_text("utf-8").splitlines():
        if line.startswith(_DROPPED_RULES):
            continue
        if line.startswith(_MARKER_RULE):
            line = "li::marker, summary::marker" + line.removeprefix(_MARKER_RULE)
        lines.append(line)
    return "\n".join(lines)


@functools.cache
def print_ua_stylesheet() -> Any:
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle

    # The stylesheet's @counter-style rules were read into WeasyPrint's own UA_COUNTER_STYLE
    # when it loaded (every document starts from a copy of it); reading them again into that
    # object would redefine built-in names, so they go into a throwaway one.
    return CSS(string=print_ua_css(), counter_style=CounterStyle())


@functools.cache
def font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


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
