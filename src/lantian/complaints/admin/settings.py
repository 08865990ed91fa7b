"""The settings of public interaction, edited by administrators as Wagtail snippets (so
every change is in the audit log): complaint categories with their Open311 extra
questions, routing rules (category × district → department), channel rules (time
limits, extension cap, public-message flag) and the letter templates.

Each form refuses what would break the flow later, naming the field: extra questions
that are not a valid Open311 service definition, a second routing rule for the same
category and district (an empty side counts as a value: "any"), a letter template that
is not a valid Django template.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template import TemplateSyntaxError
from django.utils.html import escape
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from lantian.complaints import letters
from lantian.complaints.models import Category, ChannelRule, LetterTemplate, RoutingRule

# ---------------------------------------------------------------- Open311 attributes

# Open311 GeoReport v2 service-definition datatypes (rules-complaints.md §5)
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
LIST_DATATYPES = ("singlevaluelist", "multivaluelist")
ATTRIBUTE_KEYS = {"code", "datatype", "required", "description", "description_en", "order"}
ATTRIBUTE_KEYS |= {"values", "datatype_description", "variable"}
VALUE_KEYS = {"key", "name", "name_en"}

EXAMPLE = [
    {
        "code": "smell",
        "datatype": "singlevaluelist",
        "required": True,
        "description": "气味类型",
        "description_en": "Kind of smell",
        "order": 1,
        "values": [{"key": "rotten_egg", "name": "臭鸡蛋味", "name_en": "Rotten eggs"}],
    }
]


def validate_attributes(value: Any) -> list[dict[str, Any]]:
    """Check an Open311 list of extra questions; every problem names the question
    (its position and code) and the key at fault. Returns the list ordered by
    ``order``."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValidationError(_("The extra questions must be a list of questions ([…])."))
    problems: list[str] = []
    codes: set[str] = set()
    for index, question in enumerate(value, start=1):
        if not isinstance(question, dict):
            problems.append(_("Question %(n)d is not an object ({…}).") % {"n": index})
            continue
        code = question.get("code")
        where = _("Question %(n)d (%(code)s)") % {"n": index, "code": code or "?"}
        unknown = sorted(set(question) - ATTRIBUTE_KEYS)
        if unknown:
            problems.append(
                _("%(where)s: unknown keys %(keys)s.")
                % {"where": where, "keys": ", ".join(unknown)}
            )
        if not isinstance(code, str) or not code.strip() or not code.replace("_", "").isalnum():
            problems.append(
                _("%(where)s: “code” must be letters, digits or underscores.") % {"where": where}
            )
        elif code in codes:
            problems.append(_("%(where)s: the code is used twice.") % {"where": where})
        else:
            codes.add(code)
        datatype = question.get("datatype")
        if datatype not in DATATYPES:
            problems.append(
                _("%(where)s: “datatype” must be one of %(types)s.")
                % {"where": where, "types": ", ".join(DATATYPES)}
            )
        if not isinstance(question.get("description"), str) or not question["description"].strip():
            problems.append(
                _("%(where)s: “description” (the question) is missing.") % {"where": where}
            )
        if "required" in question and not isinstance(question["required"], bool):
            problems.append(_("%(where)s: “required” must be true or false.") % {"where": where})
        if "order" in question and (
            not isinstance(question["order"], int) or isinstance(question["order"], bool)
        ):
            problems.append(_("%(where)s: “order” must be a whole number.") % {"where": where})
        values = question.get("values")
        if datatype in LIST_DATATYPES:
            if not isinstance(values, list) or not values:
                problems.append(
                    _("%(where)s: a list question needs “values”: [{“key”, “name”}, …].")
                    % {"where": where}
                )
            else:
                keys: set[str] = set()
                for choice in values:
                    if (
                        not isinstance(choice, dict)
                        or set(choice) - VALUE_KEYS
                        or not str(choice.get("key") or "").strip()
                        or not str(choice.get("name") or "").strip()
                    ):
                        problems.append(
                            _("%(where)s: each value needs a “key” and a “name”.")
                            % {"where": where}
                        )
                        break
                    if str(choice["key"]) in keys:
                        problems.append(
                            _("%(where)s: the value key %(key)s is used twice.")
                            % {"where": where, "key": choice["key"]}
                        )
                    keys.add(str(choice["key"]))
        elif values not in (None, []):
            problems.append(
                _("%(where)s: only list questions (singlevaluelist, multivaluelist) have values.")
                % {"where": where}
            )
    if problems:
        raise ValidationError(problems)
    return sorted(value, key=lambda q: (q.get("order", 0), q.get("code", "")))


class AttributesField(forms.JSONField):
    """The extra questions as JSON text, checked as an Open311 service definition."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}))
        kwargs["encoder"] = None
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return value
        return json.dumps(value if value is not None else [], ensure_ascii=False, indent=2)

    def clean(self, value: Any) -> Any:
        return validate_attributes(super().clean(value))


class CategoryForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "attributes" in self.fields:
            old = self.fields["attributes"]
            self.fields["attributes"] = AttributesField(
                label=old.label, required=False, help_text=old.help_text
            )


def _attributes_help() -> str:
    return format_lazy(
        "{}<pre>{}</pre>",
        gettext_lazy(
            "Extra questions are published as the category's Open311 service definition. "
            "Each question: “code”, “datatype” (string, number, datetime, text, "
            "singlevaluelist, multivaluelist), “required”, “description” (and "
            "“description_en”), “order”; list questions also “values”. For example:"
        ),
        escape(json.dumps(EXAMPLE, ensure_ascii=False, indent=2)),
    )


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = gettext_lazy("Complaint categories")
    url_prefix = "complaints/categories"
    url_namespace = "complaints_categories"
    list_display = ["code", "name", "name_en", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "name_en", "keywords"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order"), FieldPanel("is_active")]),
            FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
            FieldRowPanel([FieldPanel("description"), FieldPanel("description_en")]),
            FieldPanel("keywords"),
            HelpPanel(content=_attributes_help()),
            FieldPanel("attributes"),
        ],
        base_form_class=CategoryForm,
    )


# ---------------------------------------------------------------- routing rules


class RoutingRuleForm(WagtailAdminModelForm):
    """One rule per category × district, "any" (empty) included: the database constraint
    cannot see two empty sides as equal (NULLs are distinct), so the form looks."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        category, district = data.get("category"), data.get("district")
        same = RoutingRule.objects.filter(
            **({"category": category} if category else {"category__isnull": True}),
            **({"district": district} if district else {"district__isnull": True}),
        )
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        other = same.select_related("department").first()
        if other is not None:
            raise ValidationError(
                _(
                    "A rule for this category and district already exists (it sends cases to "
                    "%(department)s): edit that rule instead."
                )
                % {"department": other.department}
            )
        return data


class RoutingRuleViewSet(SnippetViewSet):
    model = RoutingRule
    icon = "redirect"
    menu_label = gettext_lazy("Routing rules")
    url_prefix = "complaints/routing"
    url_namespace = "complaints_routing"
    list_display = ["category_label", "district_label", "department"]
    list_filter = ["category", "district", "department"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=gettext_lazy(
                    "Where a new case goes: the rule of its category and district, else the "
                    "rule of its category for any district, else of any category for its "
                    "district, else the rule for any category and any district. Leave a side "
                    "empty for “any”."
                )
            ),
            FieldRowPanel([FieldPanel("category"), FieldPanel("district")]),
            FieldPanel("department"),
        ],
        base_form_class=RoutingRuleForm,
    )

    def get_queryset(self, request: Any) -> Any:
        return RoutingRule.objects.select_related("category", "district", "department").order_by(
            "category__sort_order", "category__code", "district__name"
        )


# ---------------------------------------------------------------- channel rules


class ChannelRuleViewSet(SnippetViewSet):
    model = ChannelRule
    icon = "time"
    menu_label = gettext_lazy("Channel rules")
    url_prefix = "complaints/channels"
    url_namespace = "complaints_channels"
    list_display = [
        "channel",
        "intake_limit",
        "intake_unit",
        "handling_limit",
        "handling_unit",
        "max_extension",
        "public_message",
    ]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=gettext_lazy(
                    "Defaults: the intake decision within 15 days, handled within 60 days of "
                    "acceptance, one extension of at most 30 days (《信访条例》 Art. 21, 33). A "
                    "case keeps the rule it was received under: a change applies to new cases."
                )
            ),
            FieldPanel("channel"),
            FieldRowPanel([FieldPanel("intake_limit"), FieldPanel("intake_unit")]),
            FieldRowPanel([FieldPanel("handling_limit"), FieldPanel("handling_unit")]),
            FieldRowPanel([FieldPanel("max_extension"), FieldPanel("public_message")]),
        ]
    )


# ---------------------------------------------------------------- letter templates


class LetterTemplateForm(WagtailAdminModelForm):
    """Refuses text that is not a valid Django template, naming the error."""

    def _checked(self, name: str) -> str:
        text = self.cleaned_data.get(name) or ""
        try:
            letters.check_template(text)  # as the letter is rendered (complaints.letters)
        except TemplateSyntaxError as exc:
            raise ValidationError(
                _("This is not a valid template: %(error)s"), params={"error": exc}
            ) from None
        return text

    def clean_title(self) -> str:
        return self._checked("title")

    def clean_body(self) -> str:
        return self._checked("body")


def _placeholder_help() -> str:
    names = "".join(
        f"<li><code>{{{{ {name} }}}}</code> {escape(meaning)}</li>"
        for name, meaning in letters.PLACEHOLDERS.items()
    )
    return format_lazy(
        "{}<ul>{}</ul>", gettext_lazy("Placeholders are filled from the case:"), names
    )


class LetterTemplateViewSet(SnippetViewSet):
    model = LetterTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Complaint letter templates")
    url_prefix = "complaints/letter-templates"
    url_namespace = "complaints_letter_templates"
    list_display = [
        "title",
        "kind",
        Column("updated_at", label=capfirst(gettext_lazy("updated at")), sort_key="updated_at"),
    ]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            HelpPanel(content=_placeholder_help()),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("body"),
        ],
        base_form_class=LetterTemplateForm,
    )


SETTINGS_VIEWSETS = (CategoryViewSet, RoutingRuleViewSet, ChannelRuleViewSet, LetterTemplateViewSet)
