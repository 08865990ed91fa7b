"""Back office for letter templates: administrators edit the six texts (Settings →
Letter templates); each is checked as a Django template on save and can be previewed as
the letter of a sample case (HTML, PDF, DOCX). Imported from ``foi/wagtail_hooks.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import TemplateSyntaxError
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lantian.foi import letters
from lantian.foi.letter_services import LETTER_ISSUED
from lantian.foi.models import LetterTemplate


class LetterTemplateForm(WagtailAdminModelForm):
    """Refuses text that is not a valid Django template, naming the error."""

    def _checked(self, name: str) -> str:
        text = self.cleaned_data.get(name) or ""
        try:
            letters.check_template(text)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(
                _("This is not a valid template: %(error)s"), params={"error": exc}
            ) from None
        return text

    def clean_title(self) -> str:
        return self._checked("title")

    def clean_body(self) -> str:
        return self._checked("body")

    def clean_remedies(self) -> str:
        return self._checked("remedies")


def _placeholder_help() -> str:
    names = ", ".join(f"{{{{ {name} }}}}" for name in letters.PLACEHOLDERS)
    return _(
        "Placeholders are filled from the case: %(names)s. Conditions use "
        "{%% if name %%}…{%% endif %%}. Each line becomes a paragraph; the letterhead, "
        "the signature, the date and the list of released files are added around it."
    ) % {"names": escape(names)}


class LetterTemplateViewSet(SnippetViewSet):
    model = LetterTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Letter templates")
    add_to_settings_menu = True
    list_display = ["title", "kind", "updated_at"]
    url_prefix = "foi/letter-templates"
    edit_handler = ObjectList(
        [
            HelpPanel(content=lazy(_placeholder_help, str)()),
            FieldPanel("title"),
            FieldPanel("body"),
            FieldPanel("remedies"),
        ],
        base_form_class=LetterTemplateForm,
    )


register_snippet(LetterTemplateViewSet)


def _can_view(user: Any) -> bool:
    return user.has_perm("foi.view_lettertemplate") or user.has_perm("foi.change_lettertemplate")


def preview_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored template as the letter of a sample case: HTML (default), PDF or DOCX."""
    if not _can_view(request.user):
        raise PermissionDenied
    template = get_object_or_404(LetterTemplate, pk=pk)
    text = letters.preview(template, template.kind)
    fmt = request.GET.get("format", "html")
    if fmt == "pdf":
        response = HttpResponse(letters.render_pdf(text), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(letters.render_docx(text), content_type=letters.DOCX_CONTENT_TYPE)
    else:
        return HttpResponse(letters.letter_html(text))
    response["Content-Disposition"] = f'inline; filename="preview-{template.kind}.{fmt}"'
    return response


@hooks.register("register_admin_urls")
def letter_template_urls() -> list[Any]:
    return [
        path(
            "foi/letter-templates/<int:pk>/preview/",
            preview_letter,
            name="foi_letter_template_preview",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def letter_template_preview_buttons(snippet: Any, user: Any, next_url: str | None = None) -> Any:
    if isinstance(snippet, LetterTemplate) and _can_view(user):
        url = reverse("foi_letter_template_preview", args=[snippet.pk])
        yield Button(_("Preview"), url=url, icon_name="view", priority=20)
        yield Button(
            _("Preview as PDF"), url=f"{url}?format=pdf", icon_name="doc-full", priority=21
        )
        yield Button(
            _("Preview as DOCX"), url=f"{url}?format=docx", icon_name="download", priority=22
        )


@hooks.register("register_log_actions")
def register_letter_log_actions(actions: Any) -> None:
    actions.register_action(
        LETTER_ISSUED, gettext_lazy("Letter issued"), gettext_lazy("Letter issued")
    )
