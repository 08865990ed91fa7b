"""The website self-inspection: the site checked against 《政府网站与政务新媒体检查指标》
(国办秘函〔2019〕19号), as a government-website inspector would, before one does.

Each check is a function of an :class:`Inspection` (the day, an in-process HTTP client)
returning a :class:`CheckResult`: ``status`` pass / fail / skipped, ``veto`` when the
failure is a single-item veto (单项否决: the whole site fails the inspection), and the
offending URLs. :func:`run_checks` runs them all; :mod:`lantian.reports.services` stores
the run.

The indicators (``INDICATORS`` below carries each rule with its source):

单项否决 (one fails the site):
- 站点无法访问 — the home page does not open.
- 网站不更新 — the home page's columns have had nothing new for 2 weeks.
- 栏目不更新 — dynamic / news columns (动态要闻类: 工作动态, 工作进展 …) not updated
  for more than 2 weeks, 5 or more of them (超过(含)5个); columns that should be updated
  but are not (通知公告、政策文件类: 6 months; 人事、规划计划类: a year), 10 or more
  (超过(含)10个); blank columns (空白栏目, nothing ever published), more than 5.
- 互动回应差 — a public message unanswered for more than 3 months.

Deductions (扣分):
- 互动回应 — message replies not updated within 2 months.
- 服务实用 — service guides lacking their elements (办事指南要素缺失).
- 链接可用性 — links that do not open.
- 网站标识 — the 政府网站标识码, ICP 备案号 and 公安机关备案号 in the footer
  (政府网站发展指引, 国办发〔2017〕47号).
- 无障碍 — accessibility (the axe-core rules; optional, needs a browser).

A check of the self-inspection fails at the first offending column or message, before the
inspector's count is reached; ``veto`` is set only once the count is.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.db.models import Count, Max
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.approvals import selectors as approvals_selectors
from lantian.complaints import selectors as complaints_selectors
from lantian.disclosure import selectors as disclosure_selectors
from lantian.portal import selectors as portal_selectors

PASS, FAIL, SKIPPED = "pass", "fail", "skipped"

SOURCE_2019 = "《政府网站与政务新媒体检查指标、监管工作年度考核指标》（国办秘函〔2019〕19号）"


@dataclass(frozen=True)
class Indicator:
    title: Any  # lazy: translated when shown
    part: str  # "veto" (单项否决) or "deduction" (扣分)
    source: str


INDICATORS: dict[str, Indicator] = {
    "site_accessible": Indicator(
        gettext_lazy("Site accessible (站点无法访问)"), "veto", SOURCE_2019 + " 单项否决"
    ),
    "home_updated": Indicator(
        gettext_lazy("Home page updated within 2 weeks (网站不更新)"),
        "veto",
        SOURCE_2019 + " 单项否决：首页栏目信息更新情况",
    ),
    "dynamic_columns": Indicator(
        gettext_lazy("Dynamic columns updated within 2 weeks (栏目不更新)"),
        "veto",
        SOURCE_2019 + " 单项否决：动态、要闻类栏目超过2周未更新且累计超过（含）5个",
    ),
    "stale_columns": Indicator(
        gettext_lazy("Other columns updated within 6 months (栏目不更新)"),
        "veto",
        SOURCE_2019 + " 单项否决：应更新但长期未更新的栏目累计超过（含）10个"
        "（第一次全国政府网站普查：通知公告、政策文件类6个月，人事、规划计划类1年）",
    ),
    "empty_columns": Indicator(
        gettext_lazy("No empty columns (空白栏目)"),
        "veto",
        SOURCE_2019 + " 单项否决：空白栏目数量超过5个",
    ),
    "messages_3_months": Indicator(
        gettext_lazy("No message unanswered for 3 months (互动回应差)"),
        "veto",
        SOURCE_2019 + " 单项否决：互动回应类栏目长期未回应（留言超过3个月未回复）",
    ),
    "messages_2_months": Indicator(
        gettext_lazy("No message unanswered for 2 months"),
        "deduction",
        SOURCE_2019 + " 扣分：留言办理2个月内未更新",
    ),
    "service_guides": Indicator(
        gettext_lazy("Service guides complete (办事指南要素缺失)"),
        "deduction",
        SOURCE_2019 + " 服务实用：办事指南要素的完整性、准确性",
    ),
    "broken_links": Indicator(
        gettext_lazy("Links open (链接可用性)"),
        "deduction",
        SOURCE_2019 + " 网站可用性：首页及其他页面不能正常访问的链接数量",
    ),
    "footer_identifiers": Indicator(
        gettext_lazy("Website identifier and record numbers in the footer"),
        "deduction",
        "《政府网站发展指引》（国办发〔2017〕47号）：页面底部功能区列明网站标识码、ICP备案编号、"
        "公安机关备案标识",
    ),
    "accessibility": Indicator(
        gettext_lazy("Accessibility (axe-core)"),
        "deduction",
        "《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019）；"
        "axe-core rules, serious and critical",
    ),
}

# Thresholds of the single-item veto 栏目不更新 (counts of columns).
DYNAMIC_STALE_DAYS = 14
DYNAMIC_STALE_VETO = 5  # 超过（含）5个
STALE_VETO = 10  # 超过（含）10个
EMPTY_VETO = 6  # 超过5个
HOME_STALE_DAYS = 14

# How often each catalogue column must be updated, by category code (prefix): months, or
# None for basic information updated when it changes (机构职能), checked for blanks only.
# 动态要闻类 includes 工作进展 (第一次全国政府网站普查's reading of 动态要闻类栏目).
DYNAMIC_CODES = ("14", "04.03")
YEARLY_CODES = ("04", "05.03", "11.01", "11.02", "12", "13", "17")
UNDATED_CODES = ("01",)
DEFAULT_MONTHS = 6


@dataclass(frozen=True)
class CheckResult:
    check: str
    title: str
    status: str  # PASS, FAIL or SKIPPED
    veto: bool  # the failure is a single-item veto: the site fails the inspection
    urls: list[str] = field(default_factory=list)
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def result(
    check: str, urls: list[str], detail: str = "", *, veto: bool = False, skipped: str = ""
) -> CheckResult:
    title = str(INDICATORS[check].title)
    if skipped:
        return CheckResult(check, title, SKIPPED, False, [], skipped)
    status = FAIL if urls else PASS
    return CheckResult(check, title, status, bool(urls) and veto, urls, detail)


class Inspection:
    """One inspection's day and its view of the site (an in-process client, pages cached)."""

    def __init__(self, today: date, *, outbound: bool | None = None, axe: bool = False) -> None:
        self.today = today
        self.outbound = (
            getattr(settings, "LANTIAN_INSPECTION_OUTBOUND_LINKS", False)
            if outbound is None
            else outbound
        )
        self.axe = axe
        self.client = Client(HTTP_HOST=_host(), HTTP_USER_AGENT="Lantian self-inspection")
        self._pages: dict[str, Fetched] = {}

    @cached_property
    def columns(self) -> list[Column]:
        return columns()

    def get(self, path: str) -> Fetched:
        """A path of the site as the public gets it (not following redirects); never raises."""
        if path not in self._pages:
            try:
                response = self.client.get(path, secure=_secure())
                body = b"" if getattr(response, "streaming", False) else response.content
                _close(response)
                kind = response.get("Content-Type", "")
                text = body.decode("utf-8", "replace") if "html" in kind else ""
                location = response.get("Location", "")
                self._pages[path] = Fetched(response.status_code, kind, text, location)
            except Exception as error:  # a crash of a page is a broken link, not of the run
                self._pages[path] = Fetched(500, "", repr(error))
        return self._pages[path]


def _close(response: Any) -> None:
    """Close a response (a streamed download is not read: its file is closed) as the test
    client does, without request_finished closing the database connection mid-crawl."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@dataclass(frozen=True)
class Fetched:
    status: int
    kind: str  # Content-Type
    text: str  # an HTML page's text; "" for anything else
    location: str = ""  # a redirect's target


def _host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    return hosts[0] if hosts else "localhost"


def _secure() -> bool:
    return bool(getattr(settings, "SECURE_SSL_REDIRECT", False))


def _path(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# ---------------------------------------------------------------- accessibility, home


def check_site_accessible(inspection: Inspection) -> CheckResult:
    status = inspection.get("/").status
    urls = [] if status == 200 else ["/"]
    detail = "" if status == 200 else _("The home page answered %(status)s.") % {"status": status}
    return result("site_accessible", urls, detail, veto=True)


def _latest_publication() -> date | None:
    live = disclosure_selectors.live_items().prefetch_related(None).order_by()
    return live.aggregate(last=Max("published_on"))["last"]


def check_home_updated(inspection: Inspection) -> CheckResult:
    """The home page lists the latest catalogue items: its newest is at most 2 weeks old."""
    last = _latest_publication()
    if last is not None and (inspection.today - last).days <= HOME_STALE_DAYS:
        return result("home_updated", [])
    detail = (
        _("Newest item on the home page published %(date)s.") % {"date": last}
        if last
        else _("Nothing published on the home page.")
    )
    return result("home_updated", ["/"], detail, veto=True)


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    url: str
    count: int
    last: date | None
    months: int | None  # must be updated within; None: when it changes
    dynamic: bool


def _rule(code: str) -> tuple[bool, int | None]:
    def under(prefixes: tuple[str, ...]) -> bool:
        return any(code == p or code.startswith(p + ".") for p in prefixes)

    if under(DYNAMIC_CODES):
        return True, None
    if under(UNDATED_CODES):
        return False, None
    return False, 12 if under(YEARLY_CODES) else DEFAULT_MONTHS


def columns() -> list[Column]:
    """The site's columns (栏目): each active catalogue category without active children
    (the catalogue's filtered list), and the lists of news and notices."""
    live = disclosure_selectors.live_items().prefetch_related(None).order_by()
    stats = {
        row["category_id"]: row
        for row in live.values("category_id").annotate(n=Count("pk"), last=Max("published_on"))
    }
    categories = [c for c in disclosure_selectors.categories() if c.is_active]
    parents = {c.parent_id for c in categories}
    catalogue = _path("disclosure:catalogue")
    found = []
    for category in categories:
        if category.pk in parents:
            continue
        dynamic, months = _rule(category.code)
        row = stats.get(category.pk, {})
        found.append(
            Column(
                category.code,
                category.display_name,
                f"{catalogue}?category={category.code}",
                row.get("n", 0),
                row.get("last"),
                months,
                dynamic,
            )
        )
    Kind = live.model.Kind
    for slug, kind, dynamic in (("news", Kind.NEWS, True), ("notices", Kind.NOTICE, False)):
        row = live.filter(kind=kind).aggregate(n=Count("pk"), last=Max("published_on"))
        months = None if dynamic else DEFAULT_MONTHS
        url = _path(f"disclosure:{slug}")
        found.append(Column(slug, slug, url, row["n"], row["last"], months, dynamic))
    return found


def _months_ago(today: date, months: int) -> date:
    return complaints_selectors.add_months(today, -months)


def check_dynamic_columns(inspection: Inspection) -> CheckResult:
    since = inspection.today - timedelta(days=DYNAMIC_STALE_DAYS)
    stale = [c for c in inspection.columns if c.dynamic and c.count and c.last and c.last < since]
    detail = _("%(count)d dynamic columns with nothing new since %(date)s; the veto from %(veto)d.")
    return result(
        "dynamic_columns",
        [c.url for c in stale],
        detail % {"count": len(stale), "date": since, "veto": DYNAMIC_STALE_VETO},
        veto=len(stale) >= DYNAMIC_STALE_VETO,
    )


def check_stale_columns(inspection: Inspection) -> CheckResult:
    stale = [
        c
        for c in inspection.columns
        if c.months and c.count and c.last and c.last < _months_ago(inspection.today, c.months)
    ]
    detail = _("%(count)d columns not updated within their period; the veto from %(veto)d.")
    return result(
        "stale_columns",
        [c.url for c in stale],
        detail % {"count": len(stale), "veto": STALE_VETO},
        veto=len(stale) >= STALE_VETO,
    )


def check_empty_columns(inspection: Inspection) -> CheckResult:
    empty = [c for c in inspection.columns if not c.count]
    detail = _("%(count)d columns with nothing published; the veto from %(veto)d.")
    return result(
        "empty_columns",
        [c.url for c in empty],
        detail % {"count": len(empty), "veto": EMPTY_VETO},
        veto=len(empty) >= EMPTY_VETO,
    )


# ---------------------------------------------------------------- interaction, services


def _messages(inspection: Inspection, level: str) -> list[str]:
    found = complaints_selectors.unanswered_public_messages(inspection.today)
    return [
        _path("complaints_admin:case", m.complaint.pk) or m.complaint.case_no
        for m in found
        if level == "alarm" or m.level == "veto"
    ]


def check_messages_3_months(inspection: Inspection) -> CheckResult:
    urls = _messages(inspection, "veto")
    detail = _("%(count)d public messages unanswered for more than 3 months.") % {
        "count": len(urls)
    }
    return result("messages_3_months", urls, detail, veto=True)


def check_messages_2_months(inspection: Inspection) -> CheckResult:
    urls = _messages(inspection, "alarm")
    detail = _("%(count)d public messages unanswered for more than 2 months.") % {
        "count": len(urls)
    }
    return result("messages_2_months", urls, detail)


def check_service_guides(inspection: Inspection) -> CheckResult:
    urls, lines = [], []
    for item in approvals_selectors.published_items():
        missing = approvals_selectors.missing(item)
        if missing:
            urls.append(_path("approvals:item", item.code) or item.code)
            lines.append(f"{item.code}: " + "、".join(str(m.label) for m in missing))
    return result("service_guides", urls, "; ".join(lines))


# ---------------------------------------------------------------- footer, links


def check_footer_identifiers(inspection: Inspection) -> CheckResult:
    bureau = portal_selectors.bureau_settings()
    body = inspection.get("/").text
    wanted = {
        _("website identifier"): bureau.site_identifier,
        _("ICP record number"): bureau.icp_record,
        _("public security record number"): bureau.public_security_record,
    }
    missing = [name for name, value in wanted.items() if not value or value not in body]
    detail = _("Missing from the home page: %(names)s.") % {"names": ", ".join(missing)}
    return result("footer_identifiers", ["/"] if missing else [], detail if missing else "")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href.strip())


SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/")
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


def _internal(base: str, href: str) -> str | None:
    """The path (and query) of an internal link, or None for an external one."""
    absolute = urljoin("http://self" + base, href)
    parts = urlsplit(absolute)
    if parts.netloc not in ("self", _host()):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(inspection: Inspection, limit: int) -> tuple[dict[str, list[str]], list[str], int]:
    """Broken internal links (target → pages linking to it), external links, pages visited.

    Breadth first from the home page over the site's own pages; downloads (``?format=``)
    and the back office are not followed. Runs in a transaction rolled back at the end:
    visiting pages counts page views, which an inspection must not."""
    broken: dict[str, list[str]] = {}
    external: dict[str, None] = {}
    seen: dict[str, str] = {"/": ""}
    queue = ["/"]
    visited = 0
    with transaction.atomic():
        while queue and visited < limit:
            page = queue.pop(0)
            visited += 1
            fetched = inspection.get(page)
            if fetched.status >= 400:
                broken.setdefault(page, []).append(seen[page])
                continue
            parser = _Links()
            parser.feed(fetched.text)
            hrefs = [fetched.location] if fetched.location else parser.links
            for href in hrefs:
                if href.startswith(SKIPPED_SCHEMES):
                    continue
                target = _internal(page, href)
                if target is None:
                    if href.startswith(("http://", "https://")):
                        external[href] = None
                    continue
                target = target.split("#")[0] or "/"
                if target in seen or target.startswith(SKIPPED_PREFIXES):
                    continue
                if "format" in parse_qs(urlsplit(target).query):
                    continue
                seen[target] = page
                queue.append(target)
        transaction.set_rollback(True)
    return broken, list(external), visited


def _outbound_broken(urls: list[str], limit: int) -> list[str]:
    broken = []
    for url in urls[:limit]:
        request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "Lantian"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status >= 400:
                    broken.append(url)
        except Exception:
            broken.append(url)
    return broken


def check_broken_links(inspection: Inspection) -> CheckResult:
    limit = int(getattr(settings, "LANTIAN_INSPECTION_MAX_PAGES", 500))
    broken, external, pages = crawl(inspection, limit)
    urls = list(broken)
    lines = [f"{url} ← {', '.join(p or '/' for p in pages_[:3])}" for url, pages_ in broken.items()]
    if inspection.outbound:
        outbound = _outbound_broken(external, limit)
        urls += outbound
        lines += outbound
        checked = _("%(count)d outbound links checked.") % {"count": min(len(external), limit)}
    else:
        checked = _("Outbound links not checked (LANTIAN_INSPECTION_OUTBOUND_LINKS).")
    summary = _("%(pages)d pages visited.") % {"pages": pages}
    return result("broken_links", urls, " ".join([summary, checked, *lines]))


# ---------------------------------------------------------------- accessibility (browser)

AXE_IMPACTS = ("serious", "critical")


def axe_script() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def axe_pages() -> list[str]:
    """The pages axe-core reads: the home page and the top sections."""
    paths = ["/", *(_path(name) for name in ("disclosure:catalogue", "disclosure:news"))]
    return [path for path in paths if path]


def check_accessibility(inspection: Inspection) -> CheckResult:
    """axe-core in Chromium (Playwright) on the main pages, served in process: the browser's
    requests to the site are answered by the inspection's client, nothing listens."""
    if not inspection.axe:
        return result("accessibility", [], skipped=_("Not asked for (needs a browser)."))
    missing = _browser_missing()
    if missing:
        return result("accessibility", [], skipped=missing)
    urls, lines = [], []
    for path, violations in run_axe(inspection, axe_pages()).items():
        if violations:
            urls.append(path)
            lines.append(f"{path}: " + "; ".join(violations[:5]))
    return result("accessibility", urls, " ".join(lines))


def _browser_missing() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return _("Playwright is not installed.")
    if not Path(chromium_path()).exists():
        return _("Chromium not found at %(path)s.") % {"path": chromium_path()}
    if not axe_script().exists():
        return _("axe-core missing: run `npm ci`.")
    return ""


ORIGIN = "http://inspection.invalid"


def _static_file(path: str) -> str | None:
    from django.contrib.staticfiles import finders

    prefix = urlsplit(settings.STATIC_URL).path
    found = finders.find(path[len(prefix) :]) if path.startswith(prefix) else None
    return found if isinstance(found, str) else None


def run_axe(inspection: Inspection, paths: list[str]) -> dict[str, list[str]]:
    """axe-core's serious and critical violations on each page. The pages are rendered
    first, here, in a transaction rolled back (page views); the browser then gets them
    and the static files they use from memory and disk: Playwright's loop must not touch
    the database (its context has a connection of its own)."""
    from playwright.sync_api import sync_playwright

    with transaction.atomic():
        pages = {ORIGIN + path: inspection.get(path) for path in paths}
        transaction.set_rollback(True)

    def serve(route: Any) -> None:
        url = route.request.url
        page = pages.get(url)
        if page is not None:
            route.fulfill(status=page.status, content_type=page.kind, body=page.text)
            return
        static = _static_file(urlsplit(url).path) if url.startswith(ORIGIN) else None
        if static is None:
            route.fulfill(status=404, body="")
        else:
            route.fulfill(path=static)

    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = browser.new_page(locale="zh-CN")
            tab.route("**/*", serve)
            for path in paths:
                tab.goto(ORIGIN + path)
                tab.add_script_tag(path=str(axe_script()))
                report = tab.evaluate(
                    "async () => await axe.run(document, {resultTypes: ['violations']})"
                )
                found[path] = [
                    f"{v['id']} ({v['impact']}): {v['help']}"
                    for v in report["violations"]
                    if v["impact"] in AXE_IMPACTS
                ]
        finally:
            browser.close()
    return found


# ---------------------------------------------------------------- the run

CHECKS: dict[str, Callable[[Inspection], CheckResult]] = {
    "site_accessible": check_site_accessible,
    "home_updated": check_home_updated,
    "dynamic_columns": check_dynamic_columns,
    "stale_columns": check_stale_columns,
    "empty_columns": check_empty_columns,
    "messages_3_months": check_messages_3_months,
    "messages_2_months": check_messages_2_months,
    "service_guides": check_service_guides,
    "broken_links": check_broken_links,
    "footer_identifiers": check_footer_identifiers,
    "accessibility": check_accessibility,
}


def run_checks(
    today: date, *, only: list[str] | None = None, outbound: bool | None = None, axe: bool = False
) -> list[CheckResult]:
    inspection = Inspection(today, outbound=outbound, axe=axe)
    return [check(inspection) for name, check in CHECKS.items() if not only or name in only]


def to_json(results: list[CheckResult]) -> str:
    return json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2)
