"""Routing: category × district → department, the most specific rule wins."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.air.models import District
from lantian.complaints import selectors, services
from lantian.complaints.models import Category, RoutingRule
from lantian.core.models import Department
from lantian.core.roles import Role
from tests.complaints.conftest import department

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(categories: dict[str, Category], staff: dict[Role, Any]) -> dict[str, Any]:
    """A clean rule table: any → office, air → air, 东城区 → enforcement,
    air × 东城区 → monitoring (an odd choice, so each level is told apart)."""
    RoutingRule.objects.all().delete()
    actor = staff[Role.ADMINISTRATOR]
    dongcheng, _ = District.objects.get_or_create(name="东城区")
    xihu, _ = District.objects.get_or_create(name="西湖区")
    save = services.save_routing_rule
    save(actor=actor, category=None, district=None, department=department("office"))
    save(actor=actor, category=categories["air"], district=None, department=department("air"))
    save(actor=actor, category=None, district=dongcheng, department=department("enforcement"))
    save(
        actor=actor,
        category=categories["air"],
        district=dongcheng,
        department=department("monitoring"),
    )
    return {"dongcheng": dongcheng, "xihu": xihu}


def code(dept: Department | None) -> str | None:
    return dept.code if dept is not None else None


def test_most_specific_rule_wins(rules: dict[str, Any], categories: dict[str, Category]) -> None:
    air, water = categories["air"], categories["water"]
    assert code(selectors.route(air, rules["dongcheng"])) == "monitoring"  # both sides
    assert code(selectors.route(water, rules["dongcheng"])) == "enforcement"  # district
    assert code(selectors.route(air, rules["xihu"])) == "air"  # category
    assert code(selectors.route(air, None)) == "air"
    assert code(selectors.route(water, rules["xihu"])) == "office"  # any / any
    assert code(selectors.route(water, None)) == "office"


def test_district_rule_beats_category_rule(
    rules: dict[str, Any], categories: dict[str, Category], staff: dict[Role, Any]
) -> None:
    RoutingRule.objects.filter(category=categories["air"], district=rules["dongcheng"]).delete()
    assert code(selectors.route(categories["air"], rules["dongcheng"])) == "enforcement"


def test_no_rule_no_department(categories: dict[str, Category]) -> None:
    RoutingRule.objects.all().delete()
    assert selectors.route(categories["air"], None) is None


def test_registration_routes_the_case(
    rules: dict[str, Any], register: Any, categories: dict[str, Category]
) -> None:
    assert register(district=rules["dongcheng"]).department.code == "monitoring"
    assert register(category="noise", district=rules["xihu"]).department.code == "office"


def test_saving_a_rule_twice_keeps_one_per_pair(
    rules: dict[str, Any], categories: dict[str, Category], staff: dict[Role, Any]
) -> None:
    actor = staff[Role.ADMINISTRATOR]
    before = RoutingRule.objects.count()
    # the any/any pair and the district-only pair: NULL sides the database cannot keep unique
    services.save_routing_rule(
        actor=actor, category=None, district=None, department=department("legal")
    )
    services.save_routing_rule(
        actor=actor, category=None, district=rules["dongcheng"], department=department("water")
    )
    services.save_routing_rule(
        actor=actor, category=categories["air"], district=None, department=department("air")
    )
    assert RoutingRule.objects.count() == before
    assert code(selectors.route(categories["noise"], rules["xihu"])) == "legal"
    assert code(selectors.route(categories["noise"], rules["dongcheng"])) == "water"
    assert RoutingRule.objects.filter(category__isnull=True, district__isnull=True).count() == 1


def test_demo_bureau_routes_by_category_and_district(
    categories: dict[str, Category], demo: Any
) -> None:
    from lantian.demo import bureau

    air, noise, waste = categories["air"], categories["noise"], categories["solid_waste"]
    assert bureau.BRANCH_CATEGORIES == ("noise", "solid_waste")
    assert code(selectors.route(air, None)) == "enforcement"  # 12369: the brigade
    assert code(selectors.route(categories["radiation"], None)) == "monitoring"
    assert code(selectors.route(categories["other"], None)) == "office"
    assert Department.objects.get(code="dongcheng").name == "东城分局"
    dongcheng, _ = District.objects.get_or_create(name="东城区")
    assert code(selectors.route(noise, dongcheng)) == "enforcement"  # no district rule yet
    # 属地管理: noise and solid waste in each district with a branch to it, one rule each
    with_branch = District.objects.filter(name__in=bureau.BRANCHES).count()
    assert bureau.load_complaint_routing(districts=True) == 2 * with_branch
    assert bureau.load_complaint_routing(districts=True) == 0  # idempotent
    branch = selectors.route(noise, dongcheng)
    assert branch is not None and (branch.code, branch.name) == ("dongcheng", "东城分局")
    assert code(selectors.route(waste, dongcheng)) == "dongcheng"
    assert not RoutingRule.objects.filter(category__isnull=True, district=dongcheng).exists()
    # everything else stays with the city: the brigade, the monitoring station, the office
    assert code(selectors.route(air, dongcheng)) == "enforcement"
    assert code(selectors.route(categories["water"], dongcheng)) == "enforcement"
    assert code(selectors.route(categories["radiation"], dongcheng)) == "monitoring"
    assert code(selectors.route(categories["other"], dongcheng)) == "office"
    # a district without a branch keeps the city's routing for noise too
    elsewhere, _ = District.objects.get_or_create(name="示范县")
    assert bureau.load_complaint_routing(districts=True) == 0
    assert code(selectors.route(noise, elsewhere)) == "enforcement"
