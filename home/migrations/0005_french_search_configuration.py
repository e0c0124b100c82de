"""The `french_unaccent` text search configuration of the site search on PostgreSQL.

French stemming (Snowball `french_stem`) after `unaccent`, so that "creneau" finds "créneau"
and "incubateurs" finds "incubateur". `unaccent` is a trusted extension (PostgreSQL 13+): the
owner of the database may install it. Where it cannot be installed (an older server, or a user
without the CREATE privilege on the database), the configuration is made without it: stemming
still works, accents are then needed; the migration says so rather than failing. Nothing to do
on SQLite (FTS5 ignores accents, has no French stemmer).
"""

from django.db import DatabaseError, migrations, transaction

CONFIG = "french_unaccent"


def create_configuration(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            with_unaccent = True
        except DatabaseError as error:
            with_unaccent = False
            print(  # shown by `migrate`, where the deployer reads it
                f"\n  unaccent could not be installed ({error}): the site search stems French "
                "words but needs their accents. See README, Search, to add it later."
            )
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} ( COPY = pg_catalog.french )")
        if with_unaccent:
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
            )


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("home", "0004_team_member_adviser_team_block")]

    operations = [migrations.RunPython(create_configuration, drop_configuration)]
