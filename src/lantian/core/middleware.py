"""Language choice: Chinese unless the visitor chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a visitor with
an English browser would get the English site unasked. The bureau's site is Chinese
first (DESIGN.md): the language is the one chosen with the switch (a cookie set by
Django's ``set_language``), else ``LANGUAGE_CODE``. Staff get their own preference in
the back office from Wagtail.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
