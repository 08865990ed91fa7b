"""Reads of the EIA app for its pages, its API, the enterprise page and other apps: the
public projects (those with at least one notice: a project is public from its acceptance
notice on), their stage computed from the notices and the decision, and each notice on
the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext

from lantian.core import privacy
from lantian.core.calendar import work_calendar
from lantian.eia import clock
from lantian.eia.models import Comment, Document, Notice, Project

Stage = Project.Stage


def _has(kind: str) -> Exists:
    return Exists(Notice.objects.filter(project=OuterRef("pk"), kind=kind))


def with_stage(found: QuerySet[Project]) -> QuerySet[Project]:
    """``found`` with ``stage``: completion notice → completion; a decision → decided;
    a proposed-approval notice → pre_approval; an acceptance notice → acceptance."""
    return found.annotate(
        stage=Case(
            When(_has(Notice.Kind.COMPLETION), then=Value(Stage.COMPLETION.value)),
            When(decided_on__isnull=False, then=Value(Stage.DECIDED.value)),
            When(_has(Notice.Kind.PRE_APPROVAL), then=Value(Stage.PRE_APPROVAL.value)),
            When(_has(Notice.Kind.ACCEPTANCE), then=Value(Stage.ACCEPTANCE.value)),
            default=Value(Stage.REGISTERED.value),
        )
    )


def _filtered(
    found: QuerySet[Project],
    *,
    year: int | None = None,
    district: str = "",
    category: str = "",
    stage: str = "",
    industry: str = "",
    q: str = "",
    codes: bool = False,
) -> QuerySet[Project]:
    """``found`` (with its stage) narrowed by the year accepted, a district (name), the
    category, the stage, the industry (a GB/T 4754 code or its first digits: ``44`` is
    the division of electricity and heat) and a search in the project's and builder's
    names and the builder's credit code (``codes``: and the investment project code)."""
    if year:
        found = found.filter(accepted_on__year=year)
    if district:
        found = found.filter(district__name=district)
    if category:
        found = found.filter(category=category)
    if stage:
        found = found.filter(stage=stage)
    if industry:
        found = found.filter(industry_code__startswith=industry)
    q = q.strip()
    if q:
        match = (
            Q(name__icontains=q)
            | Q(builder_name__icontains=q)
            | Q(builder_credit_code__iexact=q.upper())
        )
        found = found.filter(match | Q(project_code__iexact=q) if codes else match)
    return found


def public_projects(
    *,
    year: int | None = None,
    district: str = "",
    category: str = "",
    stage: str = "",
    industry: str = "",
    q: str = "",
) -> QuerySet[Project]:
    """Projects with at least one notice, by the year accepted, a district (name), the
    category, the stage, the industry and a search in the project's and builder's names
    and the builder's credit code; newest accepted first."""
    found = with_stage(
        Project.objects.select_related("district", "enterprise").filter(
            Exists(Notice.objects.filter(project=OuterRef("pk")))
        )
    )
    found = _filtered(
        found,
        year=year,
        district=district,
        category=category,
        stage=stage,
        industry=industry,
        q=q,
    )
    return found.order_by("-accepted_on", "-pk")


def public_project(pk: int) -> Project | None:
    return (
        public_projects().prefetch_related("notices", "pauses", "documents").filter(pk=pk).first()
    )


def public_notices(kind: str = "") -> QuerySet[Notice]:
    """The notices of public projects (of one kind, or all), newest published first (a
    notice without a publication date counts from its first day)."""
    found = Notice.objects.select_related("project", "project__district")
    if kind:
        found = found.filter(kind=kind)
    return found.annotate(published=Coalesce("published_on", "starts_on")).order_by(
        "-published", "-pk"
    )


def project_years() -> list[int]:
    dates = public_projects().filter(accepted_on__isnull=False).dates("accepted_on", "year")
    return sorted({d.year for d in dates}, reverse=True)


def industries() -> list[tuple[str, str]]:
    """The industries (GB/T 4754 code, name) of the public projects, by code."""
    return list(
        public_projects()
        .exclude(industry_code="")
        .order_by("industry_code")
        .values_list("industry_code", "industry_name")
        .distinct()
    )


def districts() -> list[str]:
    return list(
        public_projects()
        .filter(district__isnull=False)
        .order_by("district__name")
        .values_list("district__name", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class NoticeRow:
    """A notice as the public sees it."""

    notice: Notice
    kind: str
    starts_on: date
    ends_on: date
    published_on: date | None
    working_days: int
    minimum: int
    late: bool
    provisional: bool

    @property
    def label(self) -> str:
        return self.notice.get_kind_display()


def notice_rows(project: Project, calendar: Any = None) -> list[NoticeRow]:
    """The project's notices in order, each with its working days (both ends counted)
    and whether it came late: a decision notice more than 7 working days after the
    decision, a completion notice more than 5 after the acceptance report."""
    calendar = calendar or work_calendar()
    rows = []
    for notice in project.notices.all():
        check = clock.check_notice(
            kind=notice.kind,
            starts_on=notice.starts_on,
            ends_on=notice.ends_on,
            calendar=calendar,
            published_on=notice.published_on,
            decided_on=project.decided_on,
        )
        late = check.late
        if notice.kind == Notice.Kind.COMPLETION and project.acceptance_report_on:
            published = notice.published_on or notice.starts_on
            late = clock.completion_published_late(
                project.acceptance_report_on, published, calendar
            )[1]
        rows.append(
            NoticeRow(
                notice=notice,
                kind=notice.kind,
                starts_on=notice.starts_on,
                ends_on=notice.ends_on,
                published_on=notice.published_on,
                working_days=check.working_days,
                minimum=check.minimum,
                late=late,
                provisional=check.provisional,
            )
        )
    return rows


def decision_check(project: Project, today: date) -> clock.DecisionCheck | None:
    """The statutory decision period (None before acceptance)."""
    if project.accepted_on is None:
        return None
    return clock.decision_period(
        category=project.category,
        accepted_on=project.accepted_on,
        pauses=[clock.Pause(p.start, p.end) for p in project.pauses.all()],
        decided_on=project.decided_on,
        today=today,
    )


def stage_of(project: Project) -> str:
    """The stage of one project (the annotation when it has one)."""
    stage = getattr(project, "stage", None)
    if stage is None:
        stage = with_stage(Project.objects.filter(pk=project.pk)).values_list("stage", flat=True)[0]
    return stage


def stage_label(code: str) -> str:
    return str(Stage(code).label)


def as_public_project(
    project: Project, calendar: Any = None, today: date | None = None
) -> dict[str, Any]:
    """The API's view of a project (no personal data: builders are organisations)."""
    period = decision_check(project, today or timezone.localdate())
    return {
        "id": project.pk,
        "name": project.name,
        "builder": project.builder_name,
        "builder_credit_code": project.builder_credit_code,
        "address": project.address,
        "district": project.district.name if project.district else None,
        "latitude": None if project.latitude is None else float(project.latitude),
        "longitude": None if project.longitude is None else float(project.longitude),
        "industry_code": project.industry_code,
        "industry_name": project.industry_name,
        "category": project.category,
        "preparer": project.preparer,
        "investment": None if project.investment is None else float(project.investment),
        "accepted_on": project.accepted_on,
        "stage": stage_of(project),
        "decision": project.decision or None,
        "decision_number": project.decision_number,
        "decided_on": project.decided_on,
        "decision_due": period.due if period else None,
        "decision_late": period.late if period else False,
        "conditions": project.conditions,
        "notices": [
            {
                "kind": row.kind,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
                "published_on": row.published_on,
                "working_days": row.working_days,
                "late": row.late,
            }
            for row in notice_rows(project, calendar)
        ],
        "documents": [
            {
                "kind": d.kind,
                "title": d.title,
                "size": d.size,
                "url": reverse("eia:document", args=[project.pk, d.pk]),
            }
            for d in public_documents(project)
        ],
        "completion": _public_completion(project, today or timezone.localdate(), calendar),
        "comments": comment_counts(project).as_dict(),
    }


def _public_completion(project: Project, today: date, calendar: Any) -> dict[str, Any] | None:
    if project.decision != Project.Decision.APPROVED:
        return None
    check = completion_check(project, today, calendar)
    return {
        "completed_on": project.completed_on,
        "commissioning_from": project.commissioning_from,
        "commissioning_to": project.commissioning_to,
        "acceptance_report_on": project.acceptance_report_on,
        "acceptance_result": project.acceptance_result or None,
        "report_published_late": check.published_late,
        "filed_on": project.acceptance_filed_on,
        "filing_due": check.filing_due,
        "filing_late": check.filing_late,
    }


# --------------------------------------------------------------------------- enterprise page


@dataclass(frozen=True)
class EnterpriseProjects:
    projects: list[Project]
    updated: datetime | None


def enterprise_projects(enterprise: Any) -> EnterpriseProjects:
    """The enterprise's public projects (linked by its credit code), newest first, and
    when the newest of them or their notices last changed."""
    projects = list(public_projects().filter(enterprise=enterprise).prefetch_related("notices"))
    stamps = [p.updated_at for p in projects] + [
        n.updated_at for p in projects for n in p.notices.all()
    ]
    return EnterpriseProjects(projects, max(stamps, default=None))


# --------------------------------------------------------------------------- back office


def staff_projects(
    *, q: str = "", stage: str = "", category: str = "", year: int | None = None
) -> QuerySet[Project]:
    """Every project (with or without notices) for the back office, with its stage: a
    search in the project's and builder's names, the credit code and the investment
    project code; newest accepted first (unaccepted ones first of all)."""
    found = _filtered(
        with_stage(Project.objects.select_related("district")),
        year=year,
        category=category,
        stage=stage,
        q=q,
        codes=True,
    )
    return found.order_by(F("accepted_on").desc(nulls_first=True), "-pk")


def staff_project(pk: int) -> Project | None:
    """One project with its notices, pauses and documents (both versions)."""
    return (
        with_stage(Project.objects.select_related("district", "enterprise"))
        .prefetch_related("notices", "pauses", "documents")
        .filter(pk=pk)
        .first()
    )


# --------------------------------------------------------------------------- documents


def public_documents(project: Project) -> list[Document]:
    """The public versions of the project's documents (never a full text)."""
    return [d for d in project.documents.all() if d.version == Document.Version.PUBLIC]


def public_document(pk: int, document_pk: int) -> Document | None:
    """A public version of a document of a public project, or None (the full text of any
    project, and any document of a project not yet public, are never the public's)."""
    return (
        Document.objects.select_related("project")
        .filter(
            pk=document_pk,
            project_id=pk,
            version=Document.Version.PUBLIC,
            project__in=public_projects(),
        )
        .first()
    )


def staff_document(pk: int, document_pk: int) -> Document | None:
    return Document.objects.filter(pk=document_pk, project_id=pk).first()


# --------------------------------------------------------------------------- completion


@dataclass(frozen=True)
class CompletionCheck:
    """The completion acceptance's deadlines: the report public within 5 working days of
    it, the filing within 5 working days after the notice ends."""

    published_days: int | None  # working days from the report to the notice's publication
    published_late: bool
    filing_due: date | None  # the 5th working day after the notice ends
    filed_days: int | None
    filing_late: bool  # filed late, or not filed and the due date has passed


def completion_check(project: Project, today: date, calendar: Any = None) -> CompletionCheck:
    calendar = calendar or work_calendar()
    notice = next((n for n in project.notices.all() if n.kind == Notice.Kind.COMPLETION), None)
    published_days = filed_days = filing_due = None
    published_late = filing_late = False
    if notice is not None and project.acceptance_report_on:
        published_days, published_late = clock.completion_published_late(
            project.acceptance_report_on, notice.published_on or notice.starts_on, calendar
        )
    if notice is not None:
        filing_due = calendar.add_working_days(
            notice.ends_on, clock.ACCEPTANCE_FILING_WORKING_DAYS
        ).value
        if project.acceptance_filed_on:
            filed_days, filing_late = clock.acceptance_filed_late(
                notice.ends_on, project.acceptance_filed_on, calendar
            )
        else:
            filing_late = today > filing_due
    return CompletionCheck(published_days, published_late, filing_due, filed_days, filing_late)


# --------------------------------------------------------------------------- comments

# The notices that invite the public's comments: not the decision notice, which
# announces what was decided.
COMMENT_KINDS = (Notice.Kind.ACCEPTANCE, Notice.Kind.PRE_APPROVAL, Notice.Kind.COMPLETION)


def invites_comments(notice: Notice) -> bool:
    return notice.kind in COMMENT_KINDS


def open_for_comments(notice: Notice, today: date) -> bool:
    """Whether ``notice`` takes comments on the local date ``today`` (its first and last
    days included)."""
    return invites_comments(notice) and notice.starts_on <= today <= notice.ends_on


def open_notices(project: Project, today: date) -> list[Notice]:
    """The project's notices open for comments on ``today``, in order."""
    return [n for n in project.notices.all() if open_for_comments(n, today)]


def last_comment_period(project: Project, today: date) -> Notice | None:
    """The notice inviting comments that ended last before ``today``."""
    ended = [n for n in project.notices.all() if invites_comments(n) and n.ends_on < today]
    return max(ended, key=lambda n: n.ends_on, default=None)


def next_comment_period(project: Project, today: date) -> Notice | None:
    """The notice inviting comments that starts first after ``today``."""
    coming = [n for n in project.notices.all() if invites_comments(n) and n.starts_on > today]
    return min(coming, key=lambda n: n.starts_on, default=None)


@dataclass(frozen=True)
class CommentCounts:
    """Comments received (whatever their moderation), published, and answered by the
    bureau (published or not)."""

    received: int = 0
    published: int = 0
    replied: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"received": self.received, "published": self.published, "replied": self.replied}


_COMMENT_COUNTS = {
    "received": Q(),
    "published": Q(state=Comment.State.PUBLISHED),
    "replied": ~Q(reply=""),
}


def _counts_by(field: str, comments: QuerySet[Comment]) -> dict[int, CommentCounts]:
    rows = (
        comments.order_by()
        .values(field)
        .annotate(**{name: Count("pk", filter=q) for name, q in _COMMENT_COUNTS.items()})
    )
    return {
        row[field]: CommentCounts(row["received"], row["published"], row["replied"]) for row in rows
    }


def comment_counts(project: Project) -> CommentCounts:
    """The project's comment counts (the annotation of :func:`with_comment_counts` when
    it has one)."""
    if hasattr(project, "comments_received"):
        return CommentCounts(
            project.comments_received, project.comments_published, project.comments_replied
        )
    found = _counts_by("notice__project", Comment.objects.filter(notice__project=project))
    return found.get(project.pk, CommentCounts())


def notice_comment_counts(project: Project) -> dict[int, CommentCounts]:
    """The comment counts of each of the project's notices, by the notice's pk (notices
    without a comment are left out)."""
    return _counts_by("notice", Comment.objects.filter(notice__project=project))


def with_comment_counts(found: QuerySet[Project]) -> QuerySet[Project]:
    """``found`` with ``comments_received``, ``comments_published`` and
    ``comments_replied`` (one subquery each, no join that would repeat a project)."""

    def counted(q: Q) -> Coalesce:
        rows = (
            Comment.objects.filter(q, notice__project=OuterRef("pk"))
            .order_by()
            .values("notice__project")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return found.annotate(**{f"comments_{name}": counted(q) for name, q in _COMMENT_COUNTS.items()})


@dataclass(frozen=True)
class PublicComment:
    """A published comment as the public sees it: never the contact, nor the reason a
    comment was not published, nor who moderated it; the commenter's name, and the
    personal data a commenter or the bureau wrote into the text, masked (core.privacy)."""

    pk: int
    notice: str  # the notice's kind, as a label
    name: str  # the name given, or "Anonymous"
    named: bool
    text: str
    submitted_on: date
    reply: str
    replied_on: date | None


def _masked(text: str, name: str) -> str:
    """``text`` as published: numbers, e-mails, names and house numbers masked."""
    if not text:
        return text
    return privacy.mask_text(privacy.mask_house_numbers(text), names=[name])


def published_comments(project: Project) -> list[PublicComment]:
    """The project's published comments, oldest first, each with the bureau's reply."""
    found = (
        Comment.objects.filter(notice__project=project, state=Comment.State.PUBLISHED)
        .select_related("notice")
        .only("name", "text", "submitted_at", "reply", "replied_at", "notice__kind")
        .order_by("submitted_at", "pk")
    )
    anonymous = pgettext("commenter", "Anonymous")
    return [
        PublicComment(
            pk=c.pk,
            notice=c.notice.get_kind_display(),
            name=privacy.mask_name(c.name) or anonymous,
            named=bool(c.name),
            text=_masked(c.text, c.name),
            submitted_on=timezone.localdate(c.submitted_at),
            reply=_masked(c.reply, c.name),
            replied_on=timezone.localdate(c.replied_at) if c.reply and c.replied_at else None,
        )
        for c in found
    ]


def staff_comments(*, state: str = "", project: int | None = None) -> QuerySet[Comment]:
    """The moderation queue: comments awaiting moderation first (the longest waiting
    first), then the others, newest first; by state and project."""
    found = Comment.objects.select_related("notice", "notice__project")
    if state:
        found = found.filter(state=state)
    if project:
        found = found.filter(notice__project_id=project)
    pending = Q(state=Comment.State.PENDING)
    return found.annotate(
        waiting=Case(When(pending, then=Value(0)), default=Value(1)),
        waiting_since=Case(When(pending, then=F("submitted_at"))),
    ).order_by("waiting", "waiting_since", "-submitted_at", "-pk")


def staff_comment(pk: int) -> Comment | None:
    """One comment with its notice, project and who moderated and answered it."""
    return (
        Comment.objects.select_related("notice", "notice__project", "moderated_by", "replied_by")
        .filter(pk=pk)
        .first()
    )


def pending_comment_count() -> int:
    return Comment.objects.filter(state=Comment.State.PENDING).count()


def decisions_in_year(year: int) -> int:
    """EIA approval decisions (行政许可: approved or not) made in ``year``, for table 二 of
    the annual disclosure report."""
    return Project.objects.filter(decided_on__year=year).exclude(decision="").count()


# ---- transparency self-score (reports.transparency_inputs)


def projects_decided(year: int) -> QuerySet[Project]:
    """Projects decided in ``year`` (approved or not), with their notices, pauses and
    documents, oldest decision first."""
    return (
        Project.objects.filter(decided_on__year=year)
        .prefetch_related("notices", "pauses", "documents")
        .order_by("decided_on", "pk")
    )


def projects_accepted(year: int) -> QuerySet[Project]:
    """Projects accepted in ``year`` that need approval (registration forms are filed,
    not approved), with their notices."""
    return (
        Project.objects.filter(accepted_on__year=year)
        .exclude(category=Project.Category.REGISTRATION_FORM)
        .prefetch_related("notices", "pauses")
        .order_by("accepted_on", "pk")
    )


def public_decision_documents(project: Project) -> list[Document]:
    """The project's public decision documents (from the prefetched documents)."""
    return [
        d
        for d in project.documents.all()
        if d.kind == Document.Kind.DECISION and d.version == Document.Version.PUBLIC
    ]


@dataclass(frozen=True)
class DecisionNotice:
    """A decided project's decision notice against 7 working days after the decision."""

    project: Project
    due: date
    published_on: date | None  # the decision notice's publication (or start)
    late: bool  # published after the due date, or unpublished with the due date passed
    pending: bool  # unpublished, not yet due


def decision_notice(project: Project, today: date, calendar: Any = None) -> DecisionNotice:
    """The decision notice of a decided project (from the prefetched notices)."""
    assert project.decided_on is not None
    calendar = calendar or work_calendar()
    due = clock.decision_publication_due(project.decided_on, calendar).value
    # a notice scheduled after ``today`` is not out yet
    out = [
        n.published_on or n.starts_on
        for n in project.notices.all()
        if n.kind == Notice.Kind.DECISION and (n.published_on or n.starts_on) <= today
    ]
    if not out:
        return DecisionNotice(project, due, None, today > due, today <= due)
    published = min(out)
    late = clock.decision_published_late(project.decided_on, published, calendar)[1]
    return DecisionNotice(project, due, published, late, False)
