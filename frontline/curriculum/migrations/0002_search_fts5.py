"""The SQLite full-text index. PostgreSQL needs no table: it searches SearchDocument directly."""

from django.db import migrations


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS curriculum_fts "
            "USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS curriculum_fts")


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_initial")]
    operations = [migrations.RunPython(create_fts, drop_fts)]
