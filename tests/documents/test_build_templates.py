"""The committed templates and sample contexts are what build_templates.py makes."""

from __future__ import annotations

import io
import zipfile

from PIL import Image

from ita_tracker.docengine import build_templates


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_it_matches_the_committed_files() -> None:
    """If this fails, run ``python -m ita_tracker.docengine.build_templates`` and commit."""
    for path, data in build_templates.outputs().items():
        committed = path.read_bytes()
        if path.suffix == ".docx":
            assert _members(data) == _members(committed), path.name
        elif path.suffix == ".png":
            assert Image.open(io.BytesIO(data)).tobytes() == Image.open(path).tobytes()
        else:
            assert data == committed, path.name
