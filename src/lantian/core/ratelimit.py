"""A small rate limiter on the cache: a fixed window per action and client.

Rates are strings like ``"5/hour"``, ``"20/10m"`` or ``"100/day"`` (count / [n] unit;
units s, m, h, d or second, minute, hour, day). Each (action, client) pair has a counter
in the cache for the current window; the counter expires with its window. With the
Redis cache in production every app server shares the counters; with the local-memory
cache (a single process) it is per process.

Views call :func:`check` before the work and :func:`hit` to count an attempt (for
example only failed verifications, or only accepted submissions). API handlers raise
:class:`RateLimited`, which the API answers as 429 with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

_UNITS = {
    **dict.fromkeys(("s", "sec", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}s"


def parse_rate(text: str) -> Rate:
    """``"5/hour"`` → Rate(5, 3600); ``"20/10m"`` → Rate(20, 600)."""
    match = _RATE.match(text.lower())
    if not match:
        raise ValueError(f"not a rate: {text!r} (expected e.g. '5/hour')")
    count, multiple, unit = match.groups()
    seconds = _UNITS.get(unit)
    if seconds is None or int(count) < 1:
        raise ValueError(f"unknown time unit in rate {text!r}")
    return Rate(int(count), seconds * int(multiple or 1))


class RateLimited(Exception):
    """Too many attempts: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int, message: str = "") -> None:
        self.retry_after = max(1, int(retry_after))
        self.message = message or too_many_message(self.retry_after)
        super().__init__(self.message)


def too_many_message(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    return _(
        "Too many attempts from your connection. Please try again in %(minutes)d minute(s)."
    ) % {"minutes": minutes}


def refused(request: HttpRequest, exc: RateLimited, template: str) -> HttpResponse:
    """The page a view answers a limited client with: 429, ``Retry-After``, and
    ``template`` rendered with the ``message``."""
    response = render(request, template, {"message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind ``TRUSTED_PROXY_COUNT`` proxies that each append to
    ``X-Forwarded-For``, the address the outermost trusted proxy saw; otherwise
    ``REMOTE_ADDR`` (a client can write anything in the header, so it is not trusted
    unless a proxy of ours put it there)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate(rate: str | Rate) -> Rate:
    return rate if isinstance(rate, Rate) else parse_rate(rate)


def _window(action: str, client: str, rate: Rate, now: float) -> tuple[str, int]:
    start = int(now // rate.seconds) * rate.seconds
    digest = hashlib.sha256(client.encode()).hexdigest()[:24]  # no raw IPs in the cache
    return f"ratelimit:{action}:{digest}:{rate.seconds}:{start}", start + rate.seconds


def check(action: str, client: str, rate: str | Rate) -> None:
    """Raise :class:`RateLimited` if ``client`` has used up ``action``'s window."""
    rate = _rate(rate)
    now = time.time()
    key, ends = _window(action, client, rate, now)
    if (cache.get(key) or 0) >= rate.count:
        raise RateLimited(math.ceil(ends - now))


def hit(action: str, client: str, rate: str | Rate) -> int:
    """Count one attempt; returns the count in the current window."""
    rate = _rate(rate)
    key, _ends = _window(action, client, rate, time.time())
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.seconds + 1)
        return 1


def setting_rate(name: str, default: str) -> Rate:
    return parse_rate(getattr(settings, name, default) or default)
