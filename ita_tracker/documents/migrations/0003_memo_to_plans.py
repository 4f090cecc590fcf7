# Memo and ApprovalStep now belong to the plans app (ADR 0006); their tables stay as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_agency_template"),
        ("plans", "0002_memo_from_documents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ApprovalStep"),
                migrations.DeleteModel(name="Memo"),
            ],
            database_operations=[],
        ),
    ]
