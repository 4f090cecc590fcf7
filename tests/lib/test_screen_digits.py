"""lib/screen_digits: an HTML page's human text in Thai or Arabic digits, what people type
or copy left as it is."""

from __future__ import annotations

from ita_tracker.lib.screen_digits import html, text


def test_it_writes_numbers_in_thai_digits():
    assert text("รอบ 6 เดือน ปี 2566: 85.12 คะแนน, 14:05 น., 3/4/2566", thai=True) == (
        "รอบ ๖ เดือน ปี ๒๕๖๖: ๘๕.๑๒ คะแนน, ๑๔:๐๕ น., ๓/๔/๒๕๖๖"
    )


def test_it_writes_numbers_in_arabic_digits():
    assert text("รอบ ๑๒ เดือน ปี ๒๕๖๖", thai=False) == "รอบ 12 เดือน ปี 2566"


def test_it_keeps_codes_links_and_addresses():
    source = "O42 SHA-256 officer-pr2 PDF/A-2b https://x.go.th/?id=5 saraban1@x.go.th 20 MB"
    assert text(source, thai=True) == (
        "O42 SHA-256 officer-pr2 PDF/A-2b https://x.go.th/?id=5 saraban1@x.go.th ๒๐ MB"
    )


def test_it_keeps_character_references():
    assert text("&#39;12&#x27; &amp; 3", thai=True) == "&#39;๑๒&#x27; &amp; ๓"


def test_it_converts_text_and_read_attributes_only():
    page = (
        '<a href="/a/x/plans/2566/" title="แผน 2566" data-label="ปี 2566" hx-vals=\'{"n": 1}\'>'
        "แผนปี 2566</a>"
    )
    assert html(page, thai=True) == (
        '<a href="/a/x/plans/2566/" title="แผน ๒๕๖๖" data-label="ปี ๒๕๖๖" hx-vals=\'{"n": 1}\'>'
        "แผนปี ๒๕๖๖</a>"
    )


def test_it_leaves_what_is_typed_or_copied():
    page = (
        '<input name="y" value="2566" placeholder="เช่น 2566"><textarea>12 ข้อ</textarea>'
        "<code>1234</code><pre>5</pre><script>var a = 1 < 2;</script><style>p{margin:0}</style>"
        '<td translate="no">ทม ๕๑๓๐๑/12 <b>3</b></td> 45'
    )
    assert html(page, thai=True) == (
        '<input name="y" value="2566" placeholder="เช่น ๒๕๖๖"><textarea>12 ข้อ</textarea>'
        "<code>1234</code><pre>5</pre><script>var a = 1 < 2;</script><style>p{margin:0}</style>"
        '<td translate="no">ทม ๕๑๓๐๑/12 <b>3</b></td> ๔๕'
    )


def test_it_writes_a_date_box_marked_for_the_screen_in_its_digits():
    page = '<input name="d" value="3/4/2566" data-screen-digits><input name="n" value="3">'
    assert html(page, thai=True) == (
        '<input name="d" value="๓/๔/๒๕๖๖" data-screen-digits><input name="n" value="3">'
    )


def test_it_follows_nested_elements_kept_as_they_are():
    page = '<div translate="no">1<div>2</div>3</div>4<code><code>5</code>6</code>7'
    assert (
        html(page, thai=True)
        == '<div translate="no">1<div>2</div>3</div>๔<code><code>5</code>6</code>๗'
    )


def test_it_converts_chart_labels_and_option_text_not_coordinates_or_values():
    page = '<svg><text x="10" y="20">75</text></svg><option value="2566">2566</option>'
    assert html(page, thai=True) == (
        '<svg><text x="10" y="20">๗๕</text></svg><option value="2566">๒๕๖๖</option>'
    )


def test_it_leaves_comments_and_the_doctype():
    page = "<!DOCTYPE html><!-- 2566 --><p>1</p>"
    assert html(page, thai=True) == "<!DOCTYPE html><!-- 2566 --><p>๑</p>"


def test_it_reads_a_broken_tag_in_linear_time():
    page = "<a " + "b c=d " * 20000 + "12"  # no closing bracket: text, read once
    assert html(page, thai=True).endswith("๑๒")


def test_it_reads_a_long_number_in_linear_time():
    assert text("1" * 100_000 + " a@b.co", thai=True) == "๑" * 100_000 + " a@b.co"
