"""Writes of the public portal: the page tree's skeleton and the site settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from lantian.core import audit
from lantian.core.roles import grant_section_permissions
from lantian.portal.models import BureauSettings, HomePage, SectionPage


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    title: str
    title_en: str
    intro: str
    intro_en: str


# The six top-level sections of a bureau portal (DESIGN.md, issue 2).
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "disclosure",
        "信息公开",
        "Information Disclosure",
        "政府信息公开指南、公开目录、法定主动公开内容、依申请公开和年度报告。",
        "The disclosure guide and catalogue, proactive disclosures, requests and annual reports.",
    ),
    SectionSpec(
        "environment",
        "环境质量",
        "Environmental Quality",
        "空气质量实时发布与预报、水环境质量、环境质量月报和公报。",
        "Real-time air quality and forecasts, water quality, monthly reports and bulletins.",
    ),
    SectionSpec(
        "eia",
        "环评审批",
        "EIA and Approvals",
        "行政审批事项办事指南、建设项目环评受理、拟批准和审批决定公示。",
        "Service guides, and EIA acceptance, proposed-approval and decision notices.",
    ),
    SectionSpec(
        "sources",
        "污染源监管",
        "Pollution Source Supervision",
        "重点排污单位名录、自行监测、超标排放名单、行政处罚和企业环境信用评价。",
        "Key discharging units, self-monitoring, exceedances, penalties and credit ratings.",
    ),
    SectionSpec(
        "interaction",
        "政民互动",
        "Public Interaction",
        "12369环保举报、局长信箱、网上投诉、新闻发布会和意见征集。",
        "The 12369 hotline, the director's mailbox, complaints, press conferences, consultations.",
    ),
    SectionSpec(
        "services",
        "办事服务",
        "Online Services",
        "依申请公开网上申请、办件进度查询、表格下载和办事指南。",
        "Apply for information online, track a case, download forms and guides.",
    ),
)


TREE_ROOT = "根目录"  # the page tree's and the collections' root, as staff see it


def _ensure_tree_root() -> Page:
    """The tree root, default locale and root collection that Wagtail's migrations create;
    recreated when a database was emptied (``flush``) rather than migrated afresh."""
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name=TREE_ROOT)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title=TREE_ROOT, slug="root", live=True))
    return root


@transaction.atomic
def ensure_site_structure(
    *, actor: Any, home_title: str, home_title_en: str, hostname: str = "localhost", port: int = 80
) -> HomePage:
    """Create (or find) the home page, the six sections and the default site; grant each
    role its page permissions at the section roots. Safe to run again."""
    root = _ensure_tree_root()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's placeholder "Welcome to your new Wagtail site!" page holds the slug
        # "home"; it goes (with the site pointing at it) when it has nothing beneath it.
        for stray in root.get_children().filter(depth=2):
            if stray.content_type.model == "page" and not stray.get_children().exists():
                stray.delete()
        home = HomePage(title=home_title, title_en=home_title_en, slug="home")
        root.add_child(instance=home)
        home.save_revision(
            user=actor if getattr(actor, "is_authenticated", False) else None
        ).publish()
        audit.record(actor=actor, instance=home, action="wagtail.create")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=home_title
        )
    elif site.root_page_id != home.pk:
        site.root_page, site.site_name = home, home_title
        site.save()

    sections = []
    for order, spec in enumerate(SECTIONS):
        section = SectionPage.objects.child_of(home).filter(slug=spec.slug).first()
        if section is None:
            section = SectionPage(
                title=spec.title,
                title_en=spec.title_en,
                slug=spec.slug,
                intro=spec.intro,
                intro_en=spec.intro_en,
                show_in_menus=True,
            )
            home.add_child(instance=section)
            section.save_revision().publish()
            audit.record(
                actor=actor, instance=section, action="wagtail.create", data={"order": order}
            )
        sections.append(section)
    grant_section_permissions(sections)
    BureauSettings.for_site(site)  # create the settings row with its defaults
    return home


@transaction.atomic
def update_bureau_settings(*, actor: Any, site: Site, **values: Any) -> BureauSettings:
    settings_row = BureauSettings.for_site(site)
    before = audit.snapshot(settings_row)
    for name, value in values.items():
        setattr(settings_row, name, value)
    settings_row.full_clean()
    settings_row.save()
    changes = audit.changed_fields(before, audit.snapshot(settings_row))
    if changes:
        audit.record(actor=actor, instance=settings_row, action="wagtail.edit", changes=changes)
    return settings_row


@transaction.atomic
def save_content_page(
    *,
    actor: Any,
    parent: Page,
    slug: str,
    title: str,
    intro: str = "",
    body: str = "",
    title_en: str = "",
    intro_en: str = "",
    body_en: str = "",
) -> Any:
    """Create or update a published content page under ``parent`` by its slug."""
    from lantian.portal.models import ContentPage

    page = ContentPage.objects.child_of(parent).filter(slug=slug).first()
    values = {
        "title": title,
        "intro": intro,
        "body": body,
        "title_en": title_en,
        "intro_en": intro_en,
        "body_en": body_en,
    }
    if page is None:
        page = ContentPage(slug=slug, **values)
        parent.add_child(instance=page)
        action, changes = "wagtail.create", {}
    else:
        before = {name: getattr(page, name) for name in values}
        for name, value in values.items():
            setattr(page, name, value)
        changes = audit.changed_fields(before, values)
        if not changes:
            return page
        action = "wagtail.edit"
    user = actor if getattr(actor, "is_authenticated", False) else None
    page.save_revision(user=user).publish(user=user)
    audit.record(actor=actor, instance=page, action=action, changes=changes)
    return page
