"""Restore a backup made by ``manage.py backup`` (see klocket/backups.py).

    python manage.py restore BACKUP [--force] [--database-url URL] [--media-root DIR]

BACKUP is a backup directory, its manifest.json, or a tar archive of a backup directory. Every
file is checked against the manifest's checksums and read once before anything is changed. A
database that already holds tables is replaced only with --force, all or nothing (the old data
stays if the restore fails). Stop the portal first.
"""

import sqlite3
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from klocket import backups


class Command(BaseCommand):
    help = "Restore a backup (database and media) made by manage.py backup."

    def add_arguments(self, parser):
        parser.add_argument(
            "backup", help="Backup directory, its manifest.json, or a tar archive of a backup directory."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds tables, and unpack over existing media files.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias to restore into (default: default)."
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="Restore into this database instead of the configured one, e.g. a scratch database for a drill.",
        )
        parser.add_argument("--media-root", default=None, help="Unpack the media here instead of MEDIA_ROOT.")

    def handle(self, *args, backup, force=False, database=DEFAULT_DB_ALIAS, database_url=None, **options):
        if not database_url and database not in connections:
            raise CommandError(f"No database {database!r} in DATABASES.")
        with ExitStack() as stack:
            try:
                self._restore(
                    Path(backup).expanduser(), stack, force, database, database_url, options.get("media_root")
                )
            except backups.BackupError as exc:
                raise CommandError(str(exc)) from None
            except OSError as exc:
                raise CommandError(f"The restore stopped: {exc}") from None

    def _restore(self, path, stack, force, alias, database_url, media_root):
        directory, manifest = backups.open_backup(path, stack)
        target = (
            backups.database_from_url(database_url, base_dir=Path(settings.BASE_DIR))
            if database_url
            else connections[alias].settings_dict
        )
        vendor = manifest["database"]["vendor"]
        target_vendor = backups.vendor_of(target)
        if vendor != target_vendor:
            raise backups.BackupError(
                f"This backup holds a {backups.VENDOR_NAMES[vendor]} database; the target is the "
                f"{backups.describe(target)}. Restore it into a {backups.VENDOR_NAMES[vendor]} database "
                "(DATABASE_URL, or --database-url)."
            )

        # 1. Check everything before changing anything.
        backups.verify_checksums(directory, manifest)
        database_file = directory / manifest["database"]["file"]
        if vendor == "postgresql":
            backups.run_tool(["pg_restore", "--list", str(database_file)], target)
        else:
            backups.sqlite_check(database_file)
        media = manifest.get("media") or {}
        media_archive = directory / media["file"] if media.get("included") else None
        media_target = self._media_target(media_root, media_archive)
        if media_archive is not None:
            count = backups.check_media_archive(media_archive)
            self.stdout.write(f"Checked {directory.name}: database and {count} media files match the manifest.")

        # 2. Refuse to replace data unless asked to.
        sqlite_path = backups.sqlite_target_path(target) if vendor == "sqlite" else None
        live_sqlite = self._live_sqlite(alias) if vendor == "sqlite" and sqlite_path is None else None
        if vendor == "postgresql":
            tables = backups.pg_tables(target)
        elif live_sqlite is not None:
            tables = backups.sqlite_tables(live_sqlite)
        else:
            tables = backups.sqlite_file_tables(sqlite_path)
        existing_media = backups.media_file_count(media_target) if media_target and media_archive else 0
        if (tables or existing_media) and not force:
            held = []
            if tables:
                held.append(f"the {backups.describe(target)} already holds {len(tables)} tables")
            if existing_media:
                held.append(f"{media_target} already holds {existing_media} files")
            raise backups.BackupError(
                f"Not restoring: {' and '.join(held)}. Restoring replaces the database. If that is what you "
                "want, stop the portal and run again with --force; or restore into a new, empty database."
            )

        # 3. Restore, all or nothing: the old data stays until the new is in.
        if not database_url and live_sqlite is None:
            connections[alias].close()
        if vendor == "postgresql":
            backups.pg_restore_atomically(target, database_file, tables)
        elif live_sqlite is None:
            backups.sqlite_restore_file(database_file, sqlite_path)
        else:
            # An in-memory database (the test suite's): SQLite's backup API, one transaction.
            source = sqlite3.connect(f"{database_file.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(live_sqlite)
            finally:
                source.close()
        self.stdout.write(f"Database restored into the {backups.describe(target)}.")
        if media_archive is not None and media_target is not None:
            backups.extract_media(media_archive, media_target)
            self.stdout.write(f"Media restored into {media_target}.")
        self._report_migrations(manifest)
        self.stdout.write(
            self.style.SUCCESS(f"Restore of {directory.name} (taken {manifest.get('created')}) complete.")
        )

    def _live_sqlite(self, alias) -> sqlite3.Connection:
        connection = connections[alias]
        connection.ensure_connection()
        return connection.connection

    def _media_target(self, media_root, media_archive) -> Path | None:
        if media_root:
            return Path(media_root).expanduser().resolve()
        storage = storages["default"]
        if isinstance(storage, FileSystemStorage):
            return Path(storage.location)
        if media_archive is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"Media: the default storage is {type(storage).__name__}, not a folder here; the media archive "
                    "is not unpacked. Pass --media-root DIR to unpack it and copy the files into the storage."
                )
            )
        return None

    def _report_migrations(self, manifest) -> None:
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        applied = {(app, name) for app, names in (manifest.get("migrations") or {}).items() for name in names}
        if unknown := sorted(applied - known):
            self.stdout.write(
                self.style.WARNING(
                    f"The backup comes from a newer version of the portal: {len(unknown)} applied migrations are "
                    f"unknown to this code (first: {unknown[0][0]}.{unknown[0][1]}). Install that version before use."
                )
            )
        if pending := sorted(known - applied):
            self.stdout.write(
                self.style.WARNING(
                    f"{len(pending)} migrations of this code are newer than the backup: run manage.py migrate."
                )
            )
