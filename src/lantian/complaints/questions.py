"""A category's extra questions (``Category.attributes``, the Open311 service
definition) as form fields, in one place for every form that registers a complaint: the
public complaint and mailbox forms (:mod:`lantian.complaints.forms`, and through them the
API) and the staff registration (:mod:`lantian.complaints.admin.forms`).

A form mixes in :class:`CategoryQuestions`, calls :meth:`~CategoryQuestions.add_questions`
from its ``__init__`` with the categories it offers and
:meth:`~CategoryQuestions.check_answers` from its ``clean``; the answers to the chosen
category's questions are then :meth:`~CategoryQuestions.attributes`, by question code,
as :func:`lantian.complaints.services.register_complaint` stores them. Every category's
questions are fields (``attr_<category>__<question>``, never required by the field
itself); only the chosen category's are checked and kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantian.complaints.models import Category
from lantian.core.i18n import localized

ATTRIBUTE_PREFIX = "attr_"


def attribute_field(spec: dict[str, Any]) -> forms.Field:
    """A form field for one of a category's extra questions (Open311 datatypes)."""
    label = localized(spec.get("description", ""), spec.get("description_en", "")) or spec.get(
        "code", ""
    )
    options = {"label": label, "required": False}
    datatype = spec.get("datatype", "string")
    values = [
        (str(v.get("key")), localized(v.get("name", ""), v.get("name_en", "")))
        for v in spec.get("values") or []
    ]
    if datatype == "singlevaluelist":
        return forms.ChoiceField(choices=[("", "—"), *values], **options)
    if datatype == "multivaluelist":
        return forms.MultipleChoiceField(
            choices=values, widget=forms.CheckboxSelectMultiple, **options
        )
    if datatype == "number":
        return forms.FloatField(**options)
    if datatype == "datetime":
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **options
        )
    if datatype == "text":
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **options)
    return forms.CharField(max_length=200, **options)


@dataclass(frozen=True)
class AttributeGroup:
    """A category's extra questions, drawn as one fieldset shown for that category."""

    category: Category
    fields: list[Any]  # bound fields


class CategoryQuestions:
    """The extra questions of a form's categories (mixed into a ``forms.Form`` whose
    ``category`` field chooses one)."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_questions(self, categories: Iterable[Category]) -> None:
        """A field for each question of each category, in the questions' order."""
        self.question_categories = list(categories)
        self.attribute_names: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for category in self.question_categories:
            specs = sorted(category.attributes or [], key=lambda s: s.get("order", 0))
            names = []
            for spec in specs:
                if not isinstance(spec, dict) or not spec.get("code"):
                    continue
                name = f"{ATTRIBUTE_PREFIX}{category.code}__{spec['code']}"
                self.fields[name] = attribute_field(spec)
                names.append((name, spec))
            self.attribute_names[category.code] = names

    def is_question(self, name: str) -> bool:
        return name.startswith(ATTRIBUTE_PREFIX)

    def attribute_groups(self) -> list[AttributeGroup]:
        return [
            AttributeGroup(c, [self[name] for name, _spec in self.attribute_names[c.code]])
            for c in self.question_categories
            if self.attribute_names.get(c.code)
        ]

    def check_answers(self, data: dict[str, Any]) -> None:
        """A required question of the chosen category left unanswered is an error on
        its field (the question names it)."""
        category = data.get("category")
        if category is None:
            return
        for name, spec in self.attribute_names.get(category.code, []):
            if spec.get("required") and data.get(name) in (None, "", []):
                self.add_error(name, forms.ValidationError(_("This is required."), code="required"))

    def attributes(self) -> dict[str, Any]:
        """The answers to the chosen category's extra questions, by question code."""
        category = self.cleaned_data["category"]
        answers: dict[str, Any] = {}
        for name, spec in self.attribute_names.get(category.code, []):
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            answers[spec["code"]] = value.isoformat() if hasattr(value, "isoformat") else value
        return answers
