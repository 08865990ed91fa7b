"""Reply types of a disclosure application (条例 Arts. 30, 35–39, 国办函〔2020〕109号) as
data, each mapped to its row of the annual report's table 三 (国办公开办函〔2021〕30号).
No Django import: the annual report, the letters and the forms all read this table.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.StrEnum):
    """The six result groups of table 三 row 三."""

    DISCLOSED = "disclosed"  # （一）予以公开
    PARTLY = "partly"  # （二）部分公开
    WITHHELD = "withheld"  # （三）不予公开
    UNABLE = "unable"  # （四）无法提供
    NOT_PROCESSED = "not_processed"  # （五）不予处理
    OTHER = "other"  # （六）其他处理


@dataclass(frozen=True)
class ReplyType:
    key: str  # stable: stored on cases, used as JSON keys of the annual report
    row: str  # table 三 row label, e.g. "（三）4"
    outcome: Outcome
    label_zh: str
    label_en: str
    citation: str  # the legal ground quoted in the reply letter
    appealable: bool = True  # whether the letter carries the remedies (复议/诉讼) wording


REPLY_TYPES: tuple[ReplyType, ...] = (
    ReplyType(
        "disclose",
        "（一）",
        Outcome.DISCLOSED,
        "予以公开",
        "Disclosed",
        "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
    ),
    ReplyType(
        "partly_disclose",
        "（二）",
        Outcome.PARTLY,
        "部分公开",
        "Partly disclosed",
        "《中华人民共和国政府信息公开条例》第三十七条",
    ),
    ReplyType(
        "withhold_state_secret",
        "（三）1",
        Outcome.WITHHELD,
        "属于国家秘密",
        "State secret",
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    ReplyType(
        "withhold_prohibited_by_law",
        "（三）2",
        Outcome.WITHHELD,
        "其他法律行政法规禁止公开",
        "Disclosure prohibited by other laws or administrative regulations",
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    ReplyType(
        "withhold_security_stability",
        "（三）3",
        Outcome.WITHHELD,
        "危及“三安全一稳定”",
        "Would endanger national, public or economic security or social stability",
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    ReplyType(
        "withhold_third_party",
        "（三）4",
        Outcome.WITHHELD,
        "保护第三方合法权益",
        "Protects a third party's lawful rights",
        "《中华人民共和国政府信息公开条例》第十五条",
    ),
    ReplyType(
        "withhold_internal_affairs",
        "（三）5",
        Outcome.WITHHELD,
        "属于三类内部事务信息",
        "Internal affairs information",
        "《中华人民共和国政府信息公开条例》第十六条第一款",
    ),
    ReplyType(
        "withhold_process_information",
        "（三）6",
        Outcome.WITHHELD,
        "属于四类过程性信息",
        "Process information",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
    ),
    ReplyType(
        "withhold_enforcement_file",
        "（三）7",
        Outcome.WITHHELD,
        "属于行政执法案卷",
        "Administrative enforcement case file",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
    ),
    ReplyType(
        "withhold_administrative_inquiry",
        "（三）8",
        Outcome.WITHHELD,
        "属于行政查询事项",
        "A matter for administrative inquiry under other laws",
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    ),
    ReplyType(
        "unable_not_held",
        "（四）1",
        Outcome.UNABLE,
        "本机关不掌握相关政府信息",
        "This agency does not hold the information",
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    ),
    ReplyType(
        "unable_needs_creation",
        "（四）2",
        Outcome.UNABLE,
        "没有现成信息需要另行制作",
        "No existing information; it would have to be created",
        "《中华人民共和国政府信息公开条例》第三十八条",
    ),
    ReplyType(
        "unable_still_unclear",
        "（四）3",
        Outcome.UNABLE,
        "补正后申请内容仍不明确",
        "Still unclear after supplementation",
        "《中华人民共和国政府信息公开条例》第三十条",
    ),
    ReplyType(
        "not_processed_petition",
        "（五）1",
        Outcome.NOT_PROCESSED,
        "信访举报投诉类申请",
        "A petition, report or complaint",
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
    ),
    ReplyType(
        "not_processed_duplicate",
        "（五）2",
        Outcome.NOT_PROCESSED,
        "重复申请",
        "Repeated application",
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    ),
    ReplyType(
        "not_processed_publication",
        "（五）3",
        Outcome.NOT_PROCESSED,
        "要求提供公开出版物",
        "Request for a public publication",
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
    ),
    ReplyType(
        "not_processed_excessive",
        "（五）4",
        Outcome.NOT_PROCESSED,
        "无正当理由大量反复申请",
        "Large numbers of repeated applications without good reason",
        "《中华人民共和国政府信息公开条例》第三十五条",
    ),
    ReplyType(
        "not_processed_confirm_reissue",
        "（五）5",
        Outcome.NOT_PROCESSED,
        "要求行政机关确认或重新出具已获取信息",
        "Request to confirm or re-issue information already obtained",
        "《中华人民共和国政府信息公开条例》第三十九条",
    ),
    ReplyType(
        "other_no_supplement",
        "（六）1",
        Outcome.OTHER,
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "Not supplemented in time without good reason; no longer processed",
        "《中华人民共和国政府信息公开条例》第三十条",
        appealable=False,
    ),
    ReplyType(
        "other_fee_unpaid",
        "（六）2",
        Outcome.OTHER,
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "Fee not paid in time; no longer processed",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        appealable=False,
    ),
    ReplyType(
        "other",
        "（六）3",
        Outcome.OTHER,
        "其他",
        "Other (e.g. withdrawn by the applicant)",
        "",
        appealable=False,
    ),
)

BY_KEY: dict[str, ReplyType] = {r.key: r for r in REPLY_TYPES}

# A petition, report or complaint sent as an application (Art. 39 para. 1): the reply
# letter and the tracking page point the applicant to the complaint channel.
PETITION = "not_processed_petition"


def reply_type(key: str) -> ReplyType:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown reply type: {key}") from None
