"""Back up the database and the uploaded files into one directory (see klocket/backups.py).

    python manage.py backup [--output-dir DIR] [--keep N] [--database ALIAS]

PostgreSQL through pg_dump (custom format), SQLite through its online backup API: both are safe
while the portal runs. The backup holds residents' personal data: it is written readable by its
owner only; keep copies encrypted and no longer than your retention rules allow.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from klocket import backups


def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (media) into a new directory with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=None,
            help="Directory that receives the backup directory (default: var/backups in the project).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="After a successful backup, delete all but the newest N backups in the output folder (0: keep all).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias to back up (default: default)."
        )

    def handle(self, *args, output_dir=None, keep=0, database=DEFAULT_DB_ALIAS, **options):
        if keep < 0:
            raise CommandError(f"--keep must be 0 (keep every backup) or more; got {keep}.")
        if database not in connections:
            raise CommandError(f"No database {database!r} in DATABASES.")
        parent = Path(output_dir).expanduser() if output_dir else Path(settings.BASE_DIR) / "var" / "backups"
        try:
            parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            directory = self._backup(connections[database], parent.resolve())
            removed = backups.prune(parent.resolve(), keep) if keep else []
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"Cannot write the backup under {parent}: {exc}") from None
        for path in removed:
            self.stdout.write(f"Removed the old backup {path.name} (--keep {keep}).")
        self.stdout.write(self.style.SUCCESS(f"Backup complete: {directory}"))

    def _backup(self, connection, parent: Path) -> Path:
        vendor = backups.vendor_of(connection.settings_dict)
        name = connection.settings_dict["NAME"]
        if vendor == "sqlite" and not connection.is_in_memory_db() and not Path(name).is_file():
            raise backups.BackupError(f"The SQLite database {name} does not exist: check DATABASE_URL.")
        now = timezone.now()
        final, partial = backups.new_backup_dir(parent, now)
        partial.mkdir(mode=0o700)
        try:
            manifest = backups.base_manifest(
                vendor=vendor,
                database_name=str(connection.settings_dict["NAME"]),
                migrations=backups.applied_migrations(connection),
                now=now,
            )
            manifest["code_version"] = backups.code_version(Path(settings.BASE_DIR))
            database_file = partial / backups.DATABASE_FILES[vendor]
            if vendor == "postgresql":
                self._dump_postgresql(connection, database_file, manifest)
            else:
                if connection.in_atomic_block:
                    # SQLite's backup would wait forever for this connection's own open transaction.
                    raise backups.BackupError("Cannot back up SQLite from inside a transaction (atomic block).")
                connection.ensure_connection()
                backups.sqlite_copy(connection.connection, database_file)
                manifest["database"]["sqlite_version"] = connection.Database.sqlite_version
            database_file.chmod(0o600)
            manifest["files"][database_file.name] = backups.file_entry(database_file)
            source = backups.describe(connection.settings_dict)
            self.stdout.write(f"Database: {source} -> {database_file.name} ({_size(database_file)})")
            self._archive_media(partial, manifest)
            backups.write_manifest(partial, manifest)
            partial.rename(final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return final

    def _dump_postgresql(self, connection, target: Path, manifest: dict) -> None:
        settings_dict = connection.settings_dict
        backups.run_tool(
            ["pg_dump", "--format=custom", "--file", str(target), *backups.pg_connection_args(settings_dict)],
            settings_dict,
        )
        connection.ensure_connection()
        manifest["database"]["server_version_num"] = connection.pg_version
        manifest["database"]["tool"] = backups.tool_version("pg_dump")

    def _archive_media(self, directory: Path, manifest: dict) -> None:
        storage = storages["default"]
        if not isinstance(storage, FileSystemStorage):
            manifest["media"] = {"included": False, "storage": f"{type(storage).__module__}.{type(storage).__name__}"}
            self.stdout.write(
                self.style.WARNING(
                    "Media: the files are not on this machine's disk (default storage "
                    f"{manifest['media']['storage']}); back them up where they are stored (bucket versioning)."
                )
            )
            return
        root = Path(storage.location)
        archive = directory / backups.MEDIA_ARCHIVE
        files = backups.archive_media(root, archive)
        archive.chmod(0o600)
        manifest["media"] = {"included": True, "file": archive.name, "root": str(root), "files": files}
        manifest["files"][archive.name] = backups.file_entry(archive)
        self.stdout.write(f"Media: {len(files)} files from {root} -> {archive.name} ({_size(archive)})")
