"""Every write of the sources app: enterprises, outlets and permits, key-unit listings,
enterprise API keys, self-monitoring data and the exceedance events found in it."""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lantian.core import audit
from lantian.core.models import ApiKey
from lantian.core.services import upsert_audited
from lantian.sources import creditcode, detection, ingest, limits, selectors
from lantian.sources.models import (
    Enterprise,
    EnterpriseAccount,
    EnterpriseKey,
    ExceedanceEvent,
    KeyUnitList,
    KeyUnitListing,
    Measurement,
    MonitoringBatch,
    Outlet,
    OutletPollutant,
    Permit,
)

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
CHUNK = 20_000
EXCEEDANCE_REVIEWED = "lantian.exceedance_reviewed"
EXCEEDANCE_EXPLAINED = "lantian.exceedance_explained"
ACCOUNT_INVITED = "lantian.enterprise_account_invited"
ACCOUNT_REVOKED = "lantian.enterprise_account_revoked"


class NotAllowed(Exception):
    """The actor may not make this change (the message says why)."""


# ---- enterprises, outlets, permits, listings


@transaction.atomic
def save_enterprise(*, actor: Any, credit_code: str, **values: Any) -> Enterprise:
    """Create or update an enterprise by its credit code (validated, check character
    included)."""
    return upsert_audited(
        actor=actor,
        model=Enterprise,
        lookup={"credit_code": creditcode.normalise(credit_code)},
        values=values,
    )


@transaction.atomic
def save_outlet(
    *,
    actor: Any,
    enterprise: Enterprise,
    code: str,
    pollutants: Iterable[str] = (),
    permit_limits: dict[str, float] | None = None,
    **values: Any,
) -> Outlet:
    """Create or update an outlet and the pollutants it monitors (HJ 212 codes; a permit
    limit per pollutant where the permit sets one). ``pollutants`` is the whole set: one
    no longer in it stops being monitored (later submissions of it are refused; its
    stored values and events stay)."""
    known = limits.pollutants()
    unknown = [p for p in pollutants if p not in known]
    if unknown:
        raise ValueError(f"unknown HJ 212 pollutant codes: {', '.join(unknown)}")
    outlet = upsert_audited(
        actor=actor, model=Outlet, lookup={"enterprise": enterprise, "code": code}, values=values
    )
    permit_limits = permit_limits or {}
    pollutants = list(pollutants)
    for dropped in outlet.pollutants.exclude(pollutant__in=pollutants):
        audit.record(
            actor=actor,
            instance=dropped,
            action="wagtail.delete",
            data={"outlet": outlet.code, "pollutant": dropped.pollutant},
        )
        dropped.delete()
    for pollutant in pollutants:
        upsert_audited(
            actor=actor,
            model=OutletPollutant,
            lookup={"outlet": outlet, "pollutant": pollutant},
            values={"permit_limit": permit_limits.get(pollutant)},
        )
    return outlet


@transaction.atomic
def save_permit(*, actor: Any, enterprise: Enterprise, number: str, **values: Any) -> Permit:
    return upsert_audited(
        actor=actor,
        model=Permit,
        lookup={"number": number},
        values={"enterprise": enterprise, **values},
    )


@transaction.atomic
def list_key_unit(
    *, actor: Any, enterprise: Enterprise, year: int, medium: str, level: str
) -> KeyUnitListing:
    return upsert_audited(
        actor=actor,
        model=KeyUnitListing,
        lookup={"enterprise": enterprise, "year": year, "medium": medium},
        values={"level": level},
    )


@transaction.atomic
def remove_listing(*, actor: Any, listing: KeyUnitListing) -> None:
    """Take an enterprise off a year's list, before that year's list is sent to
    publication (afterwards the published list would no longer match)."""
    if KeyUnitList.objects.filter(year=listing.year, sent_on__isnull=False).exists():
        raise ValidationError(
            _("The %(year)s list has been sent to publication: it no longer changes.")
            % {"year": listing.year},
            code="published",
        )
    audit.record(
        actor=actor,
        instance=listing.enterprise,
        action="wagtail.delete",
        data={"listing": listing.pk, "year": listing.year, "medium": listing.medium},
    )
    listing.delete()


@transaction.atomic
def bind_key(*, actor: Any, api_key: ApiKey, enterprise: Enterprise) -> EnterpriseKey:
    """Let ``api_key`` submit data for ``enterprise``'s outlets, and for no other's."""
    return upsert_audited(
        actor=actor,
        model=EnterpriseKey,
        lookup={"api_key": api_key},
        values={"enterprise": enterprise},
    )


# ---- enterprise accounts


@transaction.atomic
def invite_account(
    *, actor: Any, enterprise: Enterprise, email: str, name: str
) -> EnterpriseAccount:
    """A new account acting for ``enterprise``: a user signed in by e-mail address, with no
    password until the invitation's link sets one, and no access to the back office."""
    email = email.strip().lower()
    user_model = get_user_model()
    if user_model.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError(
            {"email": _("An account with this e-mail address exists already.")}, code="taken"
        )
    user = user_model(username=email, email=email, first_name=name.strip()[:150])
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    account = EnterpriseAccount.objects.create(user=user, enterprise=enterprise, invited_by=actor)
    audit.record(
        actor=actor,
        instance=enterprise,
        action=ACCOUNT_INVITED,
        data={"account": account.pk, "email": email},
    )
    return account


def send_invitation(*, account: EnterpriseAccount, link: str) -> None:
    """E-mail the account's holder the link that sets the password (valid until used, or
    until ``PASSWORD_RESET_TIMEOUT``)."""
    enterprise = account.enterprise
    subject = _("Your account for %(name)s") % {"name": enterprise.name}
    body = _(
        "An account was opened for you to act for %(name)s (%(code)s) on the bureau's "
        "website: to submit its environmental disclosure reports and explain its "
        "exceedance events.\n\nSet your password here:\n%(link)s\n\nThe link works once. "
        "If you did not expect this message, ignore it."
    ) % {"name": enterprise.name, "code": enterprise.credit_code, "link": link}
    send_mail(subject, body, None, [account.user.email])


@transaction.atomic
def revoke_account(*, actor: Any, account: EnterpriseAccount) -> EnterpriseAccount:
    """The account can no longer sign in; what it submitted stays attributed to it."""
    user = account.user
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            instance=account.enterprise,
            action=ACCOUNT_REVOKED,
            data={"account": account.pk, "email": user.email},
        )
    return account


# ---- self-monitoring data


def pollutant_units() -> dict[str, ingest.PollutantUnit]:
    return {
        code: ingest.PollutantUnit(info["medium"], ingest.normalise_unit(info["unit"]))
        for code, info in limits.pollutants().items()
    }


def _resolve_outlets(
    columns: ingest.Columns, enterprise: Enterprise | None
) -> tuple[list[tuple[int, str] | None], list[ingest.Rejection]]:
    """The outlet id and pollutant of each series of ``columns`` (None for a refused
    one), and refusals of the rows whose enterprise, outlet or pollutant is unknown (or,
    for an enterprise's key, not its own)."""
    codes = {credit_code for credit_code, _o, _p in columns.keys}
    outlets = {
        (o.enterprise.credit_code, o.code): o
        for o in Outlet.objects.filter(enterprise__credit_code__in=codes).select_related(
            "enterprise"
        )
    }
    known_enterprises = set(
        Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
    )
    monitored = set(
        OutletPollutant.objects.filter(outlet__in=list(outlets.values())).values_list(
            "outlet_id", "pollutant"
        )
    )
    media = {code: info["medium"] for code, info in limits.pollutants().items()}
    resolved: list[tuple[int, str] | None] = []
    refusals: dict[int, list[str]] = {}
    for s, (credit_code, outlet_code, pollutant) in enumerate(columns.keys):
        reasons: list[str] = []
        outlet = outlets.get((credit_code, outlet_code))
        if enterprise is not None and credit_code != enterprise.credit_code:
            # an enterprise's key learns nothing of other enterprises' outlets
            reasons.append(f"credit_code: this key submits for {enterprise.credit_code} only")
        elif credit_code not in known_enterprises:
            reasons.append(f"credit_code: no enterprise {credit_code} is registered")
        elif outlet is None:
            reasons.append(f"outlet_code: {credit_code} has no outlet {outlet_code!r}")
        elif media[pollutant] != outlet.kind:
            reasons.append(
                f"pollutant: {pollutant} is a {media[pollutant]} pollutant, "
                f"outlet {outlet.code} discharges {outlet.kind}"
            )
        elif (outlet.pk, pollutant) not in monitored:
            reasons.append(f"pollutant: outlet {outlet.code} does not monitor {pollutant}")
        if reasons:
            refusals[s] = reasons
            resolved.append(None)
        else:
            assert outlet is not None
            resolved.append((outlet.pk, pollutant))
    refused: list[ingest.Rejection] = []
    if refusals:
        bad = np.flatnonzero(np.isin(columns.series, list(refusals)))
        rows = columns.to_rows()
        for i in bad.tolist():
            row = rows[i]
            raw = {
                "credit_code": row.credit_code,
                "outlet_code": row.outlet_code,
                "pollutant": row.pollutant,
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "value": "" if row.value is None else f"{row.value:g}",
                "o2": "" if row.o2 is None else f"{row.o2:g}",
                "flag": row.flag,
            }
            refused.append(ingest.Rejection(row.number, refusals[int(columns.series[i])], raw))
    return resolved, refused


Window = tuple[datetime, datetime]


def _windows(spans: dict[tuple[int, str], Window]) -> dict[Window, list[tuple[int, str]]]:
    """The series grouped by their window (a file's series usually share one)."""
    groups: dict[Window, list[tuple[int, str]]] = {}
    for pair, window in spans.items():
        groups.setdefault(window, []).append(pair)
    return groups


def _stored_rows(
    model: Any, fields: list[str], spans: dict[tuple[int, str], Window]
) -> list[tuple]:
    """The ``fields`` (``outlet_id`` and ``pollutant`` first) of ``model``'s rows of each
    ``(outlet id, pollutant)`` starting in its window ``[from, to)``: a few queries for
    many series, values as the database driver returns them (no per-row conversion)."""
    found: list[tuple] = []
    for (low, high), pairs in _windows(spans).items():
        for first in range(0, len(pairs), 500):
            chunk = pairs[first : first + 500]
            wanted = set(chunk)  # a chunk's query may find other pollutants of its outlets
            query = model.objects.filter(
                outlet_id__in={o for o, _p in chunk},
                pollutant__in={p for _o, p in chunk},
                start__gte=low,
                start__lt=high,
            ).values_list(*fields)
            sql, params = query.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            found.extend(row for row in rows if (row[0], row[1]) in wanted)
    return found


def _micros(values: list[Any]) -> np.ndarray:
    """Microseconds since the epoch (UTC) of datetimes as the database driver returns them
    (aware datetimes, or SQLite's naive UTC text), converted once per distinct value."""
    cache: dict[Any, int] = {}
    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        micros = cache.get(value)
        if micros is None:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else value
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            micros = cache[value] = (moment - _EPOCH) // timedelta(microseconds=1)
        out[i] = micros
    return out


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _aware(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _nullable(values: np.ndarray) -> list[float | None]:
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()


def ingest_payload(
    *,
    actor: Any,
    content: bytes,
    filename: str,
    source: str = MonitoringBatch.Source.FILE,
    enterprise: Enterprise | None = None,
    progress: Progress | None = None,
    detect: bool = True,
    batch: MonitoringBatch | None = None,
) -> MonitoringBatch:
    """Check and store a file or payload of self-monitoring values, then find the
    exceedances of the periods it touched.

    ``enterprise`` is the enterprise an API key is bound to: rows of other enterprises are
    refused. Idempotent: the same payload again changes no value. A changed value replaces
    the stored one (the batch that brought it is recorded). Raises
    :class:`lantian.sources.ingest.FileError` when the file as a whole is unreadable;
    nothing is written then.

    Works on columns: the rows are checked by column, matched to their outlet once per
    (enterprise, outlet, pollutant), compared with the stored rows of each series' span
    in a few queries, and written with one ``executemany`` of plain tuples.

    ``batch`` is a queued batch that already holds ``content`` (:func:`queue_payload`):
    the import fills it in and marks it done instead of creating one.
    """
    parsed = ingest.read(
        content, filename, pollutant_units(), credit_code_problem=creditcode.validate
    )
    columns = parsed.columns
    resolved, refused = _resolve_outlets(columns, enterprise)
    rejected = sorted(parsed.rejected + refused, key=lambda r: r.number)
    ok_series = np.array([pair is not None for pair in resolved], dtype=bool)
    keep = np.flatnonzero(ok_series[columns.series]) if len(columns) else np.zeros(0, np.int64)
    series = columns.series[keep]
    start = columns.start[keep].view(np.int64)
    end = columns.end[keep].view(np.int64)
    value, o2, flag = columns.value[keep], columns.o2[keep], columns.flag[keep]
    total = int(keep.size)
    number_of = {pair: i for i, pair in enumerate(resolved) if pair is not None}

    # the stored rows of each series' span
    big = np.iinfo(np.int64).max
    low = np.full(len(resolved), big, dtype=np.int64)
    high = np.full(len(resolved), -big, dtype=np.int64)
    np.minimum.at(low, series, start)
    np.maximum.at(high, series, start)
    spans = {
        pair: (_aware(int(low[s])), _aware(int(high[s]) + 1))
        for pair, s in number_of.items()
        if low[s] != big
    }
    fields = ["outlet_id", "pollutant", "start", "end", "value", "o2", "flag", "id"]
    stored = _stored_rows(Measurement, fields, spans)
    unchanged_mask = np.zeros(total, dtype=bool)
    changed_id = np.full(total, -1, dtype=np.int64)
    others = np.zeros(0, dtype=np.int64)  # stored rows in the spans that the file lacks
    s_start = np.zeros(0, dtype=np.int64)
    if stored:
        s_start = _micros([r[2] for r in stored])
        at = {
            (number_of[(r[0], r[1])], t): k
            for k, (r, t) in enumerate(zip(stored, s_start.tolist(), strict=True))
        }
        hit = np.array(
            [at.get(key, -1) for key in zip(series.tolist(), start.tolist(), strict=True)],
            dtype=np.int64,
        )
        found = np.flatnonzero(hit >= 0)
        rows = [stored[k] for k in hit[found].tolist()]
        s_end = _micros([r[3] for r in rows])
        s_value = np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float)
        s_o2 = np.array([np.nan if r[5] is None else r[5] for r in rows], dtype=float)
        s_flag = np.array([r[6] for r in rows], dtype=object)

        def same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return (a == b) | (np.isnan(a) & np.isnan(b))

        equal = (
            (s_end == end[found])
            & same(s_value, value[found])
            & same(s_o2, o2[found])
            & (s_flag == flag[found]).astype(bool)
        )
        unchanged_mask[found[equal]] = True
        changed_id[found[~equal]] = [rows[k][7] for k in np.flatnonzero(~equal).tolist()]
        matched = np.zeros(len(stored), dtype=bool)
        matched[hit[found]] = True
        others = np.flatnonzero(~matched)
    unchanged = int(unchanged_mask.sum())
    write = np.flatnonzero(~unchanged_mask)
    new = write[changed_id[write] < 0]
    changed = write[changed_id[write] >= 0]

    # the periods touched, per series, for the detection
    touched: dict[tuple[int, str], list[datetime]] = {}
    if write.size:
        t_low = np.full(len(resolved), big, dtype=np.int64)
        t_high = np.full(len(resolved), -big, dtype=np.int64)
        np.minimum.at(t_low, series[write], start[write])
        np.maximum.at(t_high, series[write], end[write])
        touched = {
            pair: [_aware(int(t_low[s])), _aware(int(t_high[s]))]
            for pair, s in number_of.items()
            if t_low[s] != big
        }
    if progress:
        progress(0, total)  # before the transaction: the total is seen while it writes
    with transaction.atomic():
        queued = batch is not None
        batch = batch or _new_batch(actor, content, filename, source, enterprise)
        _write(
            batch.pk, resolved, series, start, end, value, o2, flag, new, changed_id, changed,
            total, progress,
        )  # fmt: skip
        created, updated = int(new.size), int(changed.size)
        events = {}
        if detect and touched:
            # After the write, the stored rows of each series' span are the file's rows
            # and the stored ones it lacks (read above): the detection reads from the
            # database only what lies outside the spans (its margins).
            extra = [stored[k] for k in others.tolist()]
            held = HeldRows(
                pairs=resolved,
                covered={
                    pair: (int(low[s]), int(high[s]) + 1)
                    for pair, s in number_of.items()
                    if low[s] != big
                },
                index=np.concatenate(
                    [series, np.array([number_of[(r[0], r[1])] for r in extra], dtype=np.int64)]
                ),
                start=np.concatenate([start, s_start[others]]),
                end=np.concatenate([end, _micros([r[3] for r in extra])]),
                value=np.concatenate([value, _floats([r[4] for r in extra])]),
                o2=np.concatenate([o2, _floats([r[5] for r in extra])]),
                flag=np.concatenate(
                    [flag.astype(object), np.array([r[6] for r in extra], dtype=object)]
                ),
            )
            events = detect_exceedances(touched, held=held)
        batch.accepted, batch.unchanged = created + updated, unchanged
        batch.rejected = len(rejected)
        batch.state = MonitoringBatch.State.DONE
        batch.rows_total = batch.rows_done = total
        batch.report = {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "exceedances": events,
            "rejected": [{"row": r.number, "reasons": r.reasons, "raw": r.raw} for r in rejected],
        }
        # not the raw payload again (written once on create)
        batch.save(
            update_fields=[
                "accepted", "unchanged", "rejected", "report", "state", "rows_total", "rows_done",
            ]
        )  # fmt: skip
        audit.record(
            actor=actor,
            instance=batch,
            action="wagtail.edit" if queued else "wagtail.create",
            data={"created": created, "updated": updated, "rejected": batch.rejected},
        )
    return batch


def _new_batch(
    actor: Any,
    content: bytes,
    filename: str,
    source: str,
    enterprise: Enterprise | None,
    state: str = MonitoringBatch.State.DONE,
) -> MonitoringBatch:
    """A batch row holding the raw payload as received (written once)."""
    return MonitoringBatch.objects.create(
        source=source,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        raw=content,
        enterprise=enterprise,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        state=state,
    )


@transaction.atomic
def queue_payload(
    *,
    actor: Any,
    content: bytes,
    filename: str,
    source: str = MonitoringBatch.Source.STAFF,
    enterprise: Enterprise | None = None,
) -> MonitoringBatch:
    """Keep a (large) file of self-monitoring values as a queued batch, for the background
    job :func:`lantian.sources.tasks.import_batch` to import (:func:`import_queued_batch`);
    the caller enqueues it with :func:`lantian.core.jobs.enqueue_on_commit` (the task
    module imports this one). The batch's page follows its progress."""
    batch = _new_batch(
        actor, content, filename, source, enterprise, state=MonitoringBatch.State.QUEUED
    )
    audit.record(
        actor=actor,
        instance=batch,
        action="wagtail.create",
        data={"state": batch.state, "bytes": len(content)},
    )
    return batch


def import_queued_batch(*, batch_id: int) -> MonitoringBatch | None:
    """Import a queued batch (the background job): claim it (queued → running), import
    its payload as :func:`ingest_payload` does, reporting the rows written as it goes, and
    end done, or failed with the reason and nothing written. A batch that is not queued
    (done, failed, or claimed by another worker) is left alone: None."""
    State = MonitoringBatch.State
    claimed = MonitoringBatch.objects.filter(pk=batch_id, state=State.QUEUED).update(
        state=State.RUNNING
    )
    if not claimed:
        return None
    batch = MonitoringBatch.objects.select_related("submitted_by", "enterprise").get(pk=batch_id)
    key = selectors.batch_progress_key(batch_id)

    def progress(done: int, total: int) -> None:
        # The rows are written in one transaction, which other connections do not see
        # until it commits: the shared cache carries the count meanwhile; the row itself
        # holds what was committed (the total, before the write starts).
        cache.set(key, done, timeout=6 * 3600)
        MonitoringBatch.objects.filter(pk=batch_id).update(rows_done=done, rows_total=total)

    try:
        return ingest_payload(
            actor=batch.submitted_by,
            content=bytes(batch.raw),
            filename=batch.filename,
            source=batch.source,
            enterprise=batch.enterprise,
            progress=progress,
            batch=batch,
        )
    except ingest.FileError as error:
        _fail(batch, str(error))
        return batch
    except Exception as error:
        logger.exception("import of monitoring batch %s failed", batch_id)
        _fail(batch, f"the import stopped on an unexpected error ({type(error).__name__})")
        raise
    finally:
        cache.delete(key)


@transaction.atomic
def _fail(batch: MonitoringBatch, reason: str) -> None:
    batch.state, batch.error, batch.rows_done = MonitoringBatch.State.FAILED, reason, 0
    batch.save(update_fields=["state", "error", "rows_done"])
    audit.record(
        actor=batch.submitted_by,
        instance=batch,
        action="wagtail.edit",
        data={"state": batch.state, "error": reason},
    )


def _write(
    batch_id: int,
    resolved: list[tuple[int, str] | None],
    series: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    value: np.ndarray,
    o2: np.ndarray,
    flag: np.ndarray,
    new: np.ndarray,
    changed_id: np.ndarray,
    changed: np.ndarray,
    total: int,
    progress: Progress | None,
) -> None:
    """INSERT the ``new`` rows and UPDATE the ``changed`` ones with ``executemany`` of
    plain tuples in the database's form (each distinct time adapted once)."""
    adapt = connection.ops.adapt_datetimefield_value
    times: dict[int, Any] = {}

    def adapted(micros: np.ndarray) -> list[Any]:
        distinct, codes = np.unique(micros, return_inverse=True)
        forms = []
        for m in distinct.tolist():
            if m not in times:
                times[m] = adapt(_aware(m))
            forms.append(times[m])
        return np.array(forms, dtype=object)[codes.reshape(-1)].tolist()

    outlet_of = np.array([pair[0] if pair else 0 for pair in resolved], dtype=np.int64)
    pollutant_of = np.array([pair[1] if pair else "" for pair in resolved], dtype=object)
    quote = connection.ops.quote_name
    table = quote(Measurement._meta.db_table)
    names = ("outlet_id", "pollutant", "start", "end", "value", "o2", "flag", "batch_id")
    insert = (
        f"INSERT INTO {table} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    # A value another submission stored for the same period since this one compared (two
    # imports at once) is replaced, not a unique-index error: the chunk that meets one is
    # written again as an upsert. Only then, because SQLite's upsert is about three times
    # slower than its plain INSERT.
    kept = ("end", "value", "o2", "flag", "batch_id")
    upsert = (
        f"{insert} ON CONFLICT ({quote('outlet_id')}, {quote('pollutant')}, {quote('start')}) "
        f"DO UPDATE SET {', '.join(f'{quote(n)} = excluded.{quote(n)}' for n in kept)}"
    )
    update = (
        f"UPDATE {table} SET {quote('end')} = %s, {quote('value')} = %s, {quote('o2')} = %s, "
        f"{quote('flag')} = %s, {quote('batch_id')} = %s WHERE {quote('id')} = %s"
    )
    done = 0
    with connection.cursor() as cursor:
        for first in range(0, int(new.size), CHUNK):
            rows = new[first : first + CHUNK]
            s = series[rows]
            tuples = list(
                zip(
                    outlet_of[s].tolist(),
                    pollutant_of[s].tolist(),
                    adapted(start[rows]),
                    adapted(end[rows]),
                    _nullable(value[rows]),
                    _nullable(o2[rows]),
                    flag[rows].tolist(),
                    itertools.repeat(batch_id),
                )
            )
            try:
                with transaction.atomic():  # a savepoint: PostgreSQL goes on after the error
                    cursor.executemany(insert, tuples)
            except IntegrityError:
                cursor.executemany(upsert, tuples)
            done += int(rows.size)
            if progress:
                progress(done, total)
        if changed.size:
            cursor.executemany(
                update,
                list(
                    zip(
                        adapted(end[changed]),
                        _nullable(value[changed]),
                        _nullable(o2[changed]),
                        flag[changed].tolist(),
                        itertools.repeat(batch_id),
                        changed_id[changed].tolist(),
                    )
                ),
            )
    if progress:
        progress(total, total)


# ---- exceedances

# An event may run across the edge of the data just loaded: look this far either side.
EVENT_MARGIN = timedelta(days=2)
EVENT_FIELDS = ["end", "periods", "maximum", "mean", "limit", "multiple", "limit_source"]


@dataclass
class HeldRows:
    """Stored rows a caller already holds in memory: for each ``(outlet id, pollutant)``
    in ``covered``, every stored row whose start lies in its ``[low, high)`` (microseconds
    since the epoch, UTC). Row ``i`` of the arrays is of ``pairs[index[i]]`` (times in
    microseconds, NaN for no value or O2)."""

    pairs: list[tuple[int, str] | None]
    covered: dict[tuple[int, str], tuple[int, int]]
    index: np.ndarray
    start: np.ndarray
    end: np.ndarray
    value: np.ndarray
    o2: np.ndarray
    flag: np.ndarray  # object (str)


def _floats(values: list[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def detect_exceedances(
    spans: dict[tuple[int, str], list[datetime]], *, held: HeldRows | None = None
) -> dict[str, int]:
    """Find the exceedance events of each ``(outlet id, pollutant)`` over its span (widened
    by :data:`EVENT_MARGIN`) and store them: an event found again keeps its review and the
    enterprise's explanation; an event no longer found is removed unless staff reviewed
    it. Returns counts ``{"found", "created", "removed"}``.

    All series are read in a few queries and judged in one pass of the engine
    (:func:`lantian.sources.detection.events_of_many`). With ``held``, the rows it covers
    are taken from it and only the rest of each window is read (the same rows as the
    database holds, without reading them back)."""
    if not spans:
        return {"found": 0, "created": 0, "removed": 0}
    pairs = list(spans)
    windows = {
        pair: (first - EVENT_MARGIN, last + EVENT_MARGIN) for pair, (first, last) in spans.items()
    }
    outlets = Outlet.objects.in_bulk({outlet_id for outlet_id, _p in pairs})
    permit = dict(
        (((op.outlet_id, op.pollutant), op.permit_limit))
        for op in OutletPollutant.objects.filter(outlet_id__in=list(outlets))
    )
    index, start, end, value, o2, flag = _window_rows(pairs, windows, held)
    found = detection.events_of_many(
        [detection.Series(outlets[o], p, permit.get((o, p))) for o, p in pairs],
        index=index,
        start=start.view("datetime64[us]"),
        end=end.view("datetime64[us]"),
        value=value,
        o2=o2,
        flag=flag,
    )
    stored: dict[tuple[int, str, datetime], ExceedanceEvent] = {}
    for (low, high), group in _windows(windows).items():
        for first in range(0, len(group), 500):
            chunk = group[first : first + 500]
            wanted = set(chunk)
            for event in ExceedanceEvent.objects.filter(
                outlet_id__in={o for o, _p in chunk},
                pollutant__in={p for _o, p in chunk},
                start__gte=low,
                start__lt=high,
            ):
                if (event.outlet_id, event.pollutant) in wanted:
                    stored[(event.outlet_id, event.pollutant, event.start)] = event
    now = timezone.now()
    create: list[ExceedanceEvent] = []
    update: list[ExceedanceEvent] = []
    for (outlet_id, pollutant), events in zip(pairs, found, strict=True):
        for event in events:
            values = {
                "end": event.end,
                "periods": event.periods,
                "maximum": event.maximum,
                "mean": event.mean,
                "limit": event.limit,
                "multiple": event.multiple,
                "limit_source": event.source,
            }
            record = stored.pop((outlet_id, pollutant, event.start), None)
            if record is None:
                create.append(
                    ExceedanceEvent(
                        outlet_id=outlet_id, pollutant=pollutant, start=event.start,
                        detected_at=now, **values,
                    )
                )  # fmt: skip
            else:
                for name, value in values.items():
                    setattr(record, name, value)
                record.detected_at = now
                update.append(record)
    ExceedanceEvent.objects.bulk_create(create, batch_size=1000)
    ExceedanceEvent.objects.bulk_update(update, [*EVENT_FIELDS, "detected_at"], batch_size=1000)
    stale = [e.pk for e in stored.values() if e.review == ExceedanceEvent.Review.UNREVIEWED]
    removed = 0
    for first in range(0, len(stale), 500):
        removed += ExceedanceEvent.objects.filter(pk__in=stale[first : first + 500]).delete()[0]
    return {
        "found": sum(len(events) for events in found),
        "created": len(create),
        "removed": removed,
    }


def _window_rows(
    pairs: list[tuple[int, str]], windows: dict[tuple[int, str], Window], held: HeldRows | None
) -> tuple[np.ndarray, ...]:
    """The stored rows of each pair starting in its window, as arrays (index into
    ``pairs``, start and end microseconds, value, O2, flag): from ``held`` where it covers
    them, from the database elsewhere."""
    number_of = {pair: i for i, pair in enumerate(pairs)}
    parts: list[dict[tuple[int, str], Window]] = [{}]
    if held is None:
        parts[0] = windows
    else:
        below: dict[tuple[int, str], Window] = {}
        above: dict[tuple[int, str], Window] = {}
        for pair, (low, high) in windows.items():
            cover = held.covered.get(pair)
            if cover is None:
                parts[0][pair] = (low, high)
                continue
            c_low, c_high = _aware(cover[0]), _aware(cover[1])
            if low < min(c_low, high):
                below[pair] = (low, min(c_low, high))
            if max(c_high, low) < high:
                above[pair] = (max(c_high, low), high)
        parts += [below, above]
    fields = ["outlet_id", "pollutant", "start", "end", "value", "o2", "flag"]
    rows = [row for part in parts if part for row in _stored_rows(Measurement, fields, part)]
    index = np.array([number_of[(r[0], r[1])] for r in rows], dtype=np.int64)
    start = _micros([r[2] for r in rows])
    end = _micros([r[3] for r in rows])
    value = _floats([r[4] for r in rows])
    o2 = _floats([r[5] for r in rows])
    flag = np.array([r[6] for r in rows], dtype=object)
    if held is None or held.index.size == 0:
        return index, start, end, value, o2, flag
    # the held rows of the pairs detected, within their windows
    remap = np.array(
        [-1 if p is None or p not in number_of or p not in held.covered else number_of[p]
         for p in held.pairs],
        dtype=np.int64,
    )  # fmt: skip
    low = np.array([_micros_of(windows[p][0]) for p in pairs], dtype=np.int64)
    high = np.array([_micros_of(windows[p][1]) for p in pairs], dtype=np.int64)
    at = remap[held.index]
    take = np.flatnonzero(at >= 0)
    take = take[(held.start[take] >= low[at[take]]) & (held.start[take] < high[at[take]])]
    return (
        np.concatenate([index, at[take]]),
        np.concatenate([start, held.start[take]]),
        np.concatenate([end, held.end[take]]),
        np.concatenate([value, held.value[take]]),
        np.concatenate([o2, held.o2[take]]),
        np.concatenate([flag, held.flag[take]]),
    )


def _micros_of(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


@transaction.atomic
def review_exceedance(
    *, actor: Any, event: ExceedanceEvent, review: str, note: str = ""
) -> ExceedanceEvent:
    """Staff confirm or dismiss an event; the public list then drops the unaudited label."""
    if review not in ExceedanceEvent.Review.values or review == ExceedanceEvent.Review.UNREVIEWED:
        raise ValueError(f"review must be confirmed or dismissed, not {review!r}")
    before = audit.snapshot(event, ["review", "review_note"])
    event.review, event.review_note = review, note
    event.reviewed_by, event.reviewed_at = actor, timezone.now()
    event.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=actor,
        instance=event,
        action=EXCEEDANCE_REVIEWED,
        changes=audit.changed_fields(before, audit.snapshot(event, ["review", "review_note"])),
    )
    return event


@transaction.atomic
def explain_exceedance(
    *, actor: Any, event: ExceedanceEvent, enterprise: Enterprise, text: str
) -> ExceedanceEvent:
    """The enterprise's explanation of its own event, shown beside it."""
    if event.outlet.enterprise_id != enterprise.pk:
        raise NotAllowed("an enterprise explains only its own events")
    text = text.strip()
    if not text:
        raise ValueError("the explanation is empty")
    event.explanation, event.explained_at = text[:4000], timezone.now()
    event.save(update_fields=["explanation", "explained_at"])
    audit.record(
        actor=actor,
        instance=event,
        action=EXCEEDANCE_EXPLAINED,
        data={"enterprise": enterprise.credit_code},
    )
    return event
