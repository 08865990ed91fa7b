"""Two months of water samples (May and June 2025) for the pages and report tests."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.test import Client

from lantian.water import services

from .conftest import Sites

# A clean Class II river sample and a drinking-source sample that meets Class III.
CLEAN = {"do": 7.0, "codmn": 2.0, "nh3_n": 0.2, "tp": 0.02, "ph": 7.2}
# NH3-N 1.5 mg/L: Class IV, 0.5 times over the Class III limit of 1.0.
POLLUTED = {"do": 6.0, "codmn": 3.0, "nh3_n": 1.5, "tp": 0.02, "ph": 7.4}


def english() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def add(site, day: date, values: dict[str, float], abstraction: float | None = None):
    return services.save_sample(
        actor=None, site=site, sampled_on=day, values=values, abstraction=abstraction
    )


def load(sites: Sites) -> Sites:
    """May 2025: the river clean, the lake polluted, the surface source compliant; June
    2025: the source exceeds (NH3-N 1.5), the river is not sampled; the groundwater source
    sampled both months (not evaluated)."""
    add(sites.river, date(2025, 5, 6), CLEAN)
    add(sites.lake, date(2025, 5, 6), POLLUTED)
    add(sites.source, date(2025, 5, 7), CLEAN, abstraction=300.0)
    add(sites.ground, date(2025, 5, 7), {"nh3_n": 0.1})
    add(sites.lake, date(2025, 6, 4), CLEAN)
    add(sites.source, date(2025, 6, 5), POLLUTED, abstraction=310.0)
    add(sites.ground, date(2025, 6, 5), {"nh3_n": 0.1})
    return sites
