"""What the case timeline says for the codes the case flow stores: a clock event's note
is the reason the clock moved, written by :mod:`lantian.foi.services` as a code
("supplement", "fee", a step …) or, for an extension, as the handler's own words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lantian.foi import services

# services._clock(note=...) codes other than the steps (services.STEP_LABELS)
CLOCK_REASONS = {
    "supplement": _("Supplement"),
    "fee": _("Fee"),
    "replied": _("Reply sent"),
    "withdrawn": _("Withdrawn"),
    "third_party": _("Consultation of a third party (Art. 32)"),
    "co_agency": _("Consultation of a co-producing agency (Art. 34)"),
}


def clock_note(note: str) -> str:
    """A clock event's note in the reader's language: the reason for a code, the
    handler's words otherwise."""
    if note in CLOCK_REASONS:
        return str(CLOCK_REASONS[note])
    if note in services.STEP_LABELS:
        return str(services.STEP_LABELS[note])
    return note
