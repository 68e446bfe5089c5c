import contextlib
import time

from django.conf import settings
from django.db import connections
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user chose English with the language switch.

    Django's own middleware also follows the browser's Accept-Language, which on most office
    computers says en-US; officers expect Indonesian until they pick otherwise.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ServerTimingMiddleware:
    """Adds ``Server-Timing: app;dur=…, db;dur=…;desc="<queries>"`` to every response.

    Enabled by ``RENAKSI_SERVER_TIMING=1`` (the bench suite reads the header). ``app`` is the time
    spent in Django for the request (every later middleware, the view and its template), ``db``
    the time inside database calls and, in ``desc``, how many queries ran; it works with
    ``DEBUG`` off because it counts through an execute wrapper instead of ``connection.queries``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        stats = {"queries": 0, "db": 0.0}

        def count(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                stats["queries"] += 1
                stats["db"] += time.perf_counter() - started

        started = time.perf_counter()
        with contextlib.ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(connection.execute_wrapper(count))
            response = self.get_response(request)
        app_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={app_ms:.3f}, db;dur={stats["db"] * 1000:.3f};desc="{stats["queries"]}"'
        )
        return response
