"""The Chinese text service: segmentation, the project dictionary, synonyms, highlighting."""

from __future__ import annotations

import pytest

from lantian.core import text


def test_index_segmentation_keeps_words_and_the_words_inside_them() -> None:
    tokens = text.segment_for_index("市生态环境局发布水质监测数据").split()
    for word in ("生态环境局", "生态环境", "环境", "水质", "监测", "数据"):
        assert word in tokens
    assert "市生态环境局发布水质监测数据" not in tokens


def test_project_dictionary_words_are_single_tokens() -> None:
    assert "环评" in text.index_words("建设项目环评审批")
    assert "突发环境事件" in text.index_words("突发环境事件应急预案")
    tokens = text.segment_for_index("突发环境事件应急预案").split()
    assert {"突发环境事件", "应急预案", "环境", "事件", "应急", "预案"} <= set(tokens)


def test_normalisation_lower_case_width_and_punctuation() -> None:
    assert text.segment_for_index("PM2.5 与 ＰＭ１０，COD！") == "pm25 与 pm10 cod"
    number = text.segment_for_index("示环发〔2026〕12号")
    assert number.split() == ["示", "环发", "2026", "12", "号"]
    assert text.segment_for_index("") == ""


def test_query_terms_with_synonyms_and_without_stop_words() -> None:
    assert text.query_terms("环评") == [{"环评", "环境影响评价"}]
    assert text.query_terms("环境影响评价") == [{"环评", "环境影响评价"}]
    assert text.query_terms("PM2.5") == [{"pm25", "细颗粒物"}]
    assert text.query_terms("排污证") == [{"排污证", "排污许可证"}]
    assert text.query_terms("关于大气污染防治的通知") == [{"大气污染防治"}, {"通知"}]
    assert text.query_terms("的") == [{"的"}]  # only stop words: kept
    assert text.query_terms("  ，。 ") == []


def test_dictionary_and_synonym_files_are_well_formed() -> None:
    words = set()
    for line in text.DICTIONARY_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, freq, tag = line.split()
            assert int(freq) > 0 and tag, line
            words.add(word)
    assert len(words) >= 100
    for line in text.SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert len(line.split()) >= 2, line


def test_highlight_marks_matches_and_escapes_everything_else() -> None:
    snippet = text.highlight(
        "<script>alert('x')</script>本季度水质总体为优&良", text.query_terms("水质"), 200
    )
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;良" in snippet
    assert "<mark>水质</mark>" in snippet
    assert snippet.count("<mark>") == 1


def test_highlight_marks_normalised_terms_in_the_original_text() -> None:
    snippet = text.highlight("今年PM2.5浓度下降", text.query_terms("pm2.5"))
    assert "<mark>PM2.5</mark>" in snippet


def test_highlight_windows_long_text_around_the_first_match() -> None:
    body = "前言" * 200 + "臭氧污染" + "结尾" * 200
    snippet = text.highlight(body, [{"臭氧"}], width=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>臭氧</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 42


def test_highlight_keeps_the_full_width_punctuation_of_a_chinese_sentence() -> None:
    sentence = (
        "2026年10月，全市12个国考断面中，Ⅰ～Ⅲ类水质断面11个；“水质优良”比例为91.7%，"
        "同比持平、环比上升。饮用水水源地（3个）水质均达标：ＰＭ２．５浓度下降。"
    )
    snippet = text.highlight(sentence, text.query_terms("水质"), 200)
    # everything but the marks is the sentence as written: nothing normalised away
    assert snippet.replace("<mark>", "").replace("</mark>", "") == sentence
    for mark in "，。、；：“”（）～Ⅰ":
        assert mark in snippet
    assert snippet.count("<mark>水质</mark>") == 3
    assert "“<mark>水质</mark>优良”" in snippet


def test_highlight_marks_full_width_letters_as_written() -> None:
    snippet = text.highlight(
        "饮用水水源地水质均达标：ＰＭ２．５浓度下降。", text.query_terms("PM2.5")
    )
    assert snippet == "饮用水水源地水质均达标：<mark>ＰＭ２．５</mark>浓度下降。"


def test_highlight_maps_a_match_inside_an_expanded_character_to_that_character() -> None:
    # NFKC turns Ⅲ into III: a match ending inside it marks the whole Ⅲ
    snippet = text.highlight("Ⅰ～Ⅲ类水质", [{"iii"}], 50)
    assert snippet == "<mark>Ⅰ～Ⅲ</mark>类水质"
    assert text.highlight("达到Ⅲ类", [{"iii"}]) == "达到<mark>Ⅲ</mark>类"


def test_highlight_windows_keep_punctuation_at_their_edges() -> None:
    body = "前言，" * 100 + "臭氧污染。" + "结尾、" * 100
    snippet = text.highlight(body, [{"臭氧"}], width=30)
    assert "<mark>臭氧</mark>污染。" in snippet
    assert "，" in snippet and "、" in snippet


def test_highlight_without_a_match_is_the_escaped_start() -> None:
    assert text.highlight("<b>通知</b>", [{"水质"}], 100) == "&lt;b&gt;通知&lt;/b&gt;"
    assert text.highlight("", [{"水质"}]) == ""


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("请公开邻居王建华家养殖场的环评批复", {"王建华"}),
        ("申请公开关于陈建国投诉示范市东城化工有限公司的处理结果", {"陈建国"}),
        ("请提供林晓梅女士反映的噪声问题处理结果", {"林晓梅"}),
        ("请公开赵敏举报北山钢铁集团的调查结论", {"赵敏"}),
        ("王建华的公司排污情况", {"王建华"}),  # a particle: the person, not the company
        # words jieba tags as names, and parts of organisations' and places' names
        ("请公开示范市恒润化工有限公司危险废物经营许可证", set()),
        ("请提供白鹭江西湖区段2026年3月各监测断面水质监测数据", set()),
        ("请公开高新区华芯半导体有限公司的行政处罚决定书", set()),
        ("请提供张家港市和黄河流域的水质数据", set()),
        ("", set()),
    ],
)
def test_person_names_in_a_sentence(sentence: str, names: set[str]) -> None:
    assert text.person_names(sentence) == names
