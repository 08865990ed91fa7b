"""The cache-based rate limiter (core.ratelimit): rates, windows, client addresses."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from lantian.core import ratelimit
from lantian.core.ratelimit import Rate, RateLimited, parse_rate


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("5/hour", Rate(5, 3600)),
        ("5/h", Rate(5, 3600)),
        ("20/10m", Rate(20, 600)),
        ("100/day", Rate(100, 86400)),
        ("3 / 30 s", Rate(3, 30)),
        ("1/minute", Rate(1, 60)),
    ],
)
def test_rates_are_parsed(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "5", "five/hour", "5/fortnight", "0/hour", "5/-1h"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rate(text)


def attempt(action: str, client: str, rate: Rate) -> None:
    ratelimit.check(action, client, rate)
    ratelimit.hit(action, client, rate)


def test_the_window_allows_the_count_then_refuses_with_retry_after() -> None:
    rate = Rate(3, 3600)
    for _ in range(3):
        attempt("test", "10.0.0.1", rate)
    with pytest.raises(RateLimited) as refused:
        attempt("test", "10.0.0.1", rate)
    assert 1 <= refused.value.retry_after <= 3600
    assert refused.value.message
    # other clients and other actions have their own windows
    attempt("test", "10.0.0.2", rate)
    attempt("other", "10.0.0.1", rate)


def test_check_does_not_count_and_hit_does() -> None:
    rate = Rate(2, 60)
    for _ in range(5):
        ratelimit.check("peek", "c", rate)
    assert ratelimit.hit("peek", "c", rate) == 1
    assert ratelimit.hit("peek", "c", rate) == 2
    with pytest.raises(RateLimited):
        ratelimit.check("peek", "c", rate)


def test_the_client_address_ignores_forwarded_headers_unless_proxies_are_trusted(
    settings,
) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(request) == "10.0.0.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request) == "203.0.113.7"  # what our one proxy saw
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than proxies: the header is not ours
    assert ratelimit.client_ip(request) == "10.0.0.9"
