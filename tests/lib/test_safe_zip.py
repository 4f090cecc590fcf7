"""Untrusted ZIPs are opened with bounded work: bombs and DTDs are refused, located."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from ita_tracker.lib import safe_zip
from ita_tracker.lib.errors import InputRefused, UnsafeArchive
from ita_tracker.lib.safe_zip import ZipLimits

SMALL = ZipLimits(
    max_members=10, max_member_size=1000, max_total_size=2500, max_ratio=20, ratio_floor=100
)


def make_zip(members: dict[str, bytes], *, stored: bool = False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_it_opens_a_zip_within_the_limits_and_reads_members() -> None:
    data = make_zip({"word/document.xml": b"<w:document xmlns:w='urn:w'/>", "a.bin": b"123"})
    with safe_zip.open_checked(data, limits=SMALL) as archive:
        assert safe_zip.read_member(archive, "a.bin", limits=SMALL) == b"123"
        assert safe_zip.read_xml(archive, "word/document.xml").tag == "{urn:w}document"


def test_it_accepts_a_path_and_a_file(tmp_path) -> None:
    data = make_zip({"a.txt": b"x"})
    path = tmp_path / "a.zip"
    path.write_bytes(data)
    for source in (path, str(path), io.BytesIO(data)):
        with safe_zip.open_checked(source) as archive:
            assert archive.namelist() == ["a.txt"]


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not a zip", b"%PDF-1.7"])
def test_it_refuses_what_is_not_a_zip(data: bytes) -> None:
    with pytest.raises(UnsafeArchive, match="not a valid ZIP"):
        safe_zip.open_checked(data)


def test_it_refuses_too_many_members() -> None:
    data = make_zip({f"m{i}": b"" for i in range(11)})
    with pytest.raises(UnsafeArchive, match="11 members"):
        safe_zip.open_checked(data, limits=SMALL)


def test_it_refuses_a_large_member_naming_it() -> None:
    data = make_zip({"customXml/item1.xml": bytes(range(256)) * 4 + b"x"}, stored=True)
    with pytest.raises(UnsafeArchive) as caught:
        safe_zip.open_checked(data, limits=SMALL)
    assert caught.value.location == "customXml/item1.xml"
    assert "ใหญ่เกิน" in caught.value.message_th
    assert str(caught.value).startswith("customXml/item1.xml: ")


def test_it_refuses_a_total_over_the_limit() -> None:
    data = make_zip({f"m{i}": bytes(range(256)) * 3 for i in range(4)}, stored=True)
    with pytest.raises(UnsafeArchive, match="uncompressed"):
        safe_zip.open_checked(data, limits=SMALL)


def test_it_refuses_a_zip_bomb_by_its_ratio_before_decompressing() -> None:
    bomb = make_zip({"word/document.xml": b"<a>" + b"a" * 900 + b"</a>"})
    with pytest.raises(UnsafeArchive, match="zip bomb") as caught:
        safe_zip.open_checked(bomb, limits=SMALL)
    assert caught.value.location == "word/document.xml"


def test_the_default_limits_refuse_a_40_mb_document() -> None:
    # 40 MB of zeros compress to ~40 kB: refused from the directory, never decompressed.
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        block = b"\0" * (1024 * 1024)
        for _ in range(40):
            member.write(block)
    with pytest.raises(UnsafeArchive, match="larger than 32 MB"):
        safe_zip.open_checked(out.getvalue())


def _understate_sizes(data: bytes, real: int, claimed: int) -> bytes:
    """Forge the local and central headers to claim ``claimed`` bytes uncompressed."""
    return data.replace(struct.pack("<I", real), struct.pack("<I", claimed))


def test_read_member_stops_at_the_declared_size_of_a_forged_zip() -> None:
    payload = b"A" * 5000
    forged = _understate_sizes(make_zip({"x.bin": payload}, stored=True), 5000, 10)
    with safe_zip.open_checked(forged) as archive, pytest.raises(UnsafeArchive) as caught:
        safe_zip.read_member(archive, "x.bin")
    assert caught.value.location == "x.bin"


def test_read_member_refuses_a_missing_member_and_a_corrupt_one() -> None:
    data = make_zip({"a.txt": b"hello world" * 10})
    with safe_zip.open_checked(data) as archive, pytest.raises(UnsafeArchive, match="no such"):
        safe_zip.read_member(archive, "b.txt")
    corrupt = bytearray(data)
    corrupt[40] ^= 0xFF  # inside the deflate stream
    with safe_zip.open_checked(bytes(corrupt)) as archive, pytest.raises(UnsafeArchive):
        safe_zip.read_member(archive, "a.txt")


def test_it_refuses_an_encrypted_member() -> None:
    data = bytearray(make_zip({"a.txt": b"x"}))
    # The general-purpose flag sits at offset 6 of the local header and 8 of the central one.
    central = data.rfind(b"PK\x01\x02")
    data[6] |= 1
    data[central + 8] |= 1
    with pytest.raises(UnsafeArchive, match="encrypted"):
        safe_zip.open_checked(bytes(data))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""


@pytest.mark.parametrize(
    "xml",
    [
        BILLION_LAUGHS,
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>',
    ],
)
def test_read_xml_refuses_a_dtd(xml: bytes) -> None:
    with (
        safe_zip.open_checked(make_zip({"word/document.xml": xml})) as archive,
        pytest.raises(UnsafeArchive, match="DTD") as caught,
    ):
        safe_zip.check_all_xml(archive)
    assert caught.value.location == "word/document.xml"


def test_read_xml_refuses_what_is_not_xml() -> None:
    with (
        safe_zip.open_checked(make_zip({"_rels/.rels": b"<a><b></a>"})) as archive,
        pytest.raises(UnsafeArchive, match="invalid XML"),
    ):
        safe_zip.check_all_xml(archive)


def test_the_error_is_an_input_refusal_in_thai_and_english() -> None:
    with pytest.raises(InputRefused) as caught:
        safe_zip.open_checked(b"nope")
    assert caught.value.message_th == "ไฟล์ไม่ใช่ ZIP ที่ถูกต้อง"
    assert isinstance(caught.value, ValueError)
