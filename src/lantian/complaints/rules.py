"""The complaint channels and their default time limits (no Django model import).

Defaults from ../shared/reference/rules-complaints.md §1, carried here with their
sources; administrators edit the per-channel rule in the back office (``ChannelRule``),
and a case keeps the rule it was received under.

- 《信访条例》 (2005) Art. 21: intake decision (受理 / 不予受理) within 15 days;
  Art. 33: handled within 60 days of acceptance, extendable once by at most 30 days
  with the reason told to the petitioner. 《信访工作条例》 (2022) keeps 60 + 30.
- 12369 (环境保护部令第15号, Fujian provincial rule 2015): intake on the spot or within
  15 days, handling within 60 days of acceptance, ≤ 30 days' extension with approval.
- 12369 WeChat / web channel (Fujian, 2018): intake within 2 working days, handling
  within 30 days.
- Government-website inspection (国办秘函〔2019〕19号; 国办发〔2015〕15号): replies not
  updated within 2 months lose points; a public message unanswered for more than
  3 months is the single-item veto "互动回应差".
"""

from __future__ import annotations

from dataclasses import dataclass

from lantian.core.clock import Unit


class Channel:
    HOTLINE_12369 = "hotline_12369"  # 12369 phone call entered by staff
    WECHAT_12369 = "wechat_12369"  # 12369 WeChat / web reporting platform
    ONLINE = "online"  # the portal's complaint form (and Open311 / the API)
    MAILBOX = "mailbox"  # director's mailbox (局长信箱)
    PETITION_LETTER = "petition_letter"  # 信访: by letter
    PETITION_VISIT = "petition_visit"  # 信访: by visit
    SUPERVISION = "supervision"  # public-supervision report (群众监督举报)
    INSPECTION = "inspection"  # referred by an inspection team (督察交办)


@dataclass(frozen=True)
class ChannelDefaults:
    intake_limit: int
    intake_unit: Unit
    handling_limit: int
    handling_unit: Unit
    max_extension: int
    public_message: bool  # a message the public posts and sees answered (inspection veto)


_STANDARD = ChannelDefaults(15, Unit.CALENDAR_DAYS, 60, Unit.CALENDAR_DAYS, 30, False)

DEFAULTS: dict[str, ChannelDefaults] = {
    Channel.HOTLINE_12369: _STANDARD,
    Channel.WECHAT_12369: ChannelDefaults(2, Unit.WORKING_DAYS, 30, Unit.CALENDAR_DAYS, 30, False),
    Channel.ONLINE: ChannelDefaults(15, Unit.CALENDAR_DAYS, 60, Unit.CALENDAR_DAYS, 30, True),
    Channel.MAILBOX: ChannelDefaults(15, Unit.CALENDAR_DAYS, 60, Unit.CALENDAR_DAYS, 30, True),
    Channel.PETITION_LETTER: _STANDARD,
    Channel.PETITION_VISIT: _STANDARD,
    Channel.SUPERVISION: _STANDARD,
    # an inspection team's batch sets each case's deadline; these are the fall-backs
    Channel.INSPECTION: _STANDARD,
}

# Website-inspection alarms for an unanswered public message, in calendar months.
ALARM_MONTHS = 2  # 国办秘函〔2019〕19号: replies not updated within 2 months lose points
VETO_MONTHS = 3  # single-item veto 互动回应差: unanswered for more than 3 months
