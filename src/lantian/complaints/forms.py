"""Public forms of public interaction (政民互动): a complaint, a letter to the director's
mailbox, the tracking form and the satisfaction form; and the location map the
complaint form draws (the city's districts, no outside tiles).

Spam is kept out without a third-party service: a honeypot field people never see, and
a signed time stamp of when the form was drawn. A form sent back within
``COMPLAINTS_FORM_MIN_SECONDS`` (a script) or after ``COMPLAINTS_FORM_MAX_AGE`` (a
replayed copy) is refused with a message that says what to do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lantian.air import selectors as air_selectors
from lantian.complaints.models import Category, Complaint
from lantian.complaints.questions import CategoryQuestions
from lantian.core.forms import PublicForm, phone_error, resident_id_error

MAX_PHOTOS = 5
TOKEN_SALT = "lantian.complaints.form-rendered"


def min_seconds() -> float:
    return float(getattr(settings, "COMPLAINTS_FORM_MIN_SECONDS", 3))


def max_age() -> int:
    return int(getattr(settings, "COMPLAINTS_FORM_MAX_AGE", 24 * 3600))


def photo_max_bytes() -> int:
    return int(getattr(settings, "COMPLAINTS_PHOTO_MAX_BYTES", 10 * 1024 * 1024))


def districts() -> Any:
    """The districts the bureau knows (air's records: a complaint's district is one)."""
    return air_selectors.district_records()


# ---------------------------------------------------------------- spam protection


def render_token() -> str:
    """A signed stamp of the moment the form is drawn (sent back in a hidden field)."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign("complaint-form")


def token_error(token: str) -> str | None:
    """Why a form drawn with ``token`` is not accepted now; None when it is."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        signer.unsign(token or "", max_age=max_age())
    except signing.SignatureExpired:
        return str(_("The form was open for more than a day. Please check it and send it again."))
    except signing.BadSignature:
        return str(_("The form could not be checked. Please send it again."))
    try:  # still within the first seconds: too fast for a person
        signer.unsign(token, max_age=min_seconds())
    except signing.SignatureExpired:
        return None
    return str(
        _(
            "The form was sent within seconds of opening it, as a program would. "
            "Please check it and send it again."
        )
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each checked by count and size here, by content when
    the case keeps it (services.add_photo, core.images.clean_photo)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Attach at most %(count)d photos.") % {"count": MAX_PHOTOS}, code="too_many"
            )
        limit = photo_max_bytes()
        for file in files:
            if file.size > limit:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(mb)d MB.")
                    % {"name": file.name, "mb": limit // (1024 * 1024)},
                    code="too_large",
                )
        return files


# ---------------------------------------------------------------- the complaint


class ComplaintForm(CategoryQuestions, PublicForm):
    """A complaint or report (投诉举报) from the portal: what, where, who (or nobody)."""

    channel = "online"

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the complaint is about.")},
    )
    title = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("In a few words, e.g. “Black smoke from a factory chimney at night”."),
        error_messages={"required": _("Enter a subject.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What happens, when and how often, and who causes it (the enterprise or site), "
            "as precisely as you can."
        ),
        error_messages={"required": _("Describe what you report.")},
    )
    address = forms.CharField(
        label=_("Where it happens"),
        max_length=300,
        required=False,
        help_text=_("A street address, a landmark or the enterprise's name."),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=districts(),
        required=False,
        empty_label=_("Not sure (worked out from the map point)"),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Decimal degrees (WGS 84), e.g. 31.2989; set by clicking the map."),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("Decimal degrees (WGS 84), e.g. 120.5853."),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_(
            "Up to 5 photos (JPEG, PNG or WebP), each at most 10 MB. Their location and "
            "camera data are removed before anyone else sees them."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_(
            "We then cannot call or write to you: follow the case with the codes you "
            "receive at the end."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("A phone number or an email address, so that we can reply to you."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=50,
        required=False,
        help_text=_("Optional."),
    )
    contact_address = forms.CharField(
        label=_("Postal address"),
        max_length=300,
        required=False,
        help_text=_("Optional: for a reply by post."),
    )
    agrees_to_publication = forms.BooleanField(
        label=_("The question and the reply may be published, without my personal data"),
        required=False,
        help_text=_(
            "Names, phone numbers, ID numbers, emails and house numbers are removed first."
        ),
    )
    privacy_acknowledged = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data are used as it says"),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )
    # spam protection: a field people never see, and when the form was drawn
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    PERSONAL = ("name", "phone", "email", "id_number", "contact_address")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts()
        self.fields["district"].label_from_instance = lambda d: d.display_name
        self.fields["category"].label_from_instance = lambda c: c.display_name
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.categories = list(self.fields["category"].queryset)
        self.add_questions(self.categories)
        if not self.is_bound:
            self.initial["form_token"] = render_token()
            if self.categories:
                self.initial.setdefault("category", self.categories[0].pk)

    def contact_fields(self) -> list[Any]:
        return [self[name] for name in self.PERSONAL]

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if len(description) < 5:
            raise forms.ValidationError(_("Describe it in a few more words."), code="min_length")
        return description

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and (error := phone_error(phone)):
            raise forms.ValidationError(error, code="invalid")
        return phone

    def clean_id_number(self) -> str:
        number = re.sub(r"\s", "", self.cleaned_data["id_number"]).upper()
        # an 18-character number is a resident ID: check it; others (passports) as typed
        if len(number) == 18 and (error := resident_id_error(number)):
            raise forms.ValidationError(error, code="invalid")
        return number

    def spam_error(self) -> str | None:
        """Why this post looks like a program's (honeypot filled, sent too fast, stale)."""
        if self.data.get("website", "").strip():
            return str(_("This message could not be accepted."))
        return token_error(self.data.get("form_token", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if error := self.spam_error():
            raise forms.ValidationError(error, code="spam")
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            "latitude" in self.errors or "longitude" in self.errors
        ):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(
                missing,
                forms.ValidationError(
                    _("Give both the latitude and the longitude, or neither."), code="pair"
                ),
            )
        if data.get("anonymous"):
            for name in self.PERSONAL:  # an anonymous report keeps none of it
                data[name] = ""
        else:
            if not data.get("name") and "name" not in self.errors:
                self.add_error(
                    "name",
                    forms.ValidationError(
                        _("Enter your name, or choose to report anonymously."), code="required"
                    ),
                )
            if not (data.get("phone") or data.get("email")) and not (
                "phone" in self.errors or "email" in self.errors
            ):
                self.add_error(
                    "phone",
                    forms.ValidationError(
                        _("Enter a phone number or an email address so that we can reply."),
                        code="required",
                    ),
                )
        self.check_answers(data)
        return data

    def district_value(self) -> Any:
        """The district chosen, else the one the map point lies in (by name), else None."""
        chosen = self.cleaned_data.get("district")
        if chosen is not None:
            return chosen
        latitude, longitude = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        if latitude is None or longitude is None:
            return None
        name = district_at(latitude, longitude)
        return districts().filter(name=name).first() if name else None

    def complaint_fields(self) -> dict[str, Any]:
        """The cleaned values to register the complaint with."""
        data = self.cleaned_data
        return {
            "channel": self.channel,
            "category": data["category"],
            "title": data["title"],
            "description": data["description"],
            "district": self.district_value(),
            "address": data.get("address", ""),
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "attributes": self.attributes(),
            "anonymous": bool(data.get("anonymous")),
            "agrees_to_publication": bool(data.get("agrees_to_publication")),
            **{name: data.get(name, "") for name in self.PERSONAL},
        }


class MailboxForm(ComplaintForm):
    """A letter to the director's mailbox (局长信箱): a consultation, suggestion or
    complaint; the same fields, with its kind first."""

    channel = "mailbox"

    mailbox_kind = forms.ChoiceField(
        label=_("Kind of letter"),
        choices=Complaint.MailboxKind.choices,
        initial=Complaint.MailboxKind.CONSULTATION,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of letter.")},
    )

    field_order = ["mailbox_kind"]

    def complaint_fields(self) -> dict[str, Any]:
        return {**super().complaint_fields(), "mailbox_kind": self.cleaned_data["mailbox_kind"]}


# ---------------------------------------------------------------- tracking


class TrackingForm(PublicForm):
    """The case number and the verification code given at submission."""

    case_no = forms.CharField(
        label=_("Case number"),
        max_length=30,
        help_text=_("For example TS202600012."),
        error_messages={"required": _("Enter the case number.")},
    )
    verification_code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter the verification code.")},
    )

    def clean_case_no(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["case_no"]).upper()

    def clean_verification_code(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["verification_code"])


class SatisfactionForm(PublicForm):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Complaint.Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )


# ---------------------------------------------------------------- the location map

TILE = 256
MAP_WIDTH = 640  # the districts are fitted into this box at the largest zoom that holds it
MAP_HEIGHT = 480
MAP_PADDING = 12
MAX_ZOOM = 16
MAX_LATITUDE = 85.05112878


def project(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator world pixels at ``zoom`` (the inverse runs in complaints.js)."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    scale = TILE * 2**zoom
    s = math.sin(math.radians(lat))
    return (lon + 180.0) / 360.0 * scale, (
        0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)
    ) * scale


def unproject(x: float, y: float, zoom: int) -> tuple[float, float]:
    """(latitude, longitude) of world pixel (x, y) at ``zoom``."""
    scale = TILE * 2**zoom
    lon = x / scale * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale))))
    return lat, lon


@dataclass(frozen=True)
class MapDistrict:
    name: str  # as in the boundary file (the district record's name)
    pk: int | None  # the district record (the select's value), None if it has none
    label: str  # in the page's language
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class LocationMap:
    width: float
    height: float
    zoom: int
    left: float  # world pixel of the SVG's (0, 0)
    top: float
    districts: list[MapDistrict]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"

    def point(self, latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
        """Where (latitude, longitude) is drawn, or None (not given, or off the map)."""
        if latitude is None or longitude is None:
            return None
        x, y = project(latitude, longitude, self.zoom)
        x, y = x - self.left, y - self.top
        if 0 <= x <= self.width and 0 <= y <= self.height:
            return x, y
        return None


def _inside(lon: float, lat: float, ring: Sequence[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def district_at(latitude: float, longitude: float) -> str | None:
    """The name of the district whose outline holds the point, or None."""
    for district in air_selectors.district_boundaries():
        if any(_inside(longitude, latitude, ring) for ring in district.polygons):
            return district.name
    return None


def location_map() -> LocationMap | None:
    """The districts as an SVG map to click a point on; None without boundaries."""
    shapes = air_selectors.district_boundaries()
    if not shapes:
        return None
    west = min(d.bounds[0] for d in shapes)
    south = min(d.bounds[1] for d in shapes)
    east = max(d.bounds[2] for d in shapes)
    north = max(d.bounds[3] for d in shapes)
    zoom = 0
    for candidate in range(MAX_ZOOM, -1, -1):
        x1, y1 = project(north, west, candidate)
        x2, y2 = project(south, east, candidate)
        if x2 - x1 <= MAP_WIDTH - 2 * MAP_PADDING and y2 - y1 <= MAP_HEIGHT - 2 * MAP_PADDING:
            zoom = candidate
            break
    x1, y1 = project(north, west, zoom)
    x2, y2 = project(south, east, zoom)
    width, height = x2 - x1 + 2 * MAP_PADDING, y2 - y1 + 2 * MAP_PADDING
    left, top = x1 - MAP_PADDING, y1 - MAP_PADDING
    language = get_language()
    ids = dict(districts().values_list("name", "pk"))
    drawn = []
    for district in shapes:
        rings = [[project(lat, lon, zoom) for lon, lat in ring] for ring in district.polygons]
        path = " ".join(
            "M" + " L".join(f"{x - left:.1f},{y - top:.1f}" for x, y in ring[:-1]) + " Z"
            for ring in rings
        )
        largest = max(rings, key=len)
        cx = sum(x for x, _y in largest) / len(largest) - left
        cy = sum(y for _x, y in largest) / len(largest) - top
        drawn.append(
            MapDistrict(
                district.name, ids.get(district.name), district.label(language), path, cx, cy
            )
        )
    return LocationMap(width, height, zoom, left, top, drawn)
