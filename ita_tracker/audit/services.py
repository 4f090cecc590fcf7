"""Writing the audit trail. Call :func:`record` inside the service's transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from typing import Any

from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from ita_tracker.audit import chain
from ita_tracker.audit.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Concrete field values of ``obj`` (foreign keys as ids), for ``before``/``after``."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.name] = _jsonable(getattr(obj, field.attname))
    return data


def record(
    *,
    acting_user: Any,
    action: str,
    obj: models.Model,
    agency: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. ``acting_user`` may be None for system actions (commands, demo)."""
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    label = user.get_username() if user is not None else "system"
    event = AuditEvent(
        agency=agency,
        actor=user,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    with transaction.atomic():
        _link(event)
        event.save()
    return event


_BULK_KEY = "audit-chain:*"


def _advisory_lock(key: str, *, shared: bool = False) -> None:
    digest = hashlib.sha256(key.encode()).digest()[:8]
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [int.from_bytes(digest, "big", signed=True)])


def _canonical_json(value: Any) -> Any:
    """The JSON as the database will give it back, so that the hash verifies later."""
    return json.loads(json.dumps(value)) if value is not None else None


def _hold(chain_name: str) -> None:
    if connection.vendor == "postgresql":
        _advisory_lock(_BULK_KEY, shared=True)
        _advisory_lock(f"audit-chain:{chain_name}")


def hold_chain(agency_id: int | None) -> None:
    """Hold the agency's audit chain until the transaction ends (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise every writer). A service that changes rows and
    then records calls this first (``access.authorize`` does): with the chain always taken
    before any row, two writers of one agency queue up instead of each holding what the other
    waits for (issue 10, finding 13). Taking it again later, in :func:`record`, is free."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold_chain() outside a transaction would hold nothing")
    _hold(chain.chain_key(agency_id))


def hold_every_chain() -> None:
    """Hold every chain until the transaction ends, for a write that spans agencies (the
    national results list); take it before any row, as :func:`hold_chain`."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold_every_chain() outside a transaction would hold nothing")
    if connection.vendor == "postgresql":
        _advisory_lock(_BULK_KEY)


def _link(event: AuditEvent) -> None:
    """Give ``event`` its place in its agency's hash chain (audit/chain.py). Appends to one
    chain are serialised until the transaction ends (PostgreSQL: an advisory lock, shared with
    bulk appends, which take it exclusively; SQLite's IMMEDIATE transactions serialise every
    writer), so two rows never claim the same place."""
    event.chain = chain.chain_key(event.agency_id)
    _hold(event.chain)
    last = (
        AuditEvent.objects.filter(chain=event.chain)
        .order_by("-seq")
        .values_list("seq", "row_hash")
        .first()
    )
    event.seq, event.prev_hash = (last[0] + 1, last[1]) if last else (1, chain.GENESIS)
    event.at = event.at or timezone.now()
    event.before = _canonical_json(event.before)
    event.after = _canonical_json(event.after)
    event.row_hash = chain.row_hash(chain.hashed_fields(event), event.prev_hash)


LINK_COLUMNS = ["chain", "seq", "prev_hash", "row_hash"]


def linked_rows(events: list[AuditEvent]) -> list[tuple[Any, ...]]:
    """For a bulk insert of many audit rows (``events`` unsaved, in order): each event gets its
    place in its chain, returned as the values of :data:`LINK_COLUMNS`. Call inside the
    transaction that inserts them; it holds their chains until then: one chain as
    :func:`record` does, several (the national list) all at once, which the caller should have
    taken first (:func:`hold_every_chain`)."""
    for event in events:
        event.chain = chain.chain_key(event.agency_id)
    touched = {e.chain for e in events}
    if len(touched) == 1:
        # Never the exclusive bulk lock here: a service holding this agency's chain (taken
        # after the shared bulk lock) would wait for it, while another writer holding the
        # shared bulk lock waits for the chain (finding 13's second cycle).
        _hold(next(iter(touched)))
    elif connection.vendor == "postgresql":
        _advisory_lock(_BULK_KEY)
    heads: dict[str, tuple[int, str]] = {}
    chains = sorted({e.chain for e in events})
    for start in range(0, len(chains), 500):
        part = chains[start : start + 500]
        last = dict(
            AuditEvent.objects.filter(chain__in=part)
            .values("chain")
            .annotate(top=models.Max("seq"))
            .values_list("chain", "top")
        )
        for name, seq, digest in AuditEvent.objects.filter(
            chain__in=part, seq__in=set(last.values())
        ).values_list("chain", "seq", "row_hash"):
            if last.get(name) == seq:
                heads[name] = (seq, digest)
    out = []
    for event in events:
        seq, prev = heads.get(event.chain, (0, chain.GENESIS))
        event.seq, event.prev_hash = seq + 1, prev
        event.before = _canonical_json(event.before)
        event.after = _canonical_json(event.after)
        event.row_hash = chain.row_hash(chain.hashed_fields(event), prev)
        heads[event.chain] = (event.seq, event.row_hash)
        out.append((event.chain, event.seq, event.prev_hash, event.row_hash))
    return out
