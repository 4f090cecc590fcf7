"""Open untrusted ZIP files (DOCX, XLSX, PPTX …) with bounded work (no Django imports).

A ZIP says how big its members are before anything is decompressed, so a bomb (600 MB of XML in
600 kB, a 2 GB ``customXml`` part, ten thousand members) can be refused from its central
directory alone. :func:`open_checked` does that and returns an ordinary ``zipfile.ZipFile``;
:func:`read_member` reads one member without ever holding more than the limit, whatever the
directory claimed; :func:`read_xml` also refuses XML that declares a DTD (entities, billion
laughs, external references): Office files never need one.

Every refusal is an :class:`~ita_tracker.lib.errors.UnsafeArchive` naming the member.

    with open_checked(data) as archive:
        document = read_xml(archive, "word/document.xml")
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from ita_tracker.lib.errors import NotAnArchive, UnsafeArchive

MiB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """What a ZIP may cost to open. The defaults fit Office files people really make."""

    max_members: int = 1000
    max_member_size: int = 32 * MiB  # uncompressed, per member
    max_total_size: int = 100 * MiB  # uncompressed, all members
    # Uncompressed / compressed, checked for members above ``ratio_floor`` only: real Word XML
    # compresses 5-30 times, a bomb a thousand times.
    max_ratio: float = 100.0
    ratio_floor: int = 1 * MiB


DEFAULT_LIMITS = ZipLimits()
_CHUNK = 64 * 1024


def _refuse(member: str, th: str, en: str) -> UnsafeArchive:
    return UnsafeArchive(th, en, location=member)


def check(archive: zipfile.ZipFile, limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Raise :class:`UnsafeArchive` unless every member of ``archive`` is within ``limits``."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _refuse(
            "",
            f"ไฟล์ ZIP มีส่วนประกอบ {len(members)} ส่วน เกินที่รับได้ ({limits.max_members})",
            f"the ZIP file has {len(members)} members, more than {limits.max_members}",
        )
    total = 0
    for info in members:
        name = info.filename
        if info.flag_bits & 0x1:
            raise _refuse(
                name, "ไฟล์ถูกเข้ารหัสไว้ เปิดไม่ได้", "the member is encrypted and cannot be read"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(
                name,
                "ไฟล์ใช้วิธีบีบอัดที่ไม่รองรับ",
                f"unsupported compression method {info.compress_type}",
            )
        if info.file_size > limits.max_member_size:
            raise _refuse(
                name,
                f"ส่วนนี้ใหญ่เกิน {limits.max_member_size // MiB} MB เมื่อขยาย",
                f"the member is larger than {limits.max_member_size // MiB} MB uncompressed",
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise _refuse(
                name,
                "ส่วนนี้ถูกบีบอัดผิดปกติ (อาจเป็น zip bomb)",
                f"the member is compressed {info.file_size // max(info.compress_size, 1)} "
                f"times, more than {limits.max_ratio:g} (a zip bomb?)",
            )
        total += info.file_size
        if total > limits.max_total_size:
            raise _refuse(
                "",
                f"ไฟล์ ZIP ใหญ่เกิน {limits.max_total_size // MiB} MB เมื่อขยาย",
                f"the ZIP file is larger than {limits.max_total_size // MiB} MB uncompressed",
            )


def open_checked(
    file_or_path: bytes | str | Path | IO[bytes], *, limits: ZipLimits = DEFAULT_LIMITS
) -> zipfile.ZipFile:
    """A ``ZipFile`` over ``file_or_path`` (bytes, a path or a binary file) once :func:`check`
    passed; :class:`UnsafeArchive` when it is not a ZIP or breaks ``limits``."""
    source: str | Path | IO[bytes] = (
        io.BytesIO(file_or_path) if isinstance(file_or_path, bytes) else file_or_path
    )
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise NotAnArchive("ไฟล์ไม่ใช่ ZIP ที่ถูกต้อง", f"not a valid ZIP file ({exc})") from None
    try:
        check(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def read_member(
    archive: zipfile.ZipFile, name: str, *, limits: ZipLimits = DEFAULT_LIMITS
) -> bytes:
    """The bytes of member ``name``, read in chunks and never past ``limits.max_member_size``
    (nor past the size the directory declared, which a forged ZIP could understate)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _refuse(name, "ไม่มีส่วนนี้ในไฟล์", "no such member in the ZIP file") from None
    cap = min(info.file_size, limits.max_member_size)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > cap:
                    raise _refuse(
                        name,
                        "ส่วนนี้ใหญ่กว่าที่ไฟล์ระบุไว้",
                        "the member is larger than the ZIP directory says",
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        # BadZipFile: a CRC mismatch; zlib.error: a corrupt deflate stream.
        raise _refuse(name, "ส่วนนี้เสียหาย อ่านไม่ได้", f"the member is damaged ({exc})") from None
    return bytes(out)


# No DTD is loaded, no entity is expanded, nothing is fetched, and libxml2's own caps on huge
# documents stay on.
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


_DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _dtd_refusal(name: str) -> UnsafeArchive:
    return _refuse(
        name,
        "XML มีการประกาศ DTD/ENTITY ซึ่งไฟล์ Office ไม่ใช้ (อาจเป็นการโจมตี)",
        "the XML declares a DTD or entities, which Office files never do",
    )


def check_xml(data: bytes, name: str = "") -> etree._Element:
    """Parse ``data`` as XML without entities; refuse it when it declares a DTD or is not XML."""
    if any(mark in data for mark in _DOCTYPE_MARKS):
        raise _dtd_refusal(name)  # before libxml2 even sees the entities
    try:
        root = etree.fromstring(data, parser=_XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _refuse(name, "XML ไม่ถูกต้อง", f"invalid XML ({exc})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _dtd_refusal(name)
    return root


def read_xml(
    archive: zipfile.ZipFile, name: str, *, limits: ZipLimits = DEFAULT_LIMITS
) -> etree._Element:
    """Member ``name`` parsed as XML, within ``limits`` and without DTDs or entities."""
    return check_xml(read_member(archive, name, limits=limits), name)


def check_all_xml(archive: zipfile.ZipFile, *, limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Read every ``.xml``/``.rels`` member with :func:`read_xml` (before a library that
    trusts the file, such as python-docx, parses them its own way)."""
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels")):
            read_xml(archive, info.filename, limits=limits)
