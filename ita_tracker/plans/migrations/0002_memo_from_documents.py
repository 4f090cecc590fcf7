# The Memo and ApprovalStep models move from the documents app to plans (ADR 0006). Their
# tables keep their names (db_table), so only Django's model state changes here.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0003_orgunit_partial_unique"),
        # The tables were created by the documents app.
        ("documents", "0002_agency_template"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Memo",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("department", models.CharField(blank=True, help_text="ส่วนราชการ, e.g. สำนักปลัดเทศบาล เทศบาลตำบลท่าแพ โทร ๐๗๕-๗๖๕๒๖๗.", max_length=300, verbose_name="issuing unit")),
                        ("number", models.CharField(blank=True, help_text="The register number after the agency prefix, e.g. ๑๖๕.", max_length=60, verbose_name="document number")),
                        ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                        ("subject", models.CharField(blank=True, max_length=500, verbose_name="subject")),
                        ("salutation", models.CharField(blank=True, help_text="เรียน: the position the memo is addressed to.", max_length=300, verbose_name="to")),
                        ("facts", models.TextField(blank=True, help_text="ข้อเท็จจริง", verbose_name="facts")),
                        ("considerations", models.TextField(blank=True, help_text="ข้อพิจารณา", verbose_name="considerations")),
                        ("state", models.CharField(choices=[("draft", "Draft"), ("in_approval", "In approval"), ("approved", "Approved")], default="draft", max_length=20, verbose_name="state")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("drafter", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="drafted_memos", to="agencies.signatory", verbose_name="drafted by")),
                        ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memos", to="plans.measureplan", verbose_name="plan")),
                        ("round", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="memo", to="plans.reportinground", verbose_name="round")),
                    ],
                    options={
                        "verbose_name": "memo",
                        "verbose_name_plural": "memos",
                        "db_table": "documents_memo",
                        "constraints": [models.UniqueConstraint(condition=models.Q(("round__isnull", True)), fields=("plan",), name="memo_one_cover_per_plan")],
                    },
                ),
                migrations.CreateModel(
                    name="ApprovalStep",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("order", models.PositiveSmallIntegerField(verbose_name="order")),
                        ("heading", models.CharField(help_text="e.g. ความเห็นปลัดเทศบาล", max_length=200, verbose_name="heading")),
                        ("comment", models.TextField(blank=True, verbose_name="comment")),
                        ("signed_on", models.DateField(blank=True, null=True, verbose_name="signed on")),
                        ("signatory", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="approval_steps", to="agencies.signatory", verbose_name="signer")),
                        ("memo", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="steps", to="plans.memo", verbose_name="memo")),
                    ],
                    options={
                        "verbose_name": "approval step",
                        "verbose_name_plural": "approval steps",
                        "ordering": ["memo", "order"],
                        "db_table": "documents_approvalstep",
                        "constraints": [models.UniqueConstraint(fields=("memo", "order"), name="step_unique_order")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
