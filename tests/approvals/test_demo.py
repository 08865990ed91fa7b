"""The demo's 13 approval items: twelve complete and published, one incomplete draft;
loading again adds nothing."""

from __future__ import annotations

import pytest

from lantian.approvals import selectors
from lantian.approvals.models import ApprovalItem
from lantian.demo import approvals as demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_13_items_12_complete_and_is_idempotent() -> None:
    assert demo.load() == {"items": 13}
    report = selectors.completeness_report()
    assert len(report) == 13
    complete = [row.item for row in report if not row.missing]
    assert len(complete) == 12
    assert all(item.is_published for item in complete)
    incomplete = next(row for row in report if row.missing)
    assert incomplete.item.code == demo.INCOMPLETE_CODE
    assert incomplete.item.status == ApprovalItem.Status.DRAFT
    assert {m.code for m in incomplete.missing} >= {
        "legal_basis.1.article",
        "material.1.form",
        "material.1.copies",
        "material.2.original",
        "promised_days",
        "consultation",
        "validity",
        "relief.review",
    }
    kinds = {item.kind for item in complete}
    assert kinds == set(ApprovalItem.Kind.values)
    # every application form has its template and sample to download
    forms = [m for item in complete for m in item.materials.all() if m.fill_in]
    assert forms and all(m.template and m.sample for m in forms)

    assert demo.load() == {"items": 0}
    assert ApprovalItem.objects.count() == 13
