"""The audit trail's hash chain (audit/chain.py): the fields, the existing rows linked in the
order they were written, and on PostgreSQL triggers refusing SQL UPDATE and DELETE."""

from django.db import migrations, models
from django.utils import timezone

from ita_tracker.audit import chain

TRIGGERS = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent rows are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_update
    BEFORE UPDATE OF "agency_id", "actor_label", "at", "action", "object_type", "object_id",
        "object_repr", "before", "after", "chain", "seq", "prev_hash", "row_hash"
    ON audit_auditevent FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_delete
    BEFORE DELETE ON audit_auditevent FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def link_existing_rows(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    heads: dict[str, tuple[int, str]] = {}
    for row in AuditEvent.objects.order_by("id").iterator():
        row.chain = chain.chain_key(row.agency_id)
        seq, prev = heads.get(row.chain, (0, chain.GENESIS))
        row.seq, row.prev_hash = seq + 1, prev
        row.row_hash = chain.row_hash(chain.hashed_fields(row), row.prev_hash)
        AuditEvent.objects.filter(pk=row.pk).update(
            chain=row.chain, seq=row.seq, prev_hash=row.prev_hash, row_hash=row.row_hash
        )
        heads[row.chain] = (row.seq, row.row_hash)


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=timezone.now, verbose_name="when"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(default="site", max_length=40, verbose_name="hash chain"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(default=0, verbose_name="place in the chain"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="previous hash"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash"),
        ),
        migrations.RunPython(link_existing_rows, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="audit_event_chain_seq_unique"
            ),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "base_manager_name": "objects",
                "ordering": ["-at", "-id"],
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
