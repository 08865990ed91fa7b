"""Forms of the public site: :class:`PublicForm` (every message ours, in the page's
language, naming its field) and the checks of the identity numbers, credit codes and
phone numbers the public types. Shared by every app's public forms (FOI applications,
complaints and the mailbox) and their API twins."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------- identity numbers

# GB 11643-1999 公民身份号码: 17 digits and a check character (ISO 7064 MOD 11-2).
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")


def resident_id_check_character(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def resident_id_error(number: str) -> str | None:
    """Why ``number`` is not an 18-character resident ID number, or None if it is."""
    if not _ID_SHAPE.match(number):
        return str(_("A resident ID number has 17 digits and a final digit or X (18 characters)."))
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return str(_("The date of birth in this ID number (characters 7–14) is not a date."))
    if born > timezone.localdate() or born.year < 1900:
        return str(_("The date of birth in this ID number (characters 7–14) is not possible."))
    if resident_id_check_character(number[:17]) != number[17]:
        return str(_("The last character of this ID number does not match: please check it."))
    return None


# GB 32100-2015 统一社会信用代码: 18 characters from 31 (no I, O, Z, S, V), the last a
# check character (weights 3^i mod 31).
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_SHAPE = re.compile(rf"^[{_CREDIT_CHARS}]{{18}}$")


def credit_code_check_character(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Why ``code`` is not a unified social credit code, or None if it is."""
    if not _CREDIT_SHAPE.match(code):
        return str(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "other than I, O, Z, S and V."
            )
        )
    if credit_code_check_character(code[:17]) != code[17]:
        return str(_("The last character of this credit code does not match: please check it."))
    return None


# ---------------------------------------------------------------- contact details

_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$")  # area code and number, e.g. 0512-66881234
_INTERNATIONAL = re.compile(r"^\+\d{7,15}$")
_POSTCODE = re.compile(r"^\d{6}$")


def phone_error(phone: str) -> str | None:
    compact = re.sub(r"[\s\-()]", "", phone)
    if _MOBILE.match(compact) or _LANDLINE.match(compact) or _INTERNATIONAL.match(compact):
        return None
    return str(
        _(
            "Enter a mobile number (11 digits), a landline with its area code "
            "(e.g. 0512-66881234) or an international number starting with +."
        )
    )


# ---------------------------------------------------------------- messages

# Django's own messages in our words: theirs echo the input back ("nope is not one of the
# available choices") and read awkwardly in Chinese ("确保该变量包含不超过 200 字符").
OWN_MESSAGES: dict[str, Any] = {
    "required": _("This is required."),
    "max_length": _("Use at most %(limit_value)d characters (you entered %(show_value)d)."),
    "min_length": _("Use at least %(limit_value)d characters (you entered %(show_value)d)."),
    "invalid_choice": _("Choose one of the options offered."),
    "null_characters_not_allowed": _("Remove the control characters from the text."),
}
EMAIL_INVALID = _("Enter an email address, such as name@example.cn.")


def _stock_messages(field: forms.Field) -> dict[str, Any]:
    """The messages Django gives ``field`` when its definition sets none."""
    merged: dict[str, Any] = {}
    for klass in reversed(type(field).__mro__):
        merged.update(getattr(klass, "default_error_messages", {}))
    return merged


class PublicForm(forms.Form):
    """A form of the public site. Every message is ours (Django's stock ones replaced,
    those a field sets itself kept), in the page's language, and names its field
    ("Name: …"), so that it reads alone: in the error summary, next to the field, and
    in the API's ``details``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # per-instance copies of the declared fields
            stock = _stock_messages(field)
            own = {**OWN_MESSAGES}
            if isinstance(field, forms.EmailField):
                own["invalid"] = EMAIL_INVALID
            for code, message in own.items():
                if field.error_messages.get(code) is stock.get(code):
                    field.error_messages[code] = message

    def add_error(self, field: str | None, error: Any) -> None:
        if not isinstance(error, forms.ValidationError):
            error = forms.ValidationError(error)
        errors = error.error_dict if hasattr(error, "error_dict") else {field: error.error_list}
        for name, error_list in errors.items():
            if name in self.fields:
                error_list = [self.named(name, e) for e in error_list]
            super().add_error(None if name == NON_FIELD_ERRORS else name, error_list)

    def named(self, name: str, error: forms.ValidationError) -> forms.ValidationError:
        """``error`` as "Label: message", keeping its code (the API reports it)."""
        text = _("%(name)s: %(message)s") % {
            "name": self.fields[name].label or name,
            "message": " ".join(error.messages),
        }
        return forms.ValidationError(text, code=error.code)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on ``form``: each message on its field where the form has
    that field, on the whole form otherwise (the back offices' forms)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_with(form: forms.Form, write: Any, /, **values: Any) -> Any:
    """What the service ``write`` saved, or None with its refusal on ``form`` (positional:
    the values may hold a ``form`` of their own)."""
    try:
        return write(**values)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def attempt(request: HttpRequest, write: Any, done: str, **values: Any) -> bool:
    """Call the service ``write`` as the signed-in user (a button's action, no form); say
    ``done``, or each reason it refused. True when it was done."""
    from django.contrib import messages

    try:
        write(actor=request.user, **values)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


def form_page(
    request: HttpRequest,
    form: forms.Form,
    context: dict[str, Any],
    *,
    cancel: str,
    submit: str = "",
    status: int = 200,
    multipart: bool = False,
) -> HttpResponse:
    """A back-office form screen (``core/admin/form.html``): the form, its submit label
    ("Save" unless given) and where Cancel leads, with ``context``'s title and crumbs."""
    context.update(
        {"form": form, "submit": submit or _("Save"), "cancel": cancel, "multipart": multipart}
    )
    return render(request, "core/admin/form.html", context, status=status)


def run_import(
    request: HttpRequest,
    form: forms.Form,
    run: Callable[[bytes, str], Any],
    unreadable: type[Exception] | tuple[type[Exception], ...],
) -> Any | None:
    """An import from a back-office upload form's ``file``: ``run(content, filename)``
    makes the batch, returned with a message of its counts (``created``, ``updated``,
    ``unchanged``, ``rejected``); None when the form is invalid or the file is
    ``unreadable`` (the form then says why)."""
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    try:
        done = run(upload.read(), upload.name)
    except unreadable as error:
        form.add_error("file", _("The file cannot be read: %(reason)s") % {"reason": error})
        return None
    messages.success(
        request,
        _(
            "%(file)s imported: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged, %(refused)d refused."
        )
        % {
            "file": done.filename,
            "created": done.created,
            "updated": done.updated,
            "unchanged": done.unchanged,
            "refused": done.rejected,
        },
    )
    return done
