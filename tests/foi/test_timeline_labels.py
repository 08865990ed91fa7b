"""The case timeline names every step and every move of the clock: no code the case flow
stores ("supplement", "fee", "third_party" …) reaches the page as it is stored."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from lantian.core.clock import EventKind
from lantian.foi import services
from lantian.foi.admin import labels
from lantian.foi.admin.views import CLOCK_LABELS


def test_every_step_and_clock_event_has_a_label() -> None:
    steps = {v for k, v in vars(services.Step).items() if k.isupper()}
    assert steps <= set(services.STEP_LABELS)
    assert {kind.value for kind in EventKind} <= set(CLOCK_LABELS)


def stored_clock_notes() -> set[str]:
    """The codes services.py writes as a clock event's note (literals, consultation kinds
    and the closing steps)."""
    source = Path(services.__file__).read_text(encoding="utf-8")
    literals = set(re.findall(r'_clock\([^)]*note="(\w+)"', source, re.S))
    closing = {services.Step.CLOSED_UNSUPPLEMENTED, services.Step.CLOSED_FEE_UNPAID}
    return literals | set(services.CONSULTATION_KINDS) | closing


def test_every_stored_note_is_said_in_words() -> None:
    notes = stored_clock_notes()
    assert {"supplement", "fee", "replied", "withdrawn", "third_party"} <= notes
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for note in notes:
                assert labels.clock_note(note) != note, note


def test_a_handlers_own_words_stay() -> None:
    assert (
        labels.clock_note("需要向第三方征求意见，延长答复期限。")
        == "需要向第三方征求意见，延长答复期限。"
    )
    assert labels.clock_note("") == ""
