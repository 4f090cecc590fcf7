"""Pictures from users (the agency's emblem) decoded in full, bounded, and re-encoded as PNG
(no Django imports).

A picture's first bytes say little: a truncated PNG or a "JPEG" that is a JPEG header and then
garbage pass a type check, and then break every document that prints them. So a picture is
decoded completely with Pillow, within a pixel budget (against decompression bombs), and stored
as a fresh PNG no larger than it needs to be; WebP, which Word cannot show, becomes PNG too.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from ita_tracker.lib.errors import InputRefused

ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP", "BMP"})
MAX_PIXELS = 40_000_000  # a 6,000 x 6,000 scan; decoding more is refused, not attempted
EMBLEM_MAX_SIDE = 1200  # the emblem prints 1.5 cm high: 1,200 px is over 2,000 dpi


class BadImage(InputRefused):
    """A picture that cannot be decoded completely, or is too large to decode."""


WORD_FORMATS = frozenset({"PNG", "JPEG", "GIF"})


def emblem_png(data: bytes, *, max_side: int = EMBLEM_MAX_SIDE) -> bytes:
    """``data`` decoded completely; returned as it is when Word shows it (PNG, JPEG, GIF) and
    no side is over ``max_side`` pixels, else re-encoded as PNG within that size.
    :class:`BadImage` when it is no picture, damaged, or too large to decode."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise BadImage(
                    "ไฟล์ไม่ใช่รูปภาพ PNG, JPEG, GIF หรือ WebP",
                    f"not a PNG, JPEG, GIF or WebP picture ({image.format})",
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise BadImage(
                    "รูปภาพมีขนาดใหญ่เกินไป",
                    f"the picture is too large ({width} x {height} pixels)",
                )
            image.load()  # decodes everything: a truncated or fake file fails here
    except BadImage:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise BadImage(
            "ไฟล์รูปภาพเสียหายหรืออ่านไม่ได้", f"the picture is damaged or unreadable ({exc})"
        ) from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise BadImage("รูปภาพมีขนาดใหญ่เกินไป", f"the picture is too large ({exc})") from None
    if image.format in WORD_FORMATS and max(image.size) <= max_side:
        return data
    picture: Image.Image = image
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA")
    picture.thumbnail((max_side, max_side))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
