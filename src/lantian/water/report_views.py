"""The back-office screen that generates a month's drinking-water-source report and sends
it for publication (:func:`lantian.water.services.publish_drinking_report`): for data
managers and administrators, the roles that run the water data
(:func:`lantian.water.access.can_upload`); others get 403 and nothing is sent."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import admin_access
from lantian.core.forms import form_page
from lantian.disclosure import selectors as disclosure_selectors
from lantian.water import access, services

PUBLISH = "water_report_publish"


class ReportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=gettext_lazy("Month"), min_value=1, max_value=12)


def _last_month() -> dict[str, int]:
    first = timezone.localdate().replace(day=1)
    previous = (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )
    return {"year": previous.year, "month": previous.month}


def publish(request: HttpRequest) -> HttpResponse:
    if not access.can_upload(request.user):
        return admin_access.refused(request)
    form = ReportForm(request.POST or None, initial=_last_month())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            year, month = form.cleaned_data["year"], form.cleaned_data["month"]
            try:
                item = services.publish_drinking_report(actor=request.user, year=year, month=month)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("month", message)
            else:
                messages.success(
                    request,
                    _(
                        "The drinking-water source report of %(year)s-%(month)02d was sent "
                        "for review as disclosure item %(index_no)s."
                    )
                    % {"year": year, "month": month, "index_no": item.index_no},
                )
                return redirect(disclosure_selectors.item_admin_path(item) or reverse(PUBLISH))
    title = _("Publish the drinking-water source report")
    context = admin_access.screen(title, (title, ""))
    context["help_text"] = _(
        "Generates the month's report (compliance of each centralised drinking-water "
        "source, exceeding items and the rates) as a PDF and sends it, as an item of the "
        "disclosure catalogue's Water quality category, to the review before publication. "
        "Sending a month again makes a new draft of the same item."
    )
    return form_page(
        request,
        form,
        context,
        submit=_("Generate and send for publication"),
        cancel=reverse("water:report_index"),
        status=status,
    )
