"""Private files: stored where no public URL reaches them, handed out only by a view
that has checked the person's right to the record they belong to.

FOI letters and released files (and every later file that carries personal data) live in
the storage ``STORAGES["private"]``: on one machine a directory outside ``MEDIA_ROOT``
(:class:`PrivateFileSystemStorage`, which has no URL at all); on object storage a private
bucket or prefix. Their stored names are random (:class:`RandomName`), so a name says
nothing about the case, the person or the date, and cannot be guessed from another.

:func:`serve` builds the response once a view has decided: the file as an attachment,
never cached, never sniffed, streamed by Django or — where the proxy is configured —
by the proxy (``X-Accel-Redirect`` for nginx, ``X-Sendfile`` for Apache/lighttpd).
:func:`check_private_storage` (a system check) warns when the private storage is in
fact publicly served.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header

ALIAS = "private"
SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


def private_storage() -> Storage:
    """The private storage, ``storages["private"]``.

    A callable for the model fields' ``storage=``, so that a migration records this
    reference rather than a storage instance and a deployment can change the backend
    without a migration. Django calls it once, when the model class is built, and the
    field keeps that instance: the backend comes from the settings at start-up, and
    changing ``STORAGES`` later (``override_settings`` in a test) does not move the
    fields' files — a test must also swap the fields' ``storage`` (see
    ``tests/privatestorage.py``)."""
    return storages[ALIAS]


class PrivateFileSystemStorage(FileSystemStorage):
    """A directory that no URL serves: asking for a URL is a programming error."""

    def url(self, name: str | None) -> str:
        raise ValueError(
            "private files have no public URL; serve them through a view that checks "
            "the permission (lantian.core.privatefiles.serve)"
        )


@deconstructible
class RandomName:
    """``upload_to`` for private files: ``<prefix>/<32 hex digits><.ext>``, whatever name
    the file came with (only a short, plain extension is kept, for the proxy and the
    download name)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        return random_name(self.prefix, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix


def random_name(prefix: str, filename: str) -> str:
    suffix = PurePosixPath(filename or "").suffix.lower()
    if not SAFE_EXTENSION.match(suffix):
        suffix = ""
    return f"{prefix.strip('/')}/{uuid.uuid4().hex}{suffix}"


def serve(field: FieldFile | None, *, filename: str) -> HttpResponse:
    """The response for a private file the caller has already authorised: an attachment
    called ``filename``, ``Cache-Control: private, no-store`` and ``nosniff``. 404 when
    the record has no file or the file has gone from storage."""
    if not field or not field.name:
        raise Http404
    accel_prefix = getattr(settings, "PRIVATE_FILES_X_ACCEL_PREFIX", "")
    if accel_prefix or getattr(settings, "PRIVATE_FILES_X_SENDFILE", False):
        if not field.storage.exists(field.name):
            raise Http404
        response = HttpResponse(content_type="application/octet-stream")
        if accel_prefix:
            # nginx: an `internal` location maps the prefix onto the private root
            response["X-Accel-Redirect"] = iri_to_uri(
                accel_prefix.rstrip("/") + "/" + quote(field.name)
            )
        else:
            response["X-Sendfile"] = field.storage.path(field.name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- deployment check

PUBLICLY_SERVED = "lantian.W010"
NOT_CONFIGURED = "lantian.E010"


def _inside(path: Path, roots: list[Path]) -> Path | None:
    resolved = path.resolve()
    for root in roots:
        root = root.resolve()
        if resolved == root or root in resolved.parents or resolved in root.parents:
            return root
    return None


def _public_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    roots += [
        Path(entry[1] if isinstance(entry, tuple) else entry)
        for entry in getattr(settings, "STATICFILES_DIRS", [])
    ]
    return [root for root in roots if str(root)]


def private_storage_problems() -> list[str]:
    """Why the private storage would be publicly served, in words (empty when it is not)."""
    config = settings.STORAGES.get(ALIAS)
    if config is None:
        return []
    storage = private_storage()
    problems = []
    if isinstance(storage, FileSystemStorage):
        location = Path(storage.location)
        overlap = _inside(location, _public_roots())
        if overlap is not None:
            problems.append(
                f"its directory {location} overlaps {overlap}, which is served to anyone "
                "(MEDIA_ROOT, STATIC_ROOT or STATICFILES_DIRS)"
            )
        if not isinstance(storage, PrivateFileSystemStorage):
            problems.append(
                "it is a plain FileSystemStorage whose files have URLs under MEDIA_URL; "
                "use lantian.core.privatefiles.PrivateFileSystemStorage"
            )
    else:
        # object storage (django-storages S3, Azure, Google …): no public ACL, signed URLs
        options = config.get("OPTIONS", {})
        acl = str(options.get("default_acl", getattr(storage, "default_acl", "")) or "")
        if "public" in acl.lower():
            problems.append(f"its objects are written with the public ACL {acl!r}")
        if options.get("querystring_auth", getattr(storage, "querystring_auth", True)) is False:
            problems.append("querystring_auth is off, so its URLs need no signature")
        if options.get("custom_domain") or getattr(storage, "custom_domain", None):
            problems.append("it has a custom_domain, which is served without signatures")
        default = settings.STORAGES.get("default", {})
        if default.get("BACKEND") == config.get("BACKEND") and {
            k: default.get("OPTIONS", {}).get(k) for k in ("bucket_name", "location")
        } == {k: options.get(k) for k in ("bucket_name", "location")}:
            problems.append("it is the same bucket and prefix as the public media storage")
    return problems


@checks.register(checks.Tags.security)
def check_private_storage(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if ALIAS not in settings.STORAGES:
        return [
            checks.Error(
                'STORAGES has no "private" storage for files with personal data.',
                hint="See docs/operations.md, “Private files”.",
                id=NOT_CONFIGURED,
            )
        ]
    return [
        checks.Warning(
            f"The private file storage is publicly served: {problem}.",
            hint="FOI letters and released files would be readable by anyone. "
            "See docs/operations.md, “Private files”.",
            id=PUBLICLY_SERVED,
        )
        for problem in private_storage_problems()
    ]
