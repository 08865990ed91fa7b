"""The site settings every page and letter shows: the bureau's name, contact and records.

Apart from the page models so that the portal's selectors can read it without importing
the pages, whose context the selectors build (models → selectors → site_settings)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from lantian.core.i18n import localized


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
    office_hours_en = models.CharField(_("English office hours"), max_length=150, blank=True)
    # 条例 Art. 12: the disclosure guide gives the office's fax and internet contacts
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    icp_record = models.CharField(
        _("ICP record number"), max_length=60, blank=True, help_text=_("e.g. 示ICP备12345678号")
    )
    public_security_record = models.CharField(
        _("public security record number"), max_length=60, blank=True
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The bureau's emblem or logo (a square image reads best), shown in the back "
            "office; Lantian's own icon while none is chosen."
        ),
    )
    site_identifier = models.CharField(
        _("government website identifier"),
        max_length=20,
        blank=True,
        help_text=_("The 政府网站标识码 issued for this site."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("bureau_name"), FieldPanel("bureau_name_en"), FieldPanel("logo")],
            heading=_("Bureau"),
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
                FieldPanel("office_hours_en"),
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

    @property
    def display_office_hours(self) -> str:
        return localized(self.office_hours, self.office_hours_en)
