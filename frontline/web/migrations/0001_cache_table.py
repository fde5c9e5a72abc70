"""The table of the database cache (settings.CACHES), so `migrate` is all a deployment runs.

`createcachetable` does nothing for a table that exists, or when another cache backend is set.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
