"""The public site: home page, the six top-level sections, guide pages, site settings."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from lantian.core.i18n import localized
from lantian.core.search import SegmentedField


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


@register_setting(icon="site")
class BureauSettings(BaseSiteSetting):
    """What the footer of every page shows; required of government sites."""

    bureau_name = models.CharField(_("bureau name"), max_length=100, default="示范市生态环境局")
    bureau_name_en = models.CharField(
        _("English bureau name"),
        max_length=150,
        default="Demo City Ecology and Environment Bureau",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("English address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    # 条例 Art. 12: the disclosure guide gives the office's fax and internet contacts
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    icp_record = models.CharField(
        _("ICP record number"), max_length=60, blank=True, help_text=_("e.g. 示ICP备12345678号")
    )
    public_security_record = models.CharField(
        _("public security record number"), max_length=60, blank=True
    )
    site_identifier = models.CharField(
        _("government website identifier"),
        max_length=20,
        blank=True,
        help_text=_("The 政府网站标识码 issued for this site."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("bureau_name"), FieldPanel("bureau_name_en")], heading=_("Bureau")
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("address_en"),
                FieldPanel("postcode"),
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
                FieldPanel("office_hours"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("icp_record"),
                FieldPanel("public_security_record"),
                FieldPanel("site_identifier"),
            ],
            heading=_("Records"),
        ),
    ]

    class Meta:
        verbose_name = _("bureau settings")

    @property
    def display_name(self) -> str:
        return localized(self.bureau_name, self.bureau_name_en)

    @property
    def display_address(self) -> str:
        return localized(self.address, self.address_en)
