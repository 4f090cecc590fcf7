"""The audit trail's hash chain: each row carries the hash of the row before it in its agency's
chain, so a row changed, removed or slipped in afterwards is found by :func:`verify`.

A row's hash covers what it says (agency, sequence number, time, who as recorded, action,
object, before and after) and the previous row's hash, as canonical JSON. ``actor`` (the user
id) is left out: deleting a user sets it to NULL, and the row still says who acted
(``actor_label``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def chain_key(agency_id: int | None) -> str:
    return f"agency:{agency_id}" if agency_id is not None else "site"


def row_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 of the row's content and the previous row's hash."""
    canonical = json.dumps(
        {**fields, "prev_hash": prev_hash},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hashed_fields(row: Any) -> dict[str, Any]:
    """The content a row's hash covers (``row`` is an AuditEvent or a historical model)."""
    return {
        "chain": row.chain,
        "seq": row.seq,
        "agency": row.agency_id,
        "at": row.at.isoformat(),
        "actor_label": row.actor_label,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "object_repr": row.object_repr,
        "before": row.before,
        "after": row.after,
    }


@dataclass(frozen=True)
class Problem:
    chain: str
    seq: int | None
    row_id: int | None
    message: str

    def format(self) -> str:
        where = f"{self.chain} #{self.seq}" if self.seq is not None else self.chain
        row = f" (row {self.row_id})" if self.row_id is not None else ""
        return f"{where}{row}: {self.message}"


@dataclass
class ChainReport:
    chain: str
    rows: int = 0
    head: str = GENESIS


def verify(rows: Iterator[Any]) -> tuple[list[ChainReport], list[Problem]]:
    """Check rows given in (chain, seq) order: every hash, every link, no gap in the numbers."""
    reports: dict[str, ChainReport] = {}
    problems: list[Problem] = []
    for row in rows:
        report = reports.setdefault(row.chain, ChainReport(row.chain))
        expected_seq = report.rows + 1
        if row.seq != expected_seq:
            problems.append(
                Problem(
                    row.chain,
                    row.seq,
                    row.pk,
                    f"sequence number {row.seq}, expected {expected_seq} (rows removed or added)",
                )
            )
        if row.prev_hash != report.head:
            problems.append(
                Problem(row.chain, row.seq, row.pk, "does not link to the row before it")
            )
        if row_hash(hashed_fields(row), row.prev_hash) != row.row_hash:
            problems.append(
                Problem(row.chain, row.seq, row.pk, "content changed after it was written")
            )
        report.rows = row.seq if isinstance(row.seq, int) else report.rows + 1
        report.head = row.row_hash
    return list(reports.values()), problems
