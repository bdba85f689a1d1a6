"""Backups of the database and the uploaded files, and restoring them (manage.py backup / restore).

A backup is one directory, ``klocket-<UTC time>/``, holding

    database.dump      PostgreSQL, custom format (pg_dump -Fc), or
    database.sqlite3   SQLite, a consistent copy made with SQLite's online backup API
    media.tar.gz       the uploaded files under MEDIA_ROOT
    manifest.json      when, which database, the applied migrations per app, each file's SHA-256

Both databases can be copied while the portal runs. Nothing here prompts for a password:
PostgreSQL's password goes to pg_dump/pg_restore through PGPASSWORD, so timers can run it.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import ExitStack
from pathlib import Path

import dj_database_url
import django

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
NAME_PREFIX = "klocket-"
# libpq connection options Django passes in OPTIONS, and the environment variables pg_dump reads them from.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "service": "PGSERVICE",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator what to do."""


# Databases ---------------------------------------------------------------------------------------


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict.get("ENGINE", "")
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    if "sqlite3" in engine or "spatialite" in engine:
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not the database engine {engine!r}.")


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Connection settings from a sqlite:///path or postgres://user:password@host:port/name URL."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
        if not path:
            raise BackupError(
                f"{url!r} is not a SQLite URL: write sqlite:///relative/path or sqlite:////absolute/path."
            )
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(base_dir / path) if path[0] != "/" else path}
    if scheme in {"postgres", "postgresql", "pgsql"}:
        try:
            settings_dict = dj_database_url.parse(url)
        except ValueError as exc:
            raise BackupError(f"Not a valid database URL: {exc}") from None
        if not settings_dict.get("NAME"):
            raise BackupError("The database URL names no database: postgres://user@host:5432/name")
        return settings_dict
    raise BackupError(f"Only sqlite:///path and postgres://... URLs are supported, not {scheme}://.")


def describe(settings_dict: dict) -> str:
    """The database for messages: vendor, name and host, never the password."""
    vendor = vendor_of(settings_dict)
    if vendor == "sqlite":
        return f"SQLite database {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "local socket"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"PostgreSQL database {settings_dict['NAME']!r} on {host}{port}"


def pg_environment(settings_dict: dict) -> dict:
    """The environment for pg_dump/pg_restore: the password and TLS options, never on the command line."""
    environ = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    if settings_dict.get("PASSWORD"):
        environ["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in LIBPQ_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            environ[variable] = str(value)
    return environ


def pg_connection_args(settings_dict: dict) -> list[str]:
    args = ["--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    return args + ["--dbname", str(settings_dict["NAME"])]


def pg_connect(settings_dict: dict, **extra):
    """A psycopg connection with the same settings Django uses."""
    import psycopg

    params = {
        "dbname": settings_dict["NAME"],
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    params.update({key: value for key, value in (settings_dict.get("OPTIONS") or {}).items() if key in LIBPQ_OPTIONS})
    try:
        return psycopg.connect(**{key: value for key, value in params.items() if value is not None}, **extra)
    except psycopg.Error as exc:
        raise BackupError(f"Cannot connect to the {describe(settings_dict)}: {str(exc).strip()}") from None


def run_tool(args: list[str], settings_dict: dict) -> str:
    """Run pg_dump or pg_restore; a failure becomes a BackupError quoting the tool's own words."""
    tool = args[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed: install the PostgreSQL client (sudo apt-get install postgresql-client)."
        )
    result = subprocess.run(args, env=pg_environment(settings_dict), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-8:]) or f"exit status {result.returncode}"
        hint = ""
        if "version mismatch" in detail:
            hint = (
                f"\n{tool} must be at least as new as the PostgreSQL server: install the matching "
                "postgresql-client-<server major version> (apt.postgresql.org packages every version)."
            )
        raise BackupError(f"{tool} failed for the {describe(settings_dict)}:\n{detail}{hint}")
    return result.stdout


def tool_version(tool: str) -> str:
    result = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return result.stdout.strip()


def applied_migrations(connection) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    state: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app_label, []).append(name)
    return state


def sqlite_copy(source: sqlite3.Connection, target_path: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API), as a plain file."""
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
        # The copy inherits the source's WAL mode; a backup file is read, not shared: plain journal.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def sqlite_check(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database ({exc}).") from None
    if not result or result[0] != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {result[0] if result else 'no answer'}.")


def sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(name for (name,) in rows)


def pg_tables(settings_dict: dict) -> list[str]:
    """Tables in the schemas on the search path (public, normally)."""
    with pg_connect(settings_dict) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ANY(current_schemas(false))"
        ).fetchall()
    return sorted(name for (name,) in rows)


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pg_restore_atomically(settings_dict: dict, dump: Path, tables: list[str]) -> None:
    """Replace the database's tables with the dump's in ONE transaction: all or nothing.

    pg_restore turns the dump into SQL, which psql runs after dropping every table (pg_restore
    --clean only drops what is in the dump, and a table a later migration added would survive,
    unknown to the restored django_migrations). COMMIT is sent only once pg_restore has read
    the whole dump without an error; a damaged dump, a full disk or a lost connection ends the
    transaction without it, and PostgreSQL rolls everything back: the old data stays.
    """
    for tool in ("pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise BackupError(
                f"{tool} is not installed: install the PostgreSQL client (sudo apt-get install postgresql-client)."
            )
    environ = pg_environment(settings_dict)
    drops = "".join(f"DROP TABLE IF EXISTS {_quote_identifier(table)} CASCADE;\n" for table in tables)
    with tempfile.TemporaryFile() as psql_log, tempfile.TemporaryFile() as restore_log:
        psql = subprocess.Popen(  # noqa: S603
            ["psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", *pg_connection_args(settings_dict)],  # noqa: S607
            stdin=subprocess.PIPE,
            stdout=psql_log,
            stderr=subprocess.STDOUT,
            env=environ,
        )
        reader = subprocess.Popen(  # noqa: S603
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file", "-", str(dump)],  # noqa: S607
            stdout=subprocess.PIPE,
            stderr=restore_log,
            env=environ,
        )
        try:
            psql.stdin.write(f"BEGIN;\n{drops}".encode())
            shutil.copyfileobj(reader.stdout, psql.stdin, CHUNK)
        except BrokenPipeError:
            reader.kill()  # psql stopped at an error: nothing more to send
        finally:
            reader.stdout.close()
        read_whole_dump = reader.wait() == 0
        try:
            # Without COMMIT, psql's session ends and PostgreSQL rolls the transaction back.
            psql.stdin.write(b"COMMIT;\n" if read_whole_dump else b"ROLLBACK;\n")
            psql.stdin.close()
        except BrokenPipeError:
            pass
        psql_status = psql.wait()
        if read_whole_dump and psql_status == 0:
            return
        restore_log.seek(0)
        psql_log.seek(0)
        detail = restore_log.read().decode(errors="replace") if not read_whole_dump else ""
        detail += psql_log.read().decode(errors="replace")
        detail = "\n".join(detail.strip().splitlines()[-8:]) or f"psql exit status {psql_status}"
    raise BackupError(
        f"The restore failed and was rolled back: the {describe(settings_dict)} holds what it held before.\n{detail}"
    )


def sqlite_target_path(settings_dict: dict) -> Path | None:
    """The file of a SQLite database, or None for an in-memory one (the test suite's)."""
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def sqlite_file_tables(path: Path) -> list[str]:
    if not path.exists():
        return []
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sqlite_tables(connection)
    finally:
        connection.close()


def sqlite_restore_file(database_file: Path, target: Path) -> None:
    """Replace a SQLite database file with the backup's, all or nothing.

    The copy is written and checked next to the target, then renamed over it (atomic on one
    file system); until then the old file is untouched, so a full disk or a damaged copy leaves
    it as it was. The old file's write-ahead log is checkpointed first, so nothing of it is lost
    if the rename never happens, and removed after, so it cannot be replayed into the new one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.restoring-", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        source = sqlite3.connect(f"{database_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            sqlite_copy(source, temporary)
        finally:
            source.close()
        sqlite_check(temporary)
        with open(temporary, "rb") as copy:
            os.fsync(copy.fileno())
        if target.exists():
            old = sqlite3.connect(target)
            try:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                old.close()
        os.replace(temporary, target)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise BackupError(f"The restore failed: {target} holds what it held before ({exc}).") from None
        raise
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# Files ---------------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_entry(path: Path) -> dict:
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size}


class _HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes that went into the archive."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def archive_media(root: Path, target: Path) -> dict[str, dict]:
    """Write the regular files under ``root`` into a tar.gz; returns {relative path: sha256, bytes}."""
    files: dict[str, dict] = {}
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        if not root.is_dir():
            return files
        for directory, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for filename in sorted(filenames):
                path = Path(directory) / filename
                if path.is_symlink() or not path.is_file():
                    continue
                name = path.relative_to(root).as_posix()
                try:
                    handle = open(path, "rb")  # noqa: SIM115 (closed below; the file may vanish first)
                except FileNotFoundError:
                    continue  # deleted while we walked: it is not part of this backup
                with handle:
                    info = archive.gettarinfo(arcname=name, fileobj=handle)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    reader = _HashingReader(handle)
                    archive.addfile(info, reader)
                files[name] = {"sha256": reader.digest.hexdigest(), "bytes": info.size}
    return files


def check_media_archive(path: Path) -> int:
    """Read the whole archive once: a damaged one fails here, before anything is changed."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                tarfile.data_filter(member, "/nonexistent-restore-root")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"The media archive {path} is damaged or not a tar.gz file ({exc}).") from None
    return sum(1 for member in members if member.isfile())


def extract_media(path: Path, root: Path, *, mode: str = "r:gz") -> None:
    root.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(path, mode) as archive:
            # "data" refuses absolute paths, "..", links leaving the folder and device files.
            archive.extractall(root, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"Could not unpack {path} into {root} ({exc}).") from None


def media_file_count(root: Path) -> int:
    if not root.is_dir():
        return 0
    return sum(len(filenames) for _directory, _dirnames, filenames in os.walk(root))


# Backup directories -------------------------------------------------------------------------------------


def new_backup_dir(parent: Path, now: dt.datetime) -> tuple[Path, Path]:
    """(final, partial) paths of a new backup; it becomes final only once complete."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for suffix in [""] + [f"-{number}" for number in range(2, 100)]:
        final = parent / f"{NAME_PREFIX}{stamp}{suffix}"
        partial = final.with_name(final.name + ".partial")
        if not final.exists() and not partial.exists():
            return final, partial
    raise BackupError(f"Too many backups named {NAME_PREFIX}{stamp} in {parent}.")


def complete_backups(parent: Path) -> list[Path]:
    """Finished backups in ``parent``, oldest first (their names sort by time)."""
    if not parent.is_dir():
        return []
    return sorted(
        path
        for path in parent.iterdir()
        if path.is_dir() and path.name.startswith(NAME_PREFIX) and (path / MANIFEST).is_file()
    )


def prune(parent: Path, keep: int) -> list[Path]:
    removed = []
    backups = complete_backups(parent)
    for path in backups[: max(len(backups) - keep, 0)]:
        shutil.rmtree(path)
        removed.append(path)
    return removed


def write_manifest(directory: Path, manifest: dict) -> None:
    path = directory / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    path.chmod(0o600)


def code_version(base_dir: Path) -> str | None:
    """The git commit the code runs from, if it is a git checkout (best effort)."""
    if not (base_dir / ".git").exists() or shutil.which("git") is None:
        return None
    result = subprocess.run(  # noqa: S603
        ["git", "-C", str(base_dir), "rev-parse", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )
    return result.stdout.strip() or None


def base_manifest(*, vendor: str, database_name: str, migrations: dict, now: dt.datetime) -> dict:
    return {
        "format": FORMAT,
        "created": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "django_version": django.get_version(),
        "database": {"vendor": vendor, "name": database_name, "file": DATABASE_FILES[vendor]},
        "migrations": migrations,
        "files": {},
    }


def open_backup(path: Path, stack: ExitStack) -> tuple[Path, dict]:
    """The backup directory and its manifest, from a directory, its manifest.json or a tar archive of it."""
    if not path.exists():
        raise BackupError(f"No backup at {path}.")
    if path.is_file() and path.name == MANIFEST:
        path = path.parent
    elif path.is_file():
        path = _unpack_backup_archive(path, stack)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} is not a KLOCKET backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{manifest_path} is damaged: not valid JSON ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{manifest_path} is not a KLOCKET backup manifest of format {FORMAT}.")
    vendor = (manifest.get("database") or {}).get("vendor")
    if vendor not in DATABASE_FILES or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"{manifest_path} names no database vendor this portal knows ({vendor!r}).")
    return path, manifest


def _unpack_backup_archive(path: Path, stack: ExitStack) -> Path:
    """A backup directory someone packed into one file (tar, tar.gz) for copying off-site."""
    not_a_backup = f"{path} is neither a backup directory, its {MANIFEST}, nor a tar archive of a backup directory."
    if not tarfile.is_tarfile(path):
        raise BackupError(not_a_backup)
    scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="klocket-restore-")))
    extract_media(path, scratch, mode="r:*")  # the same safe extraction as for media
    manifests = sorted(scratch.rglob(MANIFEST))
    if not manifests:
        raise BackupError(not_a_backup)
    if len(manifests) > 1:
        raise BackupError(f"The archive {path} should hold exactly one backup ({MANIFEST}); it holds {len(manifests)}.")
    return manifests[0].parent


def verify_checksums(directory: Path, manifest: dict) -> None:
    for name, entry in sorted(manifest["files"].items()):
        path = directory / name
        if Path(name).name != name or not path.is_file():
            raise BackupError(f"The backup {directory} is incomplete: {name} is missing.")
        if not isinstance(entry, dict) or sha256_of(path) != entry.get("sha256"):
            raise BackupError(f"{path} does not match its checksum in {MANIFEST}: the file is damaged or was changed.")
    database_file = manifest["database"]["file"]
    if database_file not in manifest["files"]:
        raise BackupError(f"The backup {directory} lists no database file.")
