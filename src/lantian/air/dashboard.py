"""The dashboard's air-data work for data managers (core.attention): rows that ingestion
refused lately, and active stations whose data has stopped.

Each source sits behind the policy of the screen its items open: the ingestion batch's
inspect view (a permission on batches, asked of Wagtail's policy for the model as the view
asks it) and the station's edit view (Wagtail's URL finder, as the edit view asks it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lantian.air.models import IngestBatch, Station
from lantian.air.views import STALE_AFTER
from lantian.core import admin_access, attention
from lantian.core.dashboard import edit_link
from lantian.core.roles import Role, roles_of

# A batch's refusals stay on the dashboard this long after it arrived (then in the list
# of batches only).
REFUSALS_SHOWN_FOR = timedelta(days=7)

# The inspect view of a batch asks for any permission on batches (Wagtail's snippet
# inspect view); the same check, from the same permission policy.
reads_batches = admin_access.holds_model_permission(IngestBatch)


def manages_data(user: Any) -> bool:
    return Role.DATA_MANAGER in roles_of(user)


def may_read_refusals(user: Any) -> bool:
    return manages_data(user) and reads_batches(user, {})


@attention.register(
    allowed=may_read_refusals, heading=gettext_lazy("Refused air-quality rows"), order=60
)
def refused_rows(user: Any) -> list[attention.AttentionItem]:
    """Batches received lately with refused rows: the file, how many, the first reason."""
    since = timezone.now() - REFUSALS_SHOWN_FOR
    batches = IngestBatch.objects.filter(received_at__gte=since, rejected__gt=0).defer("raw")
    items = []
    for batch in batches.order_by("-received_at", "-pk"):
        refusals = batch.report.get("rejected") or []
        first = refusals[0] if refusals else {}
        items.append(
            attention.AttentionItem(
                label=ngettext(
                    "%(file)s: %(count)d row refused",
                    "%(file)s: %(count)d rows refused",
                    batch.rejected,
                )
                % {"file": batch.filename or batch.get_source_display(), "count": batch.rejected},
                url=reverse("wagtailsnippets_air_ingestbatch:inspect", args=[batch.pk]),
                urgent=True,
                detail=_("Row %(row)s: %(reasons)s")
                % {"row": first.get("row", "?"), "reasons": "; ".join(first.get("reasons", []))}
                if first
                else "",
            )
        )
    return items


@attention.register(
    allowed=manages_data, heading=gettext_lazy("Stations without recent data"), order=70
)
def stale_stations(user: Any) -> list[attention.AttentionItem]:
    """Active stations with no observation in the last hours (the public pages call the
    data stale after the same time), or none at all."""
    cutoff = timezone.now() - STALE_AFTER
    stations = Station.objects.filter(is_active=True).annotate(latest=Max("observations__hour_end"))
    items = []
    for station in stations.order_by("code"):
        if station.latest is not None and station.latest >= cutoff:
            continue
        url = edit_link(user, station)
        if not url:
            continue
        detail = (
            _("No data since %(time)s")
            % {"time": f"{timezone.localtime(station.latest):%Y-%m-%d %H:%M}"}
            if station.latest
            else _("No data yet")
        )
        items.append(attention.AttentionItem(label=str(station), url=url, detail=detail))
    return items
