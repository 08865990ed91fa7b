"""The statutory reply clock of an application (条例 Art. 33): 20 working days from
receipt, extendable once by at most 20; 补正 restarts it, consultation and fee notices
pause it. Built on the core legal clock; the log is the core ClockEvent table."""

from __future__ import annotations

from lantian.core.clock import Unit
from lantian.core.deadlines import ClockSpec

REPLY_CLOCK = ClockSpec(name="foi_reply", limit=20, unit=Unit.WORKING_DAYS, max_extension=20)
SUPPLEMENT_NOTICE_LIMIT = 7  # Art. 30: the 补正 notice within 7 working days of receipt
CONSULTATION_LIMIT = 15  # Arts. 32, 34: third parties and co-producers answer within 15 WD
