"""Author Markdown: the allowed subset parsed once, shown as plain text and as HTML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.engine.markdown import (
    Code,
    Emphasis,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Text,
    html,
    html_inline,
    parse,
    parse_inline,
    plain,
)


def test_stars_and_underscores_both_mean_emphasis_and_strong() -> None:
    assert parse("*a* _b_ **c** __d__") == (
        Paragraph(
            (
                Emphasis((Text("a"),)),
                Text(" "),
                Emphasis((Text("b"),)),
                Text(" "),
                Strong((Text("c"),)),
                Text(" "),
                Strong((Text("d"),)),
            )
        ),
    )


def test_underscores_inside_words_are_letters() -> None:
    assert parse_inline("snake_case_name") == (Text("snake_case_name"),)


def test_links_code_lists_and_quotes_are_understood() -> None:
    blocks = parse("[the article](https://example.org) and `x`\n\n- one\n- two\n\n> said")
    assert blocks == (
        Paragraph((Link("https://example.org", (Text("the article"),)), Text(" and "), Code("x"))),
        ListBlock(((Paragraph((Text("one"),)),), (Paragraph((Text("two"),)),))),
        Quote((Paragraph((Text("said"),)),)),
    )


def test_numbered_lists_keep_their_first_number() -> None:
    (block,) = parse("3. three\n4. four")
    assert isinstance(block, ListBlock) and block.ordered and block.start == 3
    assert plain("3. three\n4. four") == "3. three\n4. four"
    assert html("3. three\n4. four") == '<ol start="3"><li>three</li><li>four</li></ol>'


def test_everything_outside_the_subset_is_shown_as_written() -> None:
    for text in ("# Not a heading", "<b>not HTML</b>", "| a | b |", "~~not struck~~", "---"):
        assert plain(text) == text
        assert parse(text) == (Paragraph((Text(text),)),)


def test_pictures_are_their_description_and_fetch_nothing() -> None:
    assert plain("![a map of the front](https://example.org/map.png)") == "a map of the front"
    assert "<img" not in html("![a map](https://example.org/map.png)")


def test_links_that_lead_nowhere_a_reader_can_go_are_plain_words() -> None:
    assert parse_inline("[notes](notes.md)") == (Text("notes"),)
    assert parse_inline("[x](javascript:alert(1))") == (Text("[x](javascript:alert(1))"),)
    assert "<a" not in html("[x](javascript:alert(1)) [y](file:///etc/passwd)")


def test_a_link_whose_words_are_its_address_is_not_said_twice() -> None:
    assert plain("[https://example.org](https://example.org)") == "https://example.org"
    assert plain("[press@example.org](mailto:press@example.org)") == "press@example.org"


def test_one_line_texts_never_become_lists() -> None:
    assert parse_inline("1. Go *now*") == (Text("1. Go "), Emphasis((Text("now"),)))
    assert html_inline("- Go") == "- Go"


def test_plain_text_is_wrapped_with_hanging_list_indents() -> None:
    text = "- " + "word " * 20
    lines = plain(text, width=30).splitlines()
    assert all(len(line) <= 30 for line in lines)
    assert lines[0].startswith("- word") and all(line.startswith("  word") for line in lines[1:])


def test_html_escapes_every_text_and_address() -> None:
    out = html('<script>alert(1)</script> *<b>* [a](https://x.org/"onmouseover="y)')
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "<em>&lt;b&gt;</em>" in out
    assert 'onmouseover="' not in out


def test_deep_nesting_is_text_not_a_crash() -> None:
    text = "> " * 5000 + "deep" + " *a" * 5000
    assert "deep" in plain(text)
    assert "deep" in html(text)


@given(st.text(alphabet=st.sampled_from(list("ab *_`[]()>-#1.\n\\<&!")), max_size=200))
def test_any_text_renders_and_keeps_its_letters(text: str) -> None:
    shown = plain(text)
    assert [c for c in shown if c in "ab"] == [c for c in text if c in "ab"]
    html(text)
