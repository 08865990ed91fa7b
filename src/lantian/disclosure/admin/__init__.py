"""Back office of the catalogue, disclosure items, their review and the reports.

Imported from ``wagtail_hooks.py``. Items are edited as snippets (drafts, revisions,
locking, the review workflow "主动公开审核", scheduling, history); withdrawal replaces
Wagtail's unpublish and asks for the reason; two reports under Reports: timeliness
(条例 Art. 26) and publication statistics (annual report, table 二), each downloadable
as CSV or XLSX.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.views.snippets import UnpublishView as SnippetUnpublishView

from lantian.core import admin_access, spreadsheets
from lantian.core.models import Department
from lantian.disclosure import selectors, services, timeliness
from lantian.disclosure.models import Category, DisclosureItem, Publication
from lantian.disclosure.review import check_sensitive_note

REPORT_PERMISSION = "disclosure.view_disclosureitem"


def reads_reports(user: Any) -> bool:
    """Who may open the timeliness and statistics reports (their views, their menu items
    and the dashboard's links to them ask this)."""
    return bool(user.is_superuser or user.has_perm(REPORT_PERMISSION))


# ---- audit log labels


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions: Any) -> None:
    actions.register_action(
        services.WITHDRAWN, _("Withdrawn"), _("Disclosure item withdrawn from publication")
    )
    actions.register_action(
        services.ATTACHMENT_ADDED, _("Attachment added"), _("Attachment checked and added")
    )
    actions.register_action(services.LINKED, _("Links changed"), _("Related items changed"))
    actions.register_action(
        services.CATALOGUE_SEEDED,
        _("Catalogue seeded"),
        _("Catalogue category created from the standard catalogue"),
    )
    actions.register_action(
        services.INDEX_NUMBER_ASSIGNED, _("Index number"), _("Index number assigned")
    )


# ---- the item form


class DisclosureItemForm(WagtailAdminModelForm):
    """Tags stripped from the plain-text fields; a sensitive item needs its review note.
    (Rich text is already reduced to the editor's features by Wagtail; attachments are
    checked by content by the file field's validator.)"""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in services.PLAIN_TEXT_FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = services.plain_text(cleaned[name])
        try:
            check_sensitive_note(bool(cleaned.get("sensitive")), cleaned.get("review_note", ""))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field, errors)
        return cleaned


ITEM_PANELS = TabbedInterface(
    [
        ObjectList(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("category")]),
                FieldRowPanel([FieldPanel("department"), FieldPanel("doc_number")]),
                FieldPanel("title"),
                FieldPanel("summary"),
                FieldPanel("keywords"),
                FieldPanel("body"),
                InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
            ],
            heading=_("Content"),
        ),
        ObjectList(
            [
                FieldRowPanel([FieldPanel("formed_on"), FieldPanel("effective_from")]),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("invalid_from")]),
                FieldRowPanel([FieldPanel("attribute"), FieldPanel("legal_ground")]),
                MultiFieldPanel(
                    [FieldPanel("sensitive"), FieldPanel("review_note")],
                    heading=_("Confidentiality review (保密审查)"),
                ),
                FieldPanel("interprets"),
                FieldPanel("related_items", widget=forms.SelectMultiple(attrs={"size": 8})),
                PublishingPanel(),
            ],
            heading=_("Catalogue and review"),
        ),
        ObjectList(
            [
                FieldRowPanel([FieldPanel("held_at"), FieldPanel("speakers")]),
                FieldPanel("transcript"),
                FieldPanel("questions"),
            ],
            heading=_("Press conference"),
        ),
        ObjectList(
            [FieldPanel("title_en"), FieldPanel("body_en")],
            heading=_("English"),
        ),
    ],
    base_form_class=DisclosureItemForm,
)


# ---- items


def _timeliness_label(item: DisclosureItem) -> str:
    result = timeliness.assess(item)
    text = f"{result.days_used}/{result.limit}"
    if result.status is not timeliness.Status.ON_TIME:
        text = f"{result.status.label} {text}"
    return f"{text} *" if result.provisional else text


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept with the item and in its history; the index number stays with it."),
    )


class WithdrawView(SnippetUnpublishView):
    """Wagtail's unpublish, replaced: a reason is required and recorded (撤回)."""

    permission_required = "withdraw"
    page_title = _("Withdraw")
    template_name = "disclosure/admin/withdraw.html"

    def user_has_permission(self, permission: str) -> bool:
        return services.can_withdraw(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or WithdrawForm()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw_item(
                    actor=request.user, item=self.object, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _g("'%(object)s' withdrawn.") % {"object": self.object})
                return redirect(self.get_next_url())
        return self.render_to_response(self.get_context_data(form=form))


class ItemInspectView(InspectView):
    template_name = "disclosure/admin/inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.object
        context["timeliness"] = timeliness.assess(item)
        context["attachments"] = list(item.attachments.all())
        context["publications"] = list(Publication.objects.filter(item=item).order_by("channel"))
        context["can_withdraw"] = item.live and services.can_withdraw(self.request.user)
        context["withdraw_url"] = reverse("disclosure_items:unpublish", args=[item.pk])
        return context


class DisclosureItemViewSet(SnippetViewSet):
    model = DisclosureItem
    icon = "doc-full"
    menu_label = _("Disclosure items")
    url_prefix = "disclosure/items"
    url_namespace = "disclosure_items"
    edit_handler = ITEM_PANELS
    list_display = [
        "index_no",
        "title",
        "category",
        "department",
        DateColumn("formed_on", label=_("Date formed")),
        DateColumn("published_on", label=_("Date published")),
        Column("timeliness", label=_("Working days used / limit"), accessor=_timeliness_label),
    ]
    list_filter = ["category", "department", "kind", "live", "validity", "sensitive"]
    list_export = ["index_no", "title", "category", "department", "formed_on", "published_on"]
    search_fields = ["title", "index_no", "doc_number", "keywords"]
    search_backend_name = None  # the ORM: drafts too (the search index holds live items)
    inspect_view_enabled = True
    inspect_view_class = ItemInspectView
    unpublish_view_class = WithdrawView
    copy_view_enabled = False

    def get_queryset(self, request: HttpRequest) -> Any:
        return DisclosureItem.objects.select_related("category", "department")


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "list-ul"
    menu_label = _("Catalogue")
    url_prefix = "disclosure/catalogue"
    url_namespace = "disclosure_catalogue"
    list_display = ["code", "name", "name_en", "parent", "department", "time_limit_days"]
    list_filter = ["parent", "department", "is_active"]
    search_fields = ["code", "name", "name_en"]
    search_backend_name = None
    list_per_page = 100
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("parent")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("department"), FieldPanel("time_limit_days")]),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]


class DisclosureViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Proactive disclosure")
    menu_icon = "doc-full"
    menu_order = 300
    items = (DisclosureItemViewSet, CategoryViewSet)


register_snippet(DisclosureViewSetGroup)


# ---- doors (core.admin_access): the screens of items, their choosers and bulk actions
# only for staff who hold a permission on items; the workflow screens (actions,
# cancellation, preview, history) for those who may change items — editors, reviewers,
# heads, superusers. Case handlers and data managers get a 403. Which step each may take
# stays the tasks' decision (workflow.py).


def _chooser(model: Any) -> str:
    return f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}:*"


admin_access.register(
    [f"{DisclosureItemViewSet.url_namespace}:*", _chooser(DisclosureItem)],
    admin_access.holds_model_permission(DisclosureItem),
)
admin_access.register(
    f"{DisclosureItemViewSet.url_namespace}:*workflow*",
    admin_access.holds_model_permission(DisclosureItem, ["change"]),
)
admin_access.register(  # items name their category with this chooser
    _chooser(Category),
    admin_access.any_of(
        admin_access.holds_model_permission(Category),
        admin_access.holds_model_permission(DisclosureItem, ["add", "change"]),
    ),
)
admin_access.register(_chooser(Publication), admin_access.holds_model_permission(Publication))


@hooks.register("after_create_snippet")
def assign_index_number(request: HttpRequest, instance: Any) -> None:
    """Items created in the back office get their index number like the service's."""
    if isinstance(instance, DisclosureItem) and not instance.index_no:
        services.assign_index_number(actor=request.user, item=instance)


@hooks.register("register_snippet_listing_buttons")
def withdraw_button(snippet: Any, user: Any, next_url: str | None = None) -> list[Button]:
    if isinstance(snippet, DisclosureItem) and snippet.live and services.can_withdraw(user):
        return [
            Button(
                _("Withdraw"),
                url=reverse("disclosure_items:unpublish", args=[snippet.pk]),
                icon_name="cross",
                priority=60,
            )
        ]
    return []


# ---- reports


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Catalogue category"),
        queryset=Category.objects.filter(parent__isnull=True),
        required=False,
    )


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"
    filename = "report"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not reads_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = ReportFilterForm(request.GET or None)
        self.filters = self.form.cleaned_data if self.form.is_valid() else {}
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            return spreadsheets.attachment(fmt, self.filename, self.sheets())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        query = self.request.GET.copy()
        query.pop("export", None)
        context["csv_url"] = f"?{query.urlencode()}&export=csv"
        context["xlsx_url"] = f"?{query.urlencode()}&export=xlsx"
        return context

    def sheets(self) -> list[spreadsheets.Sheet]:
        raise NotImplementedError


class TimelinessReportView(ReportView):
    page_title = _("Disclosure timeliness")
    template_name = "disclosure/admin/timeliness_report.html"
    filename = "disclosure-timeliness"

    def report(self) -> selectors.TimelinessReport:
        return selectors.timeliness_report(
            start=self.filters.get("start"),
            end=self.filters.get("end"),
            department=self.filters.get("department"),
            category=self.filters.get("category"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = self.report()
        return context

    def sheets(self) -> list[spreadsheets.Sheet]:
        report = self.report()
        summary_header = [
            _g("Items"),
            _g("Published"),
            _g("Published late"),
            _g("Unpublished"),
            _g("Unpublished, late"),
            _g("Unpublished, due soon"),
        ]

        def summary_row(summary: selectors.TimelinessSummary) -> list[Any]:
            return [
                summary.total,
                summary.published,
                summary.published_late,
                summary.pending,
                summary.pending_late,
                summary.due_soon,
            ]

        return [
            (
                _g("Late and pending items"),
                [
                    _g("Index number"),
                    _g("Title"),
                    _g("Department"),
                    _g("Catalogue category"),
                    _g("Date formed"),
                    _g("Date published"),
                    _g("Working days used"),
                    _g("Time limit (working days)"),
                    _g("Due"),
                    _g("Status"),
                    _g("Provisional"),
                ],
                [
                    [
                        item.index_no,
                        item.title,
                        item.department,
                        item.category,
                        item.formed_on,
                        item.published_on,
                        result.days_used,
                        result.limit,
                        result.due,
                        result.status.label,
                        result.provisional,
                    ]
                    for item, result in report.rows
                ],
            ),
            (
                _g("By department"),
                [_g("Department"), *summary_header],
                [[s.key, *summary_row(s)] for s in report.by_department],
            ),
            (
                _g("By category"),
                [_g("Catalogue category"), *summary_header],
                [[s.key, *summary_row(s)] for s in report.by_category],
            ),
        ]


class StatisticsReportView(ReportView):
    page_title = _("Disclosure statistics")
    template_name = "disclosure/admin/statistics_report.html"
    filename = "disclosure-statistics"

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        start = self.filters.get("start") or date(today.year, 1, 1)
        end = self.filters.get("end") or date(today.year, 12, 31)
        return (start, end) if start <= end else (end, start)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["stats"] = selectors.publication_statistics(*self.period())
        return context

    def sheets(self) -> list[spreadsheets.Sheet]:
        stats = selectors.publication_statistics(*self.period())
        count = _g("Items published")
        return [
            (
                _g("By category"),
                [_g("Code"), _g("Catalogue category"), count],
                [[c.code, c, n] for c, n in stats.by_category],
            ),
            (
                _g("By top-level category"),
                [_g("Code"), _g("Catalogue category"), count],
                [[c.code, c, n] for c, n in stats.by_top_category],
            ),
            (
                _g("By department"),
                [_g("Department"), count],
                [[d, n] for d, n in stats.by_department],
            ),
            (
                _g("By channel"),
                [_g("Channel"), count],
                [[label, n] for _code, label, n in stats.by_channel],
            ),
            (_g("By month"), [_g("Month"), count], stats.by_month),
        ]


@hooks.register("register_admin_urls")
def report_urls() -> list[Any]:
    return [
        path(
            "reports/disclosure-timeliness/",
            TimelinessReportView.as_view(),
            name="disclosure_timeliness_report",
        ),
        path(
            "reports/disclosure-statistics/",
            StatisticsReportView.as_view(),
            name="disclosure_statistics_report",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return reads_reports(request.user)


@hooks.register("register_reports_menu_item")
def timeliness_menu_item() -> MenuItem:
    return ReportMenuItem(
        _("Disclosure timeliness"),
        reverse("disclosure_timeliness_report"),
        name="disclosure-timeliness",
        icon_name="time",
        order=900,
    )


@hooks.register("register_reports_menu_item")
def statistics_menu_item() -> MenuItem:
    return ReportMenuItem(
        _("Disclosure statistics"),
        reverse("disclosure_statistics_report"),
        name="disclosure-statistics",
        icon_name="table",
        order=910,
    )
