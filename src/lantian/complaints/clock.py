"""The two statutory clocks of a complaint, on the core legal clock: the intake decision
(受理 / 不予受理) from receipt, and handling (办结) from acceptance, extendable once.
Each case carries the limits of its channel's rule as it stood at receipt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantian.core.clock import Unit
from lantian.core.deadlines import ClockSpec

if TYPE_CHECKING:
    from lantian.complaints.models import Complaint

INTAKE = "complaint_intake"
HANDLING = "complaint_handling"


def intake_spec(complaint: Complaint) -> ClockSpec:
    return ClockSpec(name=INTAKE, limit=complaint.intake_limit, unit=Unit(complaint.intake_unit))


def handling_spec(complaint: Complaint) -> ClockSpec:
    return ClockSpec(
        name=HANDLING,
        limit=complaint.handling_limit,
        unit=Unit(complaint.handling_unit),
        max_extension=complaint.max_extension,
    )
