"""The Thai dictionary LibreOffice breaks lines with.

Thai is written without spaces between words, so a line may only end where a dictionary says a
word ends. LibreOffice asks ICU, and ICU segments Thai with the small dictionary compiled into
``libicudata`` (``brkitr/thaidict.dict``). That dictionary is why memos broke words in the
middle: it lacks many compounds (ยกระดับ, งบประมาณ and ตัวชี้วัด come out as ยก|ระดับ, งบ|ประมาณ,
ตัวชี้|วัด) and, where it does not know a word, ICU's Thai engine guesses a split inside it
(หอก|ระ|จาย for หอกระจายข่าว).

The fix is at that root, without touching the text: ICU looks for its data files in
``$ICU_DATA`` before the data compiled into the library, so the converters start LibreOffice with
``ICU_DATA`` pointing at a folder holding a ``thaidict.dict`` built here, with ICU's own
``gendict``, from a maintained word list: PyThaiNLP's (about 62,000 words) plus the government
and ITA vocabulary in ``data/government-words-th.txt``. No invisible characters go into the
documents, so copied and searched text stays exactly what was written, and Word breaks the same
DOCX with its own dictionary.

The build is idempotent (a stamp records what it was built from), runs under a file lock, and
writes everything under ``<DATA_DIR>/icu/``. The broken-word check in the tests segments the PDF's
lines with :func:`word_list`, the same words.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ita_tracker.docengine.errors import ConversionError

# Bump when the generated dictionary changes in a way existing installations must pick up.
BUILD_VERSION = 1
GOVERNMENT_WORDS = Path(__file__).resolve().parent / "data" / "government-words-th.txt"
# ICU's Thai dictionary is a byte trie of code points offset by U+0E00 (as ICU builds its own).
_THAI_ONLY = re.compile("[\u0e01-\u0e7f]+")
STAMP_NAME = "build.json"


@cache
def government_words() -> frozenset[str]:
    """The project's own words: government and ITA vocabulary PyThaiNLP lacks or splits."""
    words = set()
    for line in GOVERNMENT_WORDS.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return frozenset(words)


@cache
def word_list() -> frozenset[str]:
    """PyThaiNLP's Thai word list and the government words: what lines may break between."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | government_words()


@dataclass(frozen=True)
class DictionarySetup:
    directory: Path  # the ICU_DATA folder
    built: bool

    def env(self) -> dict[str, str]:
        """Environment variables that make a child process (LibreOffice) break with it."""
        return {"ICU_DATA": str(self.directory)}


def icu_data_name() -> str:
    """ICU's data package name for the ICU LibreOffice uses, e.g. ``icudt72l``."""
    return _icu_data_name()


@cache
def _icu_data_name() -> str:
    icuinfo = shutil.which("icuinfo")
    if icuinfo is not None:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [icuinfo], capture_output=True, text=True, check=False
        )
        match = re.search(r'name="icudata.name">\s*(icudt\w+)\s*<', result.stdout)
        if match:
            return match.group(1)
    raise ConversionError(
        "ไม่พบเครื่องมือ ICU (icuinfo, gendict) ให้ติดตั้งแพ็กเกจ icu-devtools",
        "the ICU tools (icuinfo, gendict) are missing: install the package icu-devtools",
    )


def _signature() -> dict[str, object]:
    try:
        pythainlp = importlib.metadata.version("pythainlp")
    except importlib.metadata.PackageNotFoundError:
        pythainlp = ""
    ours = hashlib.sha256(GOVERNMENT_WORDS.read_bytes()).hexdigest()
    return {
        "version": BUILD_VERSION,
        "pythainlp": pythainlp,
        "government_words": ours,
        "icu": icu_data_name(),
    }


def _dict_path(directory: Path) -> Path:
    return directory / icu_data_name() / "brkitr" / "thaidict.dict"


def _is_current(directory: Path, signature: dict[str, object]) -> bool:
    try:
        stamp = json.loads((directory / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(stamp == signature and _dict_path(directory).is_file())


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_dictionary(directory: Path | None = None, *, force: bool = False) -> DictionarySetup:
    """Build the Thai line-break dictionary into ``directory`` unless it is already current."""
    from ita_tracker.docengine.fonts import data_dir

    directory = (directory or data_dir() / "icu").resolve()
    signature = _signature()
    if not force and _is_current(directory, signature):
        return DictionarySetup(directory, built=False)
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory):
        if not force and _is_current(directory, signature):
            return DictionarySetup(directory, built=False)
        _build(_dict_path(directory))
        _write_atomic(directory / STAMP_NAME, json.dumps(signature, indent=2).encode())
    return DictionarySetup(directory, built=True)


def _build(target: Path) -> None:
    gendict = shutil.which("gendict")
    if gendict is None:
        raise ConversionError(
            "ไม่พบโปรแกรม gendict ให้ติดตั้งแพ็กเกจ icu-devtools",
            "gendict is missing: install the package icu-devtools",
        )
    words = sorted(w for w in word_list() if _THAI_ONLY.fullmatch(w))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as tmp:
        source = Path(tmp) / "thaidict.txt"
        source.write_text("\n".join(words) + "\n", encoding="utf-8")
        output = Path(tmp) / "thaidict.dict"
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [gendict, "-q", "--bytes", "--transform", "offset-0x0e00", str(source), str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not output.is_file():
            raise ConversionError(
                "สร้างพจนานุกรมตัดคำภาษาไทยไม่สำเร็จ",
                f"gendict failed (exit {result.returncode}): {result.stderr.strip()[-400:]}",
            )
        os.chmod(output, 0o644)
        os.replace(output, target)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
