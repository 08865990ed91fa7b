"""The public site: home page, the six top-level sections, guide pages, site settings."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from lantian.core.i18n import localized
from lantian.core.search import SegmentedField
from lantian.portal.site_settings import BureauSettings  # noqa: F401  (registers the model)


class BilingualPage(Page):
    """A page with an English title, summary and body beside the Chinese ones.

    The portal's working language is Chinese; English is a full second language, so
    each page carries its English text and the template picks by the active language.
    """

    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    intro = models.TextField(_("summary"), blank=True)
    intro_en = models.TextField(_("English summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    body_en = RichTextField(_("English body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("intro_en"), FieldPanel("body_en")],
            heading=_("English"),
        ),
    ]
    # Text reaches the index segmented by jieba (lantian.core.search); the segmented title
    # joins Page's own title field in the index's title column (Wagtail's check W001
    # wants Page's fields kept).
    search_fields = [
        *Page.search_fields,
        SegmentedField("title", boost=2),
        SegmentedField("intro"),
        SegmentedField("body"),
        SegmentedField("title_en"),
        SegmentedField("intro_en"),
        SegmentedField("body_en"),
    ]

    class Meta:
        abstract = True

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_en)

    @property
    def display_intro(self) -> str:
        return localized(self.intro, self.intro_en)

    @property
    def display_body(self) -> str:
        return localized(self.body, self.body_en)


class HomePage(BilingualPage):
    max_count = 1
    subpage_types = ["portal.SectionPage", "portal.ContentPage"]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from lantian.portal import selectors  # selectors import this module

        context = super().get_context(request, *args, **kwargs)
        sections = list(SectionPage.objects.child_of(self).live().public().specific())
        lists = selectors.home_lists()
        blocks = []
        for section in sections:
            # its latest catalogue items, or (a section without any: None) its own pages
            items = lists.sections.get(section.slug)
            pages = [] if items is not None else section.get_children().live().public().specific()
            blocks.append((section, items, pages[: selectors.SECTION_ITEMS]))
        context |= {
            "sections": sections,
            "section_blocks": blocks,
            "lists": lists,
            "air": selectors.home_air(),
            "latest_replies": selectors.latest_replies(),
            "annual_reports": selectors.disclosure_selectors.annual_reports_path(),
        }
        return context


class SectionPage(BilingualPage):
    """A top-level section (信息公开, 环境质量 …) with its pages listed beneath."""

    subpage_types = ["portal.SectionPage", "portal.ContentPage"]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]

    class Meta:
        verbose_name = _("section page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from lantian.portal import selectors  # selectors import this module

        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        context["annual_reports"] = selectors.disclosure_selectors.annual_reports_path()
        if self.slug == "interaction":  # the complaints pages list the latest replies
            context["latest_replies"] = selectors.latest_replies()
        # a section whose own app does not exist yet lists its part of the catalogue
        listing = selectors.section_list(self.slug, request)
        if listing is not None:
            context |= {"listing": listing, **listing.context}
        return context

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The page, or the CSV/XLSX download of its list (``?format=``)."""
        request.is_preview = False  # what Page.serve sets
        context = self.get_context(request, *args, **kwargs)
        listing = context.get("listing")
        if listing is not None and listing.download is not None:
            return listing.download
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context)


class ContentPage(BilingualPage):
    """A guide or plain content page (e.g. the disclosure guide 政府信息公开指南)."""

    subpage_types: list[str] = []
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]

    class Meta:
        verbose_name = _("content page")
