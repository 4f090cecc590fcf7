"""A table as rows of cells, whatever file it came from (Word table, Excel sheet, CSV)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    lines: list[str] = field(default_factory=list)  # paragraphs and hard-broken lines, raw
    urls: list[str] = field(default_factory=list)  # hyperlink targets
    ticked: bool = False  # a tick drawn with a symbol font (Word's w:sym), not a character
    span: int = 0  # cells with the same non-zero span are one merged cell

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Grid:
    name: int | str  # Word: 1-based table number; Excel/CSV: the sheet's name
    rows: list[list[Cell]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # 1-based, as the user counts them
    before: list[str] = field(default_factory=list)  # paragraphs just before a Word table
