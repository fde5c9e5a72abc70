"""Give the rows written before the chain existed a kind and their place in the chain.

The hash comes from audit/chain.py, whose v1 format must stay computable for as long as rows
written with it exist (a later format would get a new VERSION, not replace this one).
"""

from django.db import migrations

from frontline.audit.chain import GENESIS, hash_of

AUTHENTICATION = ("accounts.login", "accounts.password_change", "accounts.second_factor_enrolled")


def chain_existing_rows(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.action in AUTHENTICATION:
            event.kind = "authentication"
        elif "export" in event.action:
            event.kind = "disclosure"
        event.prev_hash = prev
        event.hash = hash_of(event)
        AuditEvent.objects.filter(pk=event.pk).update(
            kind=event.kind, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_fields")]

    operations = [migrations.RunPython(chain_existing_rows, migrations.RunPython.noop)]
