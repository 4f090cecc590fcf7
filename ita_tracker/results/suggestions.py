"""The library of suggested measures (``data/suggestions.yaml``). No ORM here.

Read once per process and checked: every suggestion names known sources, keys are unique.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

LIBRARY = Path(__file__).resolve().parent / "data" / "suggestions.yaml"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Spec):
    id: Text
    title: Text
    url: str = ""


class Suggestion(_Spec):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$")]
    title: Text
    methods: list[Text] = Field(min_length=1)
    follow_up: Text
    unit: Text
    sources: list[Text] = Field(min_length=1)
    basis: Text
    years: list[int] = []

    def applies_to(self, year: int) -> bool:
        return not self.years or year in self.years


class Library(_Spec):
    sources: list[Source]
    indicators: dict[int, list[Suggestion]]
    oit_items: dict[int, dict[str, list[Suggestion]]]

    @model_validator(mode="after")
    def _check(self) -> Library:
        known = {s.id for s in self.sources}
        keys: set[str] = set()
        for suggestion in self.all():
            missing = [s for s in suggestion.sources if s not in known]
            if missing:
                raise ValueError(f"{suggestion.key}: unknown source(s) {missing}")
            if suggestion.key in keys:
                raise ValueError(f"duplicate suggestion key {suggestion.key!r}")
            keys.add(suggestion.key)
        return self

    def all(self) -> list[Suggestion]:
        found = [s for group in self.indicators.values() for s in group]
        found += [s for year in self.oit_items.values() for group in year.values() for s in group]
        return found

    def for_indicator(self, number: int, year: int) -> list[Suggestion]:
        return [s for s in self.indicators.get(number, []) if s.applies_to(year)]

    def for_item(self, code: str, year: int) -> list[Suggestion]:
        return list(self.oit_items.get(year, {}).get(code, []))

    def by_key(self, key: str) -> Suggestion | None:
        return next((s for s in self.all() if s.key == key), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


@cache
def library(path: Path = LIBRARY) -> Library:
    with path.open(encoding="utf-8") as fh:
        return Library.model_validate(yaml.safe_load(fh))
