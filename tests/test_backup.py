"""make backup / make restore: the round trip into a new database, and every refusal a clear message.

The suite's own test database is the source (SQLite or PostgreSQL, whichever the run uses: CI
runs both). The restore goes into a NEW database: a temporary SQLite file, or on PostgreSQL a
database with a unique name created here and dropped afterwards.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from klocket import backups

ROOT = Path(__file__).resolve().parent.parent
# pg_dump reads committed data only (and SQLite's backup cannot run inside the test's transaction),
# so the round trips commit; the tables are emptied afterwards, as for every transactional test.
committed = pytest.mark.django_db(transaction=True)
pytestmark = pytest.mark.django_db


def model_tables() -> list[str]:
    """The table of every model, many-to-many and history tables included."""
    return sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True) if model._meta.managed})


def source_tables() -> list[str]:
    """Every table of the test database: each model's, and Django's own (django_migrations)."""
    tables = connection.introspection.table_names()
    assert set(model_tables()) <= set(tables)
    return tables


def source_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in source_tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@dataclass
class NewDatabase:
    url: str
    settings: dict

    def counts(self) -> dict[str, int]:
        if connection.vendor == "postgresql":
            with backups.pg_connect(self.settings) as raw:
                return {t: raw.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in source_tables()}  # noqa: S608
        with closing(sqlite3.connect(self.settings["NAME"])) as raw:
            return {t: raw.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in source_tables()}  # noqa: S608

    def execute(self, statement: str) -> None:
        if connection.vendor == "postgresql":
            with backups.pg_connect(self.settings) as raw:
                raw.execute(statement)
            return
        with closing(sqlite3.connect(self.settings["NAME"])) as raw, raw:
            raw.execute(statement)

    def tables(self) -> list[str]:
        if connection.vendor == "postgresql":
            return backups.pg_tables(self.settings)
        with closing(sqlite3.connect(self.settings["NAME"])) as raw:
            return backups.sqlite_tables(raw)


@pytest.fixture
def new_database(tmp_path):
    """An empty database of the suite's vendor, next to the test database."""
    source = connection.settings_dict
    if connection.vendor != "postgresql":
        path = tmp_path / "restored.sqlite3"
        yield NewDatabase(url=f"sqlite:///{path}", settings={"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})
        return
    from psycopg import sql

    name = f"klocket_restore_{uuid.uuid4().hex[:12]}"
    maintenance = {**source, "NAME": "postgres"}
    with backups.pg_connect(maintenance, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(source["USER"] or "", safe="")
    if source.get("PASSWORD"):
        credentials += ":" + quote(source["PASSWORD"], safe="")
    host = quote(source.get("HOST") or "", safe="")
    port = f":{source['PORT']}" if source.get("PORT") else ""
    try:
        yield NewDatabase(url=f"postgres://{credentials}@{host}{port}/{name}", settings={**source, "NAME": name})
    finally:
        with backups.pg_connect(maintenance, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def portal_rows(users, activity, occurrence, organisation_a, media_root):
    """Rows in many tables (users, partners, a venue, an activity, a date, their history) and two files."""
    organisation_a.logo.save("logo.png", ContentFile(b"\x89PNG fake logo bytes"), save=True)
    default_storage.save("safety_walks/photos/walk.jpg", ContentFile(b"\xff\xd8 fake photo " * 100))
    return {"organisation": organisation_a}


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def take_backup(tmp_path) -> Path:
    out = tmp_path / "backups"
    call_command("backup", output_dir=str(out))
    (directory,) = backups.complete_backups(out)
    return directory


def rewrite_manifest(directory: Path, change) -> None:
    path = directory / backups.MANIFEST
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


@committed
def test_round_trip_into_a_new_database_keeps_every_row_and_file(portal_rows, media_root, new_database, tmp_path):
    before = source_counts()
    files_before = checksums(media_root)
    assert len(files_before) == 2
    assert before["activities_activity"] == 1 and before["activities_occurrence"] == 1
    assert before["auth_user"] == 6 and before["django_migrations"] > 0

    directory = take_backup(tmp_path)
    manifest = json.loads((directory / backups.MANIFEST).read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["activities"]
    assert set(manifest["files"]) == {backups.DATABASE_FILES[connection.vendor], backups.MEDIA_ARCHIVE}
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == hashlib.sha256((directory / name).read_bytes()).hexdigest()
    assert {name: entry["sha256"] for name, entry in manifest["media"]["files"].items()} == files_before
    assert (directory / backups.MANIFEST).stat().st_mode & 0o077 == 0  # personal data: owner only

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(directory), database_url=new_database.url, media_root=str(restored_media))

    after = new_database.counts()
    assert after == before
    assert checksums(restored_media) == files_before


@committed
def test_restore_refuses_a_database_that_holds_tables_unless_forced(portal_rows, new_database, tmp_path):
    directory = take_backup(tmp_path)
    call_command("restore", str(directory), database_url=new_database.url, media_root=str(tmp_path / "m1"))
    with pytest.raises(CommandError, match=r"already holds \d+ tables.*--force"):
        call_command("restore", str(directory), database_url=new_database.url, media_root=str(tmp_path / "m2"))
    with pytest.raises(CommandError, match="already holds 2 files"):
        call_command("restore", str(directory), database_url=f"{new_database.url}", media_root=str(tmp_path / "m1"))

    # --force replaces everything, including a table a later migration would have added.
    new_database.execute("CREATE TABLE added_by_a_later_migration (id int)")
    call_command("restore", str(directory), database_url=new_database.url, media_root=str(tmp_path / "m1"), force=True)
    assert "added_by_a_later_migration" not in new_database.tables()
    assert new_database.counts() == source_counts()


def damage(case: str, directory: Path) -> None:
    database_file = directory / backups.DATABASE_FILES[connection.vendor]
    media = directory / backups.MEDIA_ARCHIVE
    if case == "changed after the backup":
        media.write_bytes(media.read_bytes()[:-100])
    elif case == "missing file":
        media.unlink()
    elif case in ("damaged media archive", "damaged database file"):
        path = media if case == "damaged media archive" else database_file
        path.write_bytes(path.read_bytes()[:200] if path == media else b"not a database at all" * 50)
        # The checksum matches, as when the file was already damaged while the backup was written.
        rewrite_manifest(directory, lambda m: m["files"].update({path.name: backups.file_entry(path)}))
    elif case == "other database vendor":
        other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        rewrite_manifest(directory, lambda m: m["database"].update(vendor=other, file=backups.DATABASE_FILES[other]))


DAMAGE = {
    "changed after the backup": "media.tar.gz does not match its checksum",
    "missing file": "incomplete: media.tar.gz is missing",
    "damaged media archive": "media archive .* is damaged",
    "damaged database file": "pg_restore failed|is not a readable SQLite database",
    "other database vendor": "This backup holds a (SQLite|PostgreSQL) database; the target is the (PostgreSQL|SQLite)",
}


@committed
def test_damaged_or_foreign_backups_are_refused_before_anything_changes(portal_rows, new_database, tmp_path):
    original = take_backup(tmp_path)
    for case, message in DAMAGE.items():
        copy = shutil.copytree(original, tmp_path / case.replace(" ", "-"))
        damage(case, copy)
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(copy), database_url=new_database.url, media_root=str(tmp_path / "m"))
        assert new_database.tables() == [], case
        assert not (tmp_path / "m").exists(), case


def fail_while_restoring(directory: Path, monkeypatch) -> str:
    """Make the restore fail half-way, after every check has passed; returns the message expected.

    PostgreSQL: the dump's last data block is cut short and its checksum taken after the damage,
    so the manifest and pg_restore --list (which reads the table of contents only) both pass.
    SQLite: the disk fills up while the copy is being written.
    """
    if connection.vendor == "postgresql":
        dump = directory / backups.DATABASE_FILES["postgresql"]
        dump.write_bytes(dump.read_bytes()[:-16])
        rewrite_manifest(directory, lambda m: m["files"].update({dump.name: backups.file_entry(dump)}))
        assert subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, check=False).returncode == 0
        return "failed"
    copy = backups.sqlite_copy

    def full_disk(source, target_path):
        copy(source, target_path)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "sqlite_copy", full_disk)
    return "database or disk is full"


@committed
def test_a_restore_that_fails_half_way_leaves_the_old_database_as_it_was(
    portal_rows, new_database, tmp_path, monkeypatch
):
    good = take_backup(tmp_path)
    call_command("restore", str(good), database_url=new_database.url, media_root=str(tmp_path / "m"))
    new_database.execute("CREATE TABLE added_by_a_later_migration (id int)")
    new_database.execute("INSERT INTO added_by_a_later_migration VALUES (1)")
    before_tables, before_counts = new_database.tables(), new_database.counts()
    assert before_counts["auth_user"] == 6

    damaged = shutil.copytree(good, tmp_path / "damaged")
    message = fail_while_restoring(damaged, monkeypatch)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged), database_url=new_database.url, media_root=str(tmp_path / "m"), force=True)
    assert new_database.tables() == before_tables  # nothing dropped, nothing half-restored
    assert new_database.counts() == before_counts
    if connection.vendor == "sqlite":
        assert sorted(path.name for path in Path(new_database.settings["NAME"]).parent.glob(".*restoring*")) == []


def bad_backup(kind: str, tmp: Path) -> Path:
    if kind == "missing":
        return tmp / "no-such-backup"
    if kind == "empty directory":
        return tmp
    if kind == "broken manifest":
        (tmp / "manifest.json").write_text("{not json")
        return tmp / "manifest.json"
    if kind == "foreign manifest":
        (tmp / "manifest.json").write_text('{"format": 99}')
        return tmp
    (tmp / "random.bin").write_bytes(bytes(range(256)) * 4 if kind == "random file" else b"\x00" * 1024)
    return tmp / "random.bin"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "No backup at"),
        ("empty directory", "is not a KLOCKET backup: it has no manifest.json"),
        ("broken manifest", "damaged: not valid JSON"),
        ("foreign manifest", "not a KLOCKET backup manifest of format 1"),
        ("random file", "neither a backup directory"),
        ("zeros (an empty tar archive)", "neither a backup directory"),
    ],
)
def test_bad_backup_arguments_get_a_clear_message(tmp_path, kind, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "restore", str(bad_backup(kind, tmp_path)), database_url=f"sqlite:///{tmp_path / 'target.sqlite3'}"
        )


@committed
def test_restore_from_a_tar_archive_of_the_backup_directory(portal_rows, new_database, tmp_path):
    directory = take_backup(tmp_path)
    packed = tmp_path / "offsite.tar.gz"
    with tarfile.open(packed, "w:gz") as archive:
        archive.add(directory, arcname=directory.name)
    shutil.rmtree(directory)
    call_command("restore", str(packed), database_url=new_database.url, media_root=str(tmp_path / "m"))
    assert new_database.counts() == source_counts()


def test_an_archive_escaping_its_folder_is_refused(tmp_path, new_database):
    evil = tmp_path / "evil.tar"
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(evil, "w") as archive:
        archive.add(payload, arcname="../../outside.txt")
    with pytest.raises(CommandError, match="Could not unpack"):
        call_command("restore", str(evil), database_url=new_database.url)
    assert not (tmp_path.parent / "outside.txt").exists()


@committed
def test_backup_keeps_the_newest_n_and_refuses_bad_arguments(media_root, tmp_path):
    out = tmp_path / "nightly"
    for _ in range(3):
        call_command("backup", output_dir=str(out), keep=2)
    assert len(backups.complete_backups(out)) == 2
    assert not list(out.glob("*.partial"))
    with pytest.raises(CommandError, match="--keep must be 0"):
        call_command("backup", output_dir=str(out), keep=-1)
    with pytest.raises(CommandError, match="No database 'archive'"):
        call_command("backup", output_dir=str(out), database="archive")


@committed
def test_a_failed_backup_leaves_no_half_written_directory(media_root, tmp_path, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "archive_media", full_disk)
    out = tmp_path / "backups"
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", output_dir=str(out))
    assert list(out.iterdir()) == []


def test_make_targets_run_the_commands():
    dry = subprocess.run(
        ["make", "-n", "backup", "restore", "BACKUP=var/backups/klocket-x", "FORCE=1", "BACKUP_DIR=/tmp/b"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert 'manage.py backup --output-dir "/tmp/b"' in dry
    assert 'manage.py restore "var/backups/klocket-x" --force' in dry
    missing = subprocess.run(["make", "-s", "restore"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert missing.returncode != 0 and "BACKUP=" in missing.stdout + missing.stderr
