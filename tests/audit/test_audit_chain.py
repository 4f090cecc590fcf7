"""The audit trail is tamper-evident: every bypass of the append-only rule is refused or found by
``ita-tracker audit verify`` (issue 10, finding 9)."""

from __future__ import annotations

import itertools

import pytest
from django.db import DatabaseError, connection, models, transaction

from ita_tracker import cli
from ita_tracker.audit.models import AuditEvent
from ita_tracker.audit.services import record


@pytest.fixture
def trail(agency_a, agency_admin):
    for n in range(4):
        record(
            acting_user=agency_admin,
            action=f"test.{n}",
            obj=agency_a,
            agency=agency_a,
            before={"n": n},
            after={"n": n + 1, "ข้อความ": "ไทย"},
        )
    record(acting_user=None, action="test.site", obj=agency_a)
    return AuditEvent.objects.filter(chain=f"agency:{agency_a.pk}").order_by("seq")


def _verify(capsys) -> tuple[int, str]:
    code = cli.main(["audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_untouched_trail_verifies(trail, capsys):
    code, out = _verify(capsys)
    assert code == 0, out
    assert "intact" in out
    assert [e.seq for e in trail] == list(range(1, len(trail) + 1))
    assert all(b.prev_hash == a.row_hash for a, b in itertools.pairwise(trail))


def test_the_orm_refuses_update_and_delete_through_every_manager(trail):
    event = trail[1]
    for manager in (AuditEvent.objects, AuditEvent._base_manager, AuditEvent._default_manager):
        with pytest.raises(TypeError):
            manager.filter(pk=event.pk).update(action="forged")
        with pytest.raises(TypeError):
            manager.filter(pk=event.pk).delete()
    event.action = "forged"
    with pytest.raises(TypeError):
        event.save()


def _tamper(sql_or_callable) -> bool:
    """Try a change; True when the database refused it (PostgreSQL's triggers)."""
    try:
        with transaction.atomic():
            if callable(sql_or_callable):
                sql_or_callable()
            else:
                with connection.cursor() as cursor:
                    cursor.execute(sql_or_callable)
    except DatabaseError:
        return True
    return False


def _plain_queryset_update(pk: int) -> None:
    models.QuerySet(AuditEvent).filter(pk=pk).update(after={"n": 999})


@pytest.mark.parametrize(
    "how",
    ["plain queryset", "sql update", "sql delete", "sql insert between"],
)
def test_each_bypass_is_refused_or_detected(trail, capsys, how):
    middle = trail[2]
    table = AuditEvent._meta.db_table
    if how == "plain queryset":
        attempt = lambda: _plain_queryset_update(middle.pk)  # noqa: E731
    elif how == "sql update":
        attempt = f"UPDATE {table} SET action = 'forged' WHERE id = {middle.pk}"  # noqa: S608
    elif how == "sql delete":
        attempt = f"DELETE FROM {table} WHERE id = {middle.pk}"  # noqa: S608
    else:
        attempt = lambda: AuditEvent.objects.bulk_create(  # noqa: E731
            [
                AuditEvent(
                    agency=middle.agency,
                    chain=middle.chain,
                    seq=99,
                    action="forged",
                    object_type="x",
                    object_id="1",
                    prev_hash=middle.row_hash,
                    row_hash="f" * 64,
                )
            ]
        )
    refused = _tamper(attempt)
    code, out = _verify(capsys)
    if refused:
        assert connection.vendor == "postgresql"
        assert how != "sql insert between"
        assert code == 0
    else:
        assert code == 1, out
        assert "TAMPERED" in out
        assert middle.chain in out


def test_the_database_refuses_sql_update_and_delete_on_postgresql(trail):
    if connection.vendor != "postgresql":
        pytest.skip("the triggers are PostgreSQL's; SQLite relies on the chain")
    table = AuditEvent._meta.db_table
    count = AuditEvent.objects.count()
    assert _tamper(f"UPDATE {table} SET action = 'x'")  # noqa: S608
    assert _tamper(f"DELETE FROM {table}")  # noqa: S608
    assert AuditEvent.objects.count() == count
    assert not AuditEvent.objects.filter(action="x").exists()


def test_deleting_a_user_keeps_the_trail_verifiable(trail, agency_admin, capsys):
    agency_admin.delete()  # the rows' actor becomes NULL; actor_label stays
    assert _verify(capsys)[0] == 0


def test_rows_written_in_bulk_by_a_results_import_are_linked(agency_a, coordinator, capsys):
    from tests.results.test_result_import import HISTORY, _import

    _import(agency_a, HISTORY, coordinator)
    _import(agency_a, HISTORY, coordinator)  # a second time: the chain continues
    # (the plan file behind agency_a wrote its 2565 result too, as the system)
    assert AuditEvent.objects.filter(action="result.imported", actor=coordinator).count() == 6
    code, out = _verify(capsys)
    assert code == 0, out
