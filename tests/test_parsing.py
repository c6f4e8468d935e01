import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reexdata.errors import LexiconError
from reexdata.lexicons import load_lexicon
from reexdata.parsing import (_INVISIBLE, _LINE_BREAKS, _ODD_ASCII, _ODD_WIDE, _PUNCT_TOKEN, _TYPOGRAPHIC, _lines_with,
                              _needle,
                              _needles_pattern, _normalise, _squash, compile_boilerplate, count_words, first_sentence,
                              parse_page)

PAGE = """A Headline About Baogang

Sep 9, 2025

Highlights

  • First point.
  • Second point.

On September 8, Baogang met the city.

Why Relevant?

It matters.

Search
Recent Reex News

Other Story One

Other Story Two

By Daniel

Inspired to launch Rare Earth Exchanges in part due to his lifelong passion.

0 Comments

Leave a Reply"""


def test_title_dateline_and_bullet_highlights():
    page = parse_page(PAGE)
    assert (page.title, page.dateline, page.highlights) == (
        "A Headline About Baogang", "Sep 9, 2025", ["First point.", "Second point."]
    )


def test_body_keeps_headings_as_paragraphs_and_drops_boilerplate():
    assert parse_page(PAGE).body == "On September 8, Baogang met the city.\n\nWhy Relevant?\n\nIt matters."


def test_sidebar_headlines_become_related_headlines():
    assert parse_page(PAGE).related_headlines == ["Other Story One", "Other Story Two"]


def test_byline_followed_by_bio_gives_the_author():
    assert parse_page(PAGE).author == "Daniel"


def test_a_page_starting_with_highlights_has_no_title():
    page = parse_page("Highlights\n- One.\n- Two.\nBody line one.\nBody line two.")
    assert (page.title, page.highlights, page.body) == (None, ["One.", "Two."], "Body line one.\n\nBody line two.")


def test_bullets_after_the_highlights_block_stay_in_the_body():
    page = parse_page("Highlights\n- One.\nKey questions:\n- Will it?\n- Could it?\nEnd.")
    assert page.highlights == ["One."]
    assert page.body == "Key questions:\n\n- Will it?\n- Could it?\n\nEnd."


def test_state_media_disclaimer_sets_the_flag_and_leaves_the_body():
    text = ("Title\n\nBody text.\n\nDisclaimer: This news item originates from media of a Chinese "
            "state-owned entity. Details should be independently verified.")
    page = parse_page(text)
    assert (page.state_media_disclaimer, page.body) == (True, "Body text.")


@pytest.mark.parametrize(
    "line",
    [
        "ยฉ!-- /wp:paragraph -->",
        "©!-- /wp:paragraph -->",
        "Spread the word:",
        "CATEGORIES: , , , ,",
        "Your email address will not be published. Required fields are marked *",
        "Submit a Comment",
        "Straight Into Your Inbox",
        "Receive a Daily News Update Intended to Help You Keep Pace With the Rapidly Evolving REE Market.",
        "Fantastic! Thanks for subscribing, you won't regret it.",
        "Source: Wikipedia",
        "© 2025 Rare Earth Exchanges",
    ],
)
def test_boilerplate_lines_are_removed(line):
    assert parse_page(f"Title\n\nBody text.\n\n{line}\n\nMore text.").body == "Body text.\n\nMore text."


def test_an_image_caption_stays_without_its_picture_credit():
    page = "Title\n\nBody text.\n\nBayan Obo Mining District - Wikipedia\nSource: Wikipedia"
    assert parse_page(page).body == "Body text.\n\nBayan Obo Mining District"


def test_sentences_that_mention_boilerplate_words_stay():
    body = "Source: officials said the mine will expand. Leave a reply to the ministry, they said."
    assert parse_page(f"Title\n\n{body}").body == body


@pytest.mark.parametrize(
    "line, expected",
    [
        ("a study session (opens in a new tab) of 2025.", "a study session of 2025."),
        ("the Government (opens in a new tab)—marking a step.", "the Government—marking a step."),
        ("China Daily (opens in a new tab)CE (opens in a new tab)", "China Daily CE"),
    ],
)
def test_link_residue_is_removed_from_inside_lines(line, expected):
    assert parse_page(f"Title\n\n{line}").body == expected


def test_a_single_line_is_body_not_title():
    page = parse_page("Just one line of text")
    assert (page.title, page.body) == (None, "Just one line of text")


def test_a_known_title_is_not_repeated_in_the_body():
    page = parse_page("Cocoa Review\nShowers continued.", title="Cocoa Review")
    assert (page.title, page.body) == (None, "Showers continued.")


def test_hard_wrapped_text_is_joined_into_paragraphs():
    text = (
        "Showers continued throughout the week in\n"
        "the Bahia cocoa zone, alleviating the drought since early\n"
        "January and improving prospects for the coming temporao,\n"
        "although normal humidity levels have not been restored,\n"
        "Comissaria Smith said in its weekly review.\n"
        "    The dry period means the temporao will be late this year.\n"
        "    Arrivals for the week were 155,221 bags\n"
        "of 60 kilos."
    )
    paragraphs = parse_page(text, title="BAHIA COCOA REVIEW").body.split("\n\n")
    assert paragraphs == [
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early "
        "January and improving prospects for the coming temporao, although normal humidity levels have not "
        "been restored, Comissaria Smith said in its weekly review.",
        "The dry period means the temporao will be late this year.",
        "Arrivals for the week were 155,221 bags of 60 kilos.",
    ]


def test_a_user_lexicon_replaces_the_shipped_one():
    lexicon = {"version": "test", "lines": {"mine": ["The Mining District"]}}
    assert parse_page("Title\n\nText.\n\nThe Mining District\n\nLeave a Reply", boilerplate=lexicon).body == (
        "Text.\n\nLeave a Reply"
    )


def test_an_invalid_pattern_is_a_lexicon_error():
    with pytest.raises(LexiconError, match="is not a valid regular expression"):
        compile_boilerplate({"version": "x", "lines": {"bad": ["(unclosed"]}})


def test_clashing_patterns_are_a_lexicon_error():
    lexicon = {"version": "x", "lines": {"a": ["(?P<n>a)", "(?P<n>b)"]}}
    with pytest.raises(LexiconError, match="cannot be combined into one expression"):
        compile_boilerplate(lexicon)


def test_a_badly_shaped_section_is_a_lexicon_error():
    with pytest.raises(LexiconError, match=r"section \[sidebar\] headings must be a list"):
        compile_boilerplate({"version": "x", "sidebar": {"headings": 3}})


def test_shipped_lexicon_has_a_version():
    assert load_lexicon("boilerplate")["version"] == "2"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Baogang met Li Bo. They talked.\n\nMore.", "Baogang met Li Bo."),
        ("- A bullet first. Then more.", "A bullet first."),
        ("Is it rational? Yes.", "Is it rational?"),
        ("The U.S. and allies met. Then left.", "The U.S. and allies met."),
        ("", ""),
        ("包钢宣布扩产。新厂明年投产。", "包钢宣布扩产。"),
        ("稀土价格会涨吗？分析师认为会。", "稀土价格会涨吗？"),
        ("工人说：“产量翻番！”厂长点头。", "工人说：“产量翻番！”"),
        ("包钢宣布扩产，新厂明年投产", "包钢宣布扩产，新厂明年投产"),
        ("Baogang said 扩产。 Then more.", "Baogang said 扩产。"),
    ],
)
def test_first_sentence(text, expected):
    assert first_sentence(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("- Baogang’s U.S. rare-earth push: 2 bases.", 6), ("", 0), ("one\n\ntwo", 2),
     ("包钢宣布扩产。", 3), ("稀土价格上涨", 2), ("包鋼宣佈擴產", 3), ("的", 1), ("Baogang（包钢）宣布扩产。", 4),
     ("2025年", 2), ("，。！", 0)],
)
def test_count_words(text, expected):
    assert count_words(text) == expected


def test_first_sentence_of_a_long_chinese_sentence_is_cut_at_max_chars():
    assert first_sentence("稀" * 400) == "稀" * 300


def test_markdown_heading_markers_are_dropped():
    page = parse_page("# Baogang Signs Deal\n\nThe deal was signed.\n\n## Why Relevant?\n\nIt matters.")
    assert (page.title, page.body) == ("Baogang Signs Deal", "The deal was signed.\n\nWhy Relevant?\n\nIt matters.")


# Chinese pages

ZH_PAGE = """首页 > 新闻中心 > 正文

包钢集团召开稀土产业发展大会

来源：包头日报 时间：2025-09-10 10:30

【字号 大 中 小】【打印本页】【关闭窗口】

9月10日上午，包钢集团召开稀土产业发展大会。

会议强调，要把资源优势转化为产业优势。

（责任编辑：王五）

分享到：新浪微博 腾讯微博 QQ空间

扫一扫，分享到微信

上一篇：北方稀土发布半年报

下一篇：包头市召开招商会

相关阅读

Copyright © 2025 包头日报社 版权所有"""


def test_chinese_page_furniture_is_removed():
    page = parse_page(ZH_PAGE, title="包钢集团召开稀土产业发展大会")
    assert page.body == "9月10日上午，包钢集团召开稀土产业发展大会。\n\n会议强调，要把资源优势转化为产业优势。"


def test_the_date_of_a_chinese_source_line_is_read_before_the_line_is_dropped():
    page = parse_page(ZH_PAGE, title="包钢集团召开稀土产业发展大会")
    assert page.dateline == "来源：包头日报 时间：2025-09-10 10:30"


def test_a_chinese_dateline_under_the_title():
    page = parse_page("包钢集团召开会议\n\n发布时间：2025年9月10日\n\n包钢集团召开会议。")
    assert (page.title, page.dateline, page.body) == ("包钢集团召开会议", "发布时间：2025年9月10日", "包钢集团召开会议。")


@pytest.mark.parametrize(
    "line",
    [
        "来源：新华网",
        "发布人：-赛迪网",
        "作者：张三 来源：新华网 发布时间：2011-08-09 点击：120",
        "（责任编辑：王五）",
        "原标题：包钢集团召开会议",
        "（完）",
        "版权所有：包钢集团",
        "Copyright © 2025 包头日报社 版权所有 未经授权禁止转载",
        "未经授权，禁止转载。",
        "京ICP备05012345号",
        "分享到：新浪微博 腾讯微博",
        "扫一扫，分享到微信",
        "扫描二维码关注我们",
        "上一篇：包钢集团召开会议",
        "下一篇：没有了",
        "下一篇",
        "【字号 大 中 小】【打印本页】【关闭窗口】",
        "[打印本页] [关闭窗口]",
        "字号：大 中 小",
        "首页 > 新闻中心 > 正文",
        "当前位置：首页 > 新闻 > 国内",
        "相关阅读",
        "相关新闻：",
        '<%@ include file="/view/srplatform/portal/include/main_header_index.jsp" %>',
        "1、2011（第二届）中国环境监测仪器行业优秀供应商评价推介",
        "电线电缆采购群QQ：89391918",
        "發布人：-人民網",
        "（責任編輯：王五）",
        "【字號 大 中 小】【打印本頁】【關閉窗口】",
        "首頁 > 新聞中心 > 正文",
    ],
)
def test_chinese_furniture_lines_are_boilerplate(line):
    assert compile_boilerplate().kind.fullmatch(line).lastgroup == "drop"


@pytest.mark.parametrize(
    "sentence",
    [
        "来源：据新华社报道，包钢集团的稀土产量增长。",
        "该公司版权所有的软件被盗版。",
        "用户可以把文章分享到微信朋友圈。",
        "上一篇文章中我们提到了包钢。",
        "中国稀土行业协会首页改版后访问量大增。",
        "时间：就是金钱。",
        "记者：包钢今年的产量如何？",
    ],
)
def test_chinese_sentences_with_furniture_words_stay(sentence):
    page = parse_page(f"包钢集团召开会议\n\n{sentence}\n\n包钢集团召开会议。")
    assert page.body == f"{sentence}\n\n包钢集团召开会议。"


def test_normalise_quick_check_knows_every_character_the_patterns_change():
    # _normalise returns a text untouched when it holds none of these.
    every = "".join(map(chr, range(0x110000)))
    changed = set(_INVISIBLE.findall(every)) | set(_LINE_BREAKS.findall(every))
    assert changed == set(_ODD_ASCII.decode("ascii")) | set(_ODD_WIDE)


@pytest.mark.parametrize(("text", "expected"), [
    ("a\r\nb\x0cc", "a\nb\nc"),
    ("A\u200bB\u2028C\u2019", "AB\nC\u2019"),
    ("Plain \u2019text\u2019.\n\tIndented", "Plain \u2019text\u2019.\n\tIndented"),
])
def test_normalise_turns_line_breaks_to_newlines_and_drops_invisibles(text, expected):
    assert _normalise(text) == expected


@pytest.mark.parametrize(("pattern", "needle"), [
    (r"\(opens in a new tab\)", "("),  # "o" has case: "O" matches too
    (r" - (Wikipedia|Getty Images)\s*$", " - "),
    (r"<!--\s*/?wp:[^>]*-->", "<!--"),
    ("©", "©"),
    (r"\.\.+x", "."),  # the repeated second dot may be the last
    ("abc|abd", ""),  # "a" has case
    ("-x|-y", "-"),  # the branches' common start
    ("-x|=y", ""),
    ("(?-i:-x)", ""),
    ("-*x", ""),
])
def test_needle_is_the_start_every_match_shares(pattern, needle):
    assert _needle(pattern) == needle


@pytest.mark.parametrize(("needles", "pattern"), [
    (["©", "("], r"©|\("),
    ([" - "], r"\-(?<=[^\S\n]\-)(?=[^\S\n]+)"),
    (["<!--"], r"<(?=!\-\-)"),
    (["a  b."], r"a(?=[^\S\n]+b\.)"),
])
def test_needles_pattern_matches_each_needle_from_its_first_other_character(needles, pattern):
    assert _needles_pattern(needles).pattern == pattern


@pytest.mark.parametrize("needles", [["", "©"], ["©", " "], []])
def test_needles_pattern_is_none_when_a_line_cannot_be_ruled_out(needles):
    assert _needles_pattern(needles) is None


@pytest.mark.parametrize(("text", "lines"), [
    ("a - b\n- c\nd -\te\n\u00a0-\u00a0\n(\n©", {0, 2, 3, 4, 5}),
    ("no residue here", set()),
    ("x\n - - y", {1}),
])
def test_lines_with_numbers_the_lines_a_needle_may_be_in(text, lines):
    assert _lines_with(_needles_pattern([" - ", "(", "©"]), text) == lines


def test_lines_with_is_every_line_without_a_pattern():
    assert list(_lines_with(None, "a\nb\n")) == [0, 1, 2]


@given(st.lists(st.sampled_from(["a", "b", "-", " - ", "  ", "\t", "\u00a0", "\n", "©", "(", "<!--", "<", "!--"]),
                max_size=40))
def test_a_line_left_out_holds_no_needle_once_squashed(pieces):
    text = "".join(pieces)
    needles = [" - ", "©", "(", "<!--", "a b"]
    marked = _lines_with(_needles_pattern(needles), text)
    for k, line in enumerate(text.split("\n")):
        if k not in marked:
            assert not any(needle in _squash(line) for needle in needles)


@pytest.mark.parametrize("char", _TYPOGRAPHIC)
def test_typographic_punctuation_is_neither_a_word_character_nor_a_space(char):
    assert (re.match(r"[\w\s]", char), char.isspace()) == (None, False)


@given(st.text(alphabet=st.sampled_from(["a", "1", "_", " ", "\n", "-", ".", "é", "\u00a0", *_TYPOGRAPHIC])))
def test_count_words_with_typographic_punctuation_agrees_with_the_token_rule(text):
    assert count_words(text) == len(text.split()) - len(_PUNCT_TOKEN.findall(" " + text))


@pytest.mark.parametrize(("text", "expected"), [("“Baogang’s — output” rose …", 3), ("— “ ”", 0), ("é’s —", 1)])
def test_count_words_leaves_out_tokens_of_typographic_punctuation(text, expected):
    assert count_words(text) == expected


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_count_words_on_ascii_text_agrees_with_the_token_rule(text):
    # ASCII text is counted by byte operations; the rule is the regex's.
    assert count_words(text) == len(text.split()) - len(_PUNCT_TOKEN.findall(" " + text))
