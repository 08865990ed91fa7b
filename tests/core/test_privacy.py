"""Masking of personal data (core.privacy): what a page may show of a person."""

from __future__ import annotations

import pytest

from lantian.core.privacy import (
    mask_address,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("欧阳小明", "欧***"),
        ("李", "*"),
        ("  王  五 ", "王  *"),  # stripped at the ends; inner spaces stay spaces
        ("John Smith", "J*** *****"),
        ("示范市绿色环保科技有限公司", "示************"),
        ("", ""),
    ],
)
def test_names_keep_only_the_first_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("0512-66881234", "051*-****1234"),
        ("010-12345678", "010-****5678"),
        ("+86 13812345678", "+86 1******5678"),
        ("12345", "***45"),
        ("", ""),
        ("unknown", "****"),
    ],
)
def test_phones_keep_the_first_3_and_last_4_digits(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("110101199003071234", "110***********1234"),
        ("11010119900307123X", "110***********123X"),
        ("91320500MA1N8XQ03L", "913***********Q03L"),
        ("E12345678", "E******78"),  # passport: the first and the last 2
        ("1234", "****"),
        ("", ""),
    ],
)
def test_id_numbers_keep_the_first_3_and_last_4(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked
    if len(number) == 18:
        assert len(mask_id_number(number)) == 18
        assert number[3:14] not in mask_id_number(number)  # the date of birth is gone


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("zhangsan@example.com", "z*******@example.com"),
        ("a@b.cn", "a@b.cn"),
        ("not-an-email", "****"),
        ("", ""),
    ],
)
def test_emails_keep_the_first_character_and_the_domain(email: str, masked: str) -> None:
    assert mask_email(email) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("江苏省示范市东城区人民路100号3单元", "江苏省示范市东城区****"),
        ("示范市滨江区江滨路18号", "示范市滨江区****"),
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("内蒙古自治区呼和浩特市新城区中山路1号", "内蒙古自治区呼和浩特市新城区****"),
        ("吉林省延边朝鲜族自治州延吉市人民路2号", "吉林省延边朝鲜族自治州延吉市****"),
        ("浙江省杭州市西湖区", "浙江省杭州市西湖区"),
        ("示范县城关镇解放街5号", "示范县****"),
        ("人民路100号", "****"),
        ("12 Park Road, London", "****"),
        ("", ""),
    ],
)
def test_addresses_keep_the_district_or_county(address: str, masked: str) -> None:
    assert mask_address(address) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("广东省广州市天河区体育西路1号", "广东省广州市天河区****"),
        ("北京市通州区新华大街3号", "北京市通州区****"),
        ("江苏省苏州市工业园区星湖街328号", "江苏省苏州市工业园区****"),
    ],
)
def test_addresses_with_zhou_in_a_name(address: str, masked: str) -> None:
    assert mask_address(address) == masked


# ---------------------------------------------------------------- free text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # numbers and emails by their own rule, wherever they stand in a sentence
        ("我的身份证号320502198803151234，请核实", "我的身份证号320***********1234，请核实"),
        ("身份证11010519491231002X", "身份证110***********002X"),
        ("旧身份证号320502880315123", "旧身份证号320********5123"),
        ("护照E12345678，港澳通行证H1234567", "护照E******78，港澳通行证H*****67"),
        ("电话13962158877。", "电话139****8877。"),
        ("手机 139-6215-8877 或 139 6215 8877", "手机 139-****-8877 或 139 **** 8877"),
        ("座机0512-66881234", "座机051*-****1234"),
        (
            "邮箱linxm@example.cn或lin.x+m@mail.example.com",
            "邮箱l****@example.cn或l******@mail.example.com",
        ),
    ],
)
def test_text_masks_numbers_and_emails_in_place(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        # what is not personal stays as written: dates, standards, document numbers,
        # an organisation's credit code (public by law), counts and amounts
        "请公开2026年3月15日至2026年9月30日的监测数据",
        "GB 3095-2012、HJ 633-2026及环审〔2026〕12号批复",
        "统一社会信用代码91320500MA1N8XQ03X的企业",
        "编号20260315、第12345678号、共1500页、150000元",
        "示范市化工园区PM2.5和O3_8h的数据",
    ],
)
def test_text_keeps_what_is_not_personal(text: str) -> None:
    assert mask_text(text) == text


def test_text_masks_the_names_the_caller_knows_and_those_it_finds() -> None:
    text = "本人林晓梅请公开邻居王建华家养殖场的环评批复，联系人赵敏"
    assert mask_text(text, names=["林晓梅", "赵敏"]) == (
        "本人林**请公开邻居王**家养殖场的环评批复，联系人赵*"
    )
    # a one-character "name" would star that character everywhere: ignored
    assert mask_text("请公开林业数据", names=["林", ""]) == "请公开林业数据"
    assert mask_text("", names=["林晓梅"]) == ""


def test_text_masks_a_number_before_the_name_that_contains_it() -> None:
    # masking works on the whole text: a name next to a number is masked too
    assert mask_text("陈建国13962158877") == "陈**139****8877"
