"""Django's ``flush``, emptying the tables by DELETE where the test settings ask for it.

Every test whose code runs on another connection (a live server's thread, a second process,
a WebSocket consumer) works on committed rows, and Django empties the database after it with
this command. On PostgreSQL, Django's way is one TRUNCATE of every table: each of the
ninety tables and their indexes gets new files, about 1.5 to 2 seconds on the 2-core machine
whatever the rows, then ``post_migrate`` writes the content types and the permissions again.
After a test, the tables hold a few rows: DELETE empties them in a few milliseconds.

With ``PREAU_FLUSH_BY_DELETE`` (config.settings.test) and the options of a test run (not
interactive, sequences kept), on PostgreSQL: every table that Django's flush empties is
emptied by DELETE in one transaction (the foreign keys are checked at its end; the audit
tables, which refuse a DELETE, let it through as they do for the retention purge), except
the content types and the permissions, which derive from the code and which ``post_migrate``
would write back identical; then ``post_migrate`` is sent as Django sends it (the shipped
calendar and the livret's programme come back). Otherwise, and on other databases, it is
Django's command unchanged. docs/testing.md gives the figures.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction

from preau.audit.services import PURGE_SETTING

# Rows that derive from the code itself: post_migrate would write the same ones back.
KEPT_TABLES = frozenset({"django_content_type", "auth_permission"})


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        by_delete = (
            getattr(settings, "PREAU_FLUSH_BY_DELETE", False)
            and connection.vendor == "postgresql"
            and not options["interactive"]
            and not options.get("reset_sequences", True)
        )
        if not by_delete:
            return super().handle(**options)
        tables = [
            table
            for table in connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            if table not in KEPT_TABLES
        ]
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # The audit tables' trigger lets a DELETE through only in a purge's transaction.
            cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
            for table in tables:
                # The names are the models' tables, quoted.
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608
        if tables and not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], False, connection.alias)
        return None
