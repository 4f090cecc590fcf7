"""DOCX -> PDF with LibreOffice, the only engine whose Thai text layer is right (thai-documents.md).

Two converters share one small interface (:class:`Converter`):

* :class:`SofficeConverter` runs ``soffice --headless --convert-to pdf`` once per document. It
  needs nothing running; the CLI and the tests use it.
* :class:`UnoserverConverter` keeps one LibreOffice running behind unoserver and sends each
  document over XML-RPC: about five times faster per document, for the web server.

Both give LibreOffice its own profile (two LibreOffice processes on one profile block each
other), the project's fonts through ``FONTCONFIG_FILE`` (nothing system-wide), and a timeout;
both raise :class:`~ita_tracker.docengine.errors.ConversionError` when LibreOffice is missing,
hangs or fails.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import http.client
import importlib.metadata
import io
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
import zipfile
from pathlib import Path
from typing import IO, Protocol

from ita_tracker.docengine import fonts, glyphs, thai_words
from ita_tracker.docengine.errors import ConversionError
from ita_tracker.docengine.exporters.text_layer import fix_text_layer
from ita_tracker.docengine.exporters.text_layer import warm_up as warm_up_text_layer

# Seconds for one conversion; a 100-measure report takes about 1.3 s. Below gunicorn's worker
# timeout (gunicorn_conf.py), so a slow conversion ends with the converter's own message, not a
# killed worker and a bare 500 (issue 10, finding 5).
DEFAULT_TIMEOUT = float(os.environ.get("ITA_PDF_TIMEOUT", "40"))
UNOSERVER_START_TIMEOUT = 60.0
UNOSERVER_API = "3"
# The interpreter python3-uno is built for. unoserver's server half must run under it.
SYSTEM_PYTHON = "/usr/bin/python3"
_MAX_PROFILE_SLOTS = 64
logger = logging.getLogger(__name__)

_MISSING_TH = "ไม่พบโปรแกรม LibreOffice ({}) บนเครื่องนี้ ให้ติดตั้งแพ็กเกจ libreoffice-writer-nogui"
_MISSING_EN = "LibreOffice ({}) is not installed here: install the package libreoffice-writer-nogui"


# Issued documents: PDF/A-2b (archival: fonts embedded, XMP metadata, no transparency) and a
# tagged PDF (structure for screen readers). Drafts skip both: tagging costs time.
ARCHIVAL_OPTIONS = {"SelectPdfVersion": 2, "UseTaggedPDF": True}


def _soffice_filter(archival: bool) -> str:
    if not archival:
        return "pdf:writer_pdf_Export"
    options = {
        name: {
            "type": "boolean" if isinstance(value, bool) else "long",
            "value": str(value).lower(),
        }
        for name, value in ARCHIVAL_OPTIONS.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def _unoserver_options(archival: bool) -> list[str]:
    if not archival:
        return []
    return [f"{name}={str(value).lower()}" for name, value in ARCHIVAL_OPTIONS.items()]


class Converter(Protocol):
    """Turns DOCX bytes into PDF bytes. Safe to call from several threads.

    ``archival=True`` makes a PDF/A-2b, tagged PDF (for issued documents).
    """

    name: str

    def convert(self, docx: bytes, *, archival: bool = False) -> bytes: ...

    def close(self) -> None: ...


def find_soffice(explicit: str | None = None) -> str:
    """The LibreOffice executable: ``explicit``, ``$ITA_SOFFICE``, or ``soffice`` on PATH."""
    name = explicit or os.environ.get("ITA_SOFFICE") or "soffice"
    found = shutil.which(name)
    if found is None:
        raise ConversionError(_MISSING_TH.format(name), _MISSING_EN.format(name))
    return found


def _child_env(font_setup: fonts.FontSetup) -> dict[str, str]:
    env = dict(os.environ)
    env.update(font_setup.env())
    # Thai line breaks from the project's dictionary (thai_words.py), not ICU's built-in one.
    env.update(thai_words.ensure_dictionary().env())
    # LibreOffice's Java and the Python child must not pick up the caller's virtualenv.
    env.pop("PYTHONHOME", None)
    return env


class _ProfileSlot:
    """A LibreOffice user profile owned by this process while it holds the slot's lock.

    Profiles are re-used between runs (a warm profile starts faster) but never shared by two
    processes at the same time.
    """

    def __init__(self, kind: str) -> None:
        root = fonts.data_dir() / "libreoffice"
        root.mkdir(parents=True, exist_ok=True)
        self._handle: IO[str] | None = None
        for index in range(_MAX_PROFILE_SLOTS):
            path = root / f"{kind}-{index}"
            handle = open(root / f"{kind}-{index}.lock", "w")  # noqa: SIM115 - held open
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            self._handle = handle
            self.path = path.resolve()
            _end_orphans(self.path)
            return
        raise ConversionError(
            "โปรไฟล์ LibreOffice ถูกใช้งานครบทุกช่องแล้ว",
            f"all {_MAX_PROFILE_SLOTS} LibreOffice profile slots are in use",
        )

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def _end_group(process: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """Stop the process group we started ``process`` in: SIGTERM, then SIGKILL what is left.

    LibreOffice's launcher (oosplash) ignores SIGTERM and outlives its parent. Left alive it
    keeps the profile, and the next LibreOffice started on that profile hands its work over to
    it and exits; so the group is always finished off.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    # SIGKILL is asynchronous: wait until the profile is really free before anyone reuses it.
    deadline = time.monotonic() + 5
    while _group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``, from /proc (Linux)."""
    members = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _end_orphans(profile: Path) -> None:
    """Kill LibreOffice processes still running on ``profile`` after their owner died (a web
    worker killed with SIGKILL, say). Called only while holding the profile's slot lock, so no
    live converter owns them."""
    marker = f"-env:UserInstallation={profile.as_uri()}".encode()
    proc = Path("/proc")
    if not proc.is_dir():
        return
    killed: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in arguments:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in killed):
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rfind(")") + 2 :][:1] not in ("Z", "X")


def _check_docx(docx: bytes) -> None:
    """LibreOffice converts anything it can open (a text file becomes a PDF of that text), so
    refuse what is not a Word document before it gets there."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise ConversionError(
            "ข้อมูลที่จะแปลงเป็น PDF ไม่ใช่ไฟล์ Word (.docx)", "the input is not a .docx file"
        ) from None


_THAI_DISTRIBUTE = re.compile(rb'(<w:jc\b[^>]*\bw:val=")thaiDistribute(")')


def for_libreoffice(docx: bytes) -> bytes:
    """The DOCX as LibreOffice should lay it out.

    Word's Thai distributed justification (``w:jc="thaiDistribute"``) is the memo's body style;
    LibreOffice 7.4 reads it as left-aligned and leaves lines 5-21 pt short of the margin. Its
    own justification of Thai text (``both``) spreads the gap over the characters of the line,
    as Thai distributed does, so that is what LibreOffice gets. The DOCX users download keeps
    ``thaiDistribute`` for Word. Parts are rewritten only when they use it.
    """
    source = zipfile.ZipFile(io.BytesIO(docx))
    changed: dict[str, bytes] = {}
    for name in source.namelist():
        if name.startswith("word/") and name.endswith(".xml"):
            data = source.read(name)
            if b"thaiDistribute" in data:
                changed[name] = _THAI_DISTRIBUTE.sub(rb"\1both\2", data)
    if not changed:
        return docx
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            target.writestr(info, changed.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def _tail(data: bytes | str, limit: int = 600) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return text.strip()[-limit:]


class SofficeConverter:
    """One ``soffice --convert-to pdf`` process per document, on this process's own profile."""

    name = "soffice"

    def __init__(
        self,
        *,
        soffice: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        font_setup: fonts.FontSetup | None = None,
    ) -> None:
        self._soffice_name = soffice
        self.timeout = timeout
        self._font_setup = font_setup
        self._lock = threading.Lock()
        self._slot: _ProfileSlot | None = None

    def convert(self, docx: bytes, *, archival: bool = False) -> bytes:
        _check_docx(docx)
        docx = for_libreoffice(docx)
        soffice = find_soffice(self._soffice_name)
        with self._lock:
            font_setup = self._font_setup or fonts.ensure_fonts()
            if self._slot is None:
                self._slot = _ProfileSlot("soffice")
            with tempfile.TemporaryDirectory(prefix="ita-pdf-") as tmp:
                source = Path(tmp) / "document.docx"
                source.write_bytes(docx)
                command = [
                    soffice,
                    f"-env:UserInstallation={self._slot.path.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--nologo",
                    "--nodefault",
                    "--nolockcheck",
                    "--convert-to",
                    _soffice_filter(archival),
                    "--outdir",
                    tmp,
                    str(source),
                ]
                self._run(command, _child_env(font_setup))
                target = Path(tmp) / "document.pdf"
                if not target.is_file():
                    raise ConversionError(
                        "LibreOffice ไม่ได้สร้างไฟล์ PDF", "LibreOffice produced no PDF file"
                    )
                pdf = target.read_bytes()
        return fix_text_layer(pdf, font_setup.directory)

    def _run(self, command: list[str], env: dict[str, str]) -> None:
        try:
            process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,  # its own process group, so a hang can be killed whole
            )
        except OSError as exc:
            raise ConversionError(
                _MISSING_TH.format(command[0]), f"{_MISSING_EN.format(command[0])} ({exc})"
            ) from None
        try:
            out, err = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _end_group(process, grace=0)
            raise ConversionError(
                f"LibreOffice ไม่ตอบสนองภายใน {self.timeout:g} วินาที จึงยกเลิกการแปลงเป็น PDF",
                f"LibreOffice did not finish within {self.timeout:g} s and was stopped",
            ) from None
        _end_group(process, grace=0)  # nothing may outlive the run on this profile
        if process.returncode != 0:
            raise ConversionError(
                f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ (รหัส {process.returncode})",
                f"LibreOffice failed (exit {process.returncode}): {_tail(err or out)}",
            )

    def close(self) -> None:
        with self._lock:
            if self._slot is not None:
                self._slot.release()
                self._slot = None


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: str | tuple[str, dict[str, str]]) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def unoserver_pythonpath() -> Path:
    """A folder that exposes only the project's own unoserver package to the system Python.

    The server half of unoserver must run under the interpreter python3-uno is built for
    (``/usr/bin/python3``); the project venv's interpreter cannot import ``uno``. Rather than a
    second venv, the same unoserver the venv installed (so client and server always agree on
    the API) is made importable through two symlinks: the package and its dist-info.
    """
    try:
        dist = importlib.metadata.distribution("unoserver")
    except importlib.metadata.PackageNotFoundError:
        raise ConversionError(
            "ไม่พบแพ็กเกจ unoserver ในสภาพแวดล้อมของโปรแกรม",
            "the Python package unoserver is not installed in this environment",
        ) from None
    package = Path(str(dist.locate_file("unoserver"))).resolve()
    info = next(
        (Path(str(dist.locate_file(f))).parent for f in dist.files or [] if f.name == "METADATA"),
        None,
    )
    if not package.is_dir() or info is None:
        raise ConversionError("ติดตั้ง unoserver ไม่ครบ", "the unoserver installation is broken")
    shim = fonts.data_dir() / "unoserver" / f"pylib-{dist.version}"
    shim.mkdir(parents=True, exist_ok=True)
    for link, target in ((shim / "unoserver", package), (shim / info.resolve().name, info)):
        if link.is_symlink() and Path(os.readlink(link)) == target.resolve():
            continue
        tmp = link.with_name(f".{link.name}.{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(target.resolve())
        os.replace(tmp, link)
    return shim


class UnoserverConverter:
    """A persistent LibreOffice behind unoserver, started on first use and kept running.

    One instance per process (e.g. per gunicorn worker): it picks free ports and its own
    profile, so workers never share a LibreOffice. Conversions are serialised per instance.
    A conversion that times out kills the LibreOffice; the next one starts a fresh one.
    """

    name = "unoserver"

    def __init__(
        self,
        *,
        python: str | None = None,
        soffice: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        start_timeout: float = UNOSERVER_START_TIMEOUT,
        font_setup: fonts.FontSetup | None = None,
    ) -> None:
        self.python = python or os.environ.get("ITA_UNOSERVER_PYTHON") or SYSTEM_PYTHON
        self._soffice_name = soffice
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._font_setup = font_setup
        self._lock = threading.RLock()
        self._process: subprocess.Popen[bytes] | None = None
        self._slot: _ProfileSlot | None = None
        self._port = 0
        self._log: Path | None = None
        self._font_directory: Path | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Start LibreOffice and wait until it answers (about 7 s). No-op when running."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return
            self._stop_process()
            soffice = find_soffice(self._soffice_name)
            if shutil.which(self.python) is None:
                raise ConversionError(
                    f"ไม่พบ Python ของระบบ ({self.python}) ที่ใช้เปิด unoserver",
                    f"the system Python for unoserver ({self.python}) is missing",
                )
            font_setup = self._font_setup or fonts.ensure_fonts()
            self._font_directory = font_setup.directory
            if self._slot is None:
                self._slot = _ProfileSlot("unoserver")
            env = _child_env(font_setup)
            env["PYTHONPATH"] = str(unoserver_pythonpath())
            self._port, uno_port = _free_port(), _free_port()
            self._log = self._slot.path.with_suffix(".log")
            command = [
                self.python,
                "-m",
                "unoserver.server",
                "--interface",
                "127.0.0.1",
                "--port",
                str(self._port),
                "--uno-port",
                str(uno_port),
                "--user-installation",
                str(self._slot.path),  # a plain path: a file:// URI crashes unoserver (P7)
                "--executable",
                soffice,
                "--conversion-timeout",
                str(max(1, int(self.timeout))),
            ]
            with open(self._log, "wb") as log:
                self._process = subprocess.Popen(  # noqa: S603 - fixed argument list
                    command,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    env=env,
                    start_new_session=True,
                )
            self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = self._log.read_text("utf-8", "replace") if self._log else ""
                self._stop_process()
                hint = " (python3-uno?)" if "No module named 'uno'" in log else ""
                raise ConversionError(
                    "เปิด LibreOffice (unoserver) ไม่สำเร็จ",
                    f"unoserver exited while starting{hint}: {_tail(log)}",
                )
            try:
                info = self._proxy(timeout=2).info()
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.25)
                continue
            api = info.get("api") if isinstance(info, dict) else None
            if str(api) != UNOSERVER_API:
                self._stop_process()
                raise ConversionError(
                    "รุ่นของ unoserver ไม่ตรงกับที่โปรแกรมรองรับ",
                    f"unoserver API {api!r}, expected {UNOSERVER_API!r}",
                )
            return
        self._stop_process()
        raise ConversionError(
            f"LibreOffice (unoserver) ไม่พร้อมภายใน {self.start_timeout:g} วินาที",
            f"LibreOffice (unoserver) was not ready within {self.start_timeout:g} s",
        )

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self._port}",
            transport=_TimeoutTransport(timeout),
            allow_none=True,
        )

    def _stop_process(self) -> None:
        process, self._process = self._process, None
        if process is not None:  # even when unoserver itself is gone: LibreOffice may not be
            _end_group(process)

    def close(self) -> None:
        with self._lock:
            self._stop_process()
            if self._slot is not None:
                self._slot.release()
                self._slot = None

    def __enter__(self) -> UnoserverConverter:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- conversion ------------------------------------------------------------------------
    def convert(self, docx: bytes, *, archival: bool = False) -> bytes:
        _check_docx(docx)
        docx = for_libreoffice(docx)
        with self._lock:
            self.start()
            try:
                result = self._proxy(self.timeout).convert(
                    None,  # inpath
                    xmlrpc.client.Binary(docx),  # indata
                    None,  # outpath: return the bytes
                    "pdf",
                    "writer_pdf_Export",
                    _unoserver_options(archival),  # filter options
                    False,  # update_index: the memo has no index
                    None,  # infiltername
                    None,  # password
                )
            except TimeoutError:
                self._stop_process()  # it may be stuck: start afresh next time
                raise ConversionError(
                    f"LibreOffice ไม่ตอบสนองภายใน {self.timeout:g} วินาที จึงยกเลิกการแปลงเป็น PDF",
                    f"LibreOffice did not finish within {self.timeout:g} s and was stopped",
                ) from None
            except (OSError, xmlrpc.client.Error) as exc:
                self._stop_process()
                raise ConversionError(
                    "LibreOffice (unoserver) แปลงเป็น PDF ไม่สำเร็จ",
                    f"LibreOffice (unoserver) failed: {exc}",
                ) from None
            if not isinstance(result, xmlrpc.client.Binary) or not result.data.startswith(b"%PDF"):
                raise ConversionError(
                    "LibreOffice ไม่ได้ส่งไฟล์ PDF กลับมา", "LibreOffice returned no PDF"
                )
            font_directory = self._font_directory
        # Outside the lock: the next document can go to LibreOffice meanwhile.
        return fix_text_layer(bytes(result.data), font_directory)


_shared: Converter | None = None
_shared_lock = threading.Lock()


def shared_converter() -> Converter:
    """The process-wide persistent converter for the web server (started on first use).

    ``ITA_PDF_CONVERTER=soffice`` selects the one-shot converter instead (for hosts where the
    system Python has no python3-uno). Closed when the process exits.
    """
    global _shared
    with _shared_lock:
        if _shared is None:
            kind = os.environ.get("ITA_PDF_CONVERTER", "unoserver")
            converter: Converter = SofficeConverter() if kind == "soffice" else UnoserverConverter()
            atexit.register(converter.close)
            _shared = converter
        return _shared


def start_shared_converter() -> bool:
    """Start this process's shared converter now (LibreOffice takes about 5 s to start), so no
    request waits for it. Call it where a web worker or the background worker boots. Returns
    whether it is running; a failure is logged, not raised (requests then report it)."""
    converter = shared_converter()
    start = getattr(converter, "start", None)
    try:
        if start is not None:  # the one-shot converter has nothing to start
            start()
        # What the first document would otherwise load: the fonts' glyphs for the text layer,
        # the memo font's character map for the check of the data.
        warm_up_text_layer(fonts.ensure_fonts().directory)
        glyphs.drawable()
    except (ConversionError, fonts.FontSetupError) as exc:
        logger.error("could not start LibreOffice at boot: %s", exc)
        return False
    return True


def docx_to_pdf(
    docx: bytes, converter: Converter | None = None, *, archival: bool = False
) -> bytes:
    """Convert with ``converter``, or with a one-shot soffice run when none is given.

    ``archival=True``: PDF/A-2b and tagged, for issued documents (slower; drafts leave it off).
    """
    if converter is not None:
        return converter.convert(docx, archival=archival)
    one_shot = SofficeConverter()
    try:
        return one_shot.convert(docx, archival=archival)
    finally:
        one_shot.close()
