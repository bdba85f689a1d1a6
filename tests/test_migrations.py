"""Migrations: in step with the models, every operation reversible, and a real round trip.

The round trip runs ``manage.py migrate`` in a subprocess on a throwaway database (a SQLite file
always, and a temporary PostgreSQL database when the tests themselves run on PostgreSQL),
unapplies every project app to zero in dependency order, migrates again, and checks that the
reference rows the data migrations create are back. docs/deploy.md ("Upgrading") relies on it
for stepping back with ``manage.py migrate <app> <previous migration>``.
"""

import importlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing, contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations import RunPython, RunSQL, SeparateDatabaseAndState
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parent.parent
# The project's own apps with migrations, in dependency order (each only depends on earlier ones).
PROJECT_APPS = ["klocket", "activities", "safety_walks", "goals"]
# Data migrations whose reverse is deliberately RunPython.noop / RunSQL.noop, with the reason.
# Every other data migration deletes on the way back what it created on the way forward.
NOOP_REVERSES: dict[tuple[str, str], str] = {
    ("activities", "0009_random_upload_names"): "uploads renamed from the uploader's file name to a random one: "
    "the old names are what it removes on purpose, and the earlier code serves random names as well",
}

# The reference rows of the data migrations, read straight from the throwaway database.
REFERENCE_QUERIES = {
    "groups": "SELECT name FROM auth_group",
    "audiences": "SELECT code FROM activities_audience",
    "languages": "SELECT code FROM activities_language",
    "goals": "SELECT number FROM goals_goal",
    "indicators": "SELECT code FROM goals_indicator",
    "police_list": "SELECT year FROM goals_policelistentry WHERE area_name = 'Klockaretorpet'",
}


def expected_reference_rows() -> dict[str, list]:
    roles = importlib.import_module("klocket.migrations.0001_roles")
    translator = importlib.import_module("klocket.migrations.0003_translator_role")
    audiences = importlib.import_module("activities.migrations.0003_audiences_languages")
    goals = importlib.import_module("goals.migrations.0002_goals_data")
    return {
        "groups": sorted([*roles.ROLE_NAMES, translator.TRANSLATOR]),
        "audiences": sorted(audiences.AUDIENCES),
        "languages": sorted(code for code, _name in audiences.LANGUAGES),
        "goals": sorted(row[0] for row in goals.GOALS),
        "indicators": sorted(row[1] for row in goals.INDICATORS),
        "police_list": sorted(row[0] for row in goals.POLICE_LIST),
    }


# In step with the models --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit:
        pytest.fail(f"Models and migrations differ; run `make migrations`:\n{out.getvalue()}")


@pytest.mark.django_db
def test_roles_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    coordinator = Group.objects.get(name="Samordnare")
    steering = Group.objects.get(name="Styrgrupp")
    assert coordinator.permissions.filter(codename="change_organisation").exists()
    assert not steering.permissions.filter(codename="change_organisation").exists()
    assert steering.permissions.filter(codename="view_organisation").exists()
    assert Group.objects.filter(name="Partnerpersonal").exists()


# Reversible, operation by operation ---------------------------------------------------------------------------


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted((key, migration) for key, migration in loader.disk_migrations.items() if key[0] in PROJECT_APPS)


def operations(migration):
    for operation in migration.operations:
        if isinstance(operation, SeparateDatabaseAndState):
            yield from operation.database_operations
        else:
            yield operation


def test_every_project_app_has_migrations():
    assert {app for (app, _name), _migration in project_migrations()} == set(PROJECT_APPS)


def test_every_operation_of_the_project_apps_is_reversible():
    problems = []
    for (app, name), migration in project_migrations():
        where = f"{app}/migrations/{name}.py"
        for operation in operations(migration):
            if not operation.reversible:
                problems.append(f"{where}: {operation.describe()} cannot be reversed")
            if isinstance(operation, RunPython):
                if operation.reverse_code is None:
                    problems.append(f"{where}: RunPython({operation.code.__name__}) has no reverse_code")
                elif operation.reverse_code is RunPython.noop and (app, name) not in NOOP_REVERSES:
                    problems.append(f"{where}: RunPython reverses as a no-op; write a reverse function or explain why")
            if isinstance(operation, RunSQL):
                if operation.reverse_sql is None:
                    problems.append(f"{where}: RunSQL has no reverse_sql")
                elif operation.reverse_sql == RunSQL.noop and (app, name) not in NOOP_REVERSES:
                    problems.append(f"{where}: RunSQL reverses as a no-op; write the reverse SQL or explain why")
    assert not problems, "\n".join(problems)


def test_the_noop_list_names_real_migrations():
    keys = {key for key, _migration in project_migrations()}
    assert set(NOOP_REVERSES) <= keys


# A real round trip in a subprocess ----------------------------------------------------------------------------


def manage(database_url: str, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    """manage.py with the development environment (Makefile's DEV_ENV) on another database."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_", "SENTRY_", "KLOCKET_"))
    }
    environ.update(DJANGO_DEBUG="1", DATABASE_URL=database_url, DJANGO_LOG_FORMAT="text", DJANGO_LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def ok(result: subprocess.CompletedProcess, step: str) -> str:
    assert result.returncode == 0, f"{step} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result.stdout


def reference_rows(raw) -> dict[str, list]:
    """What the data migrations created, through a DB-API connection to the throwaway database."""
    cursor = raw.cursor()
    rows = {}
    for key, query in REFERENCE_QUERIES.items():
        cursor.execute(query)
        rows[key] = sorted(row[0] for row in cursor.fetchall())
    return rows


@dataclass
class Throwaway:
    url: str  # DATABASE_URL for manage.py
    connect: Callable  # a DB-API connection to it, for reading rows and tables
    tables_sql: str


def project_tables(database: Throwaway) -> list[str]:
    with closing(database.connect()) as raw:
        cursor = raw.cursor()
        cursor.execute(database.tables_sql)
        names = [row[0] for row in cursor.fetchall()]
    prefixes = tuple(f"{app}_" for app in PROJECT_APPS)
    return sorted(name for name in names if name.startswith(prefixes))


def reference_rows_of(database: Throwaway) -> dict[str, list]:
    with closing(database.connect()) as raw:
        return reference_rows(raw)


def round_trip(database: Throwaway):
    expected = expected_reference_rows()

    plan = ok(manage(database.url, "migrate", "--plan"), "migrate --plan on an empty database")
    assert "klocket.0001_roles" in plan and "goals.0002_goals_data" in plan, plan
    ok(manage(database.url, "migrate", "--noinput", "--skip-checks"), "migrate on an empty database")
    assert reference_rows_of(database) == expected

    # Back to nothing, dependents first: goals and safety_walks depend on activities.
    for app in reversed(PROJECT_APPS):
        ok(manage(database.url, "migrate", app, "zero", "--noinput", "--skip-checks"), f"migrate {app} zero")
    shown = ok(manage(database.url, "showmigrations", "--skip-checks", *PROJECT_APPS), "showmigrations")
    assert "[X]" not in shown and shown.count("[ ]") == len(project_migrations()), shown
    assert project_tables(database) == [], "tables left behind after unapplying everything"

    ok(manage(database.url, "migrate", "--noinput", "--skip-checks"), "migrate again after unapplying everything")
    assert reference_rows_of(database) == expected
    assert project_tables(database)


# A fresh SQLite file always; a temporary PostgreSQL database too when the suite runs on PostgreSQL
# (decided when the tests are collected, so a run on SQLite has nothing to skip).
ROUND_TRIP_VENDORS = ["sqlite"] + (["postgresql"] if connection.vendor == "postgresql" else [])


@contextmanager
def throwaway_database(vendor: str, tmp_path: Path):
    """An empty database of ``vendor``; a PostgreSQL one is created and dropped here (named with the pid)."""
    if vendor == "sqlite":
        path = tmp_path / "roundtrip.sqlite3"
        yield Throwaway(
            url=f"sqlite:///{path}",
            connect=lambda: sqlite3.connect(path),
            tables_sql="SELECT name FROM sqlite_master WHERE type = 'table'",
        )
        return
    from psycopg import sql

    from klocket.backups import pg_connect

    source = connection.settings_dict
    name = f"klocket_migrations_{os.getpid()}"
    maintenance = {**source, "NAME": "postgres"}
    with pg_connect(maintenance, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(source.get("USER") or "", safe="")
    if source.get("PASSWORD"):
        credentials += ":" + quote(source["PASSWORD"], safe="")
    host = quote(source.get("HOST") or "", safe="")
    port = f":{source['PORT']}" if source.get("PORT") else ""
    try:
        yield Throwaway(
            url=f"postgres://{credentials}@{host}{port}/{name}",
            connect=lambda: pg_connect({**source, "NAME": name}),
            tables_sql="SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
        )
    finally:
        with pg_connect(maintenance, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.mark.parametrize("vendor", ROUND_TRIP_VENDORS)
def test_migrate_unapply_everything_and_migrate_again(vendor, tmp_path):
    with throwaway_database(vendor, tmp_path) as database:
        round_trip(database)


# The texts in several languages (activities 0008, safety_walks 0002): one JSON column per model,
# added and removed again, with the Swedish texts and the other rows untouched.
TRANSLATED_TABLES = [
    "activities_activity",
    "activities_historicalactivity",
    "activities_venue",
    "activities_organisation",
    "safety_walks_safetywalk",
    "safety_walks_historicalsafetywalk",
]


def test_content_languages_migrations_add_and_remove_only_the_i18n_column(tmp_path):
    with throwaway_database("sqlite", tmp_path) as database:

        def columns() -> dict[str, set[str]]:
            with closing(database.connect()) as raw:
                return {
                    table: {row[1] for row in raw.execute(f"PRAGMA table_info({table})")} for table in TRANSLATED_TABLES
                }

        ok(manage(database.url, "migrate", "--noinput", "--skip-checks"), "migrate")
        with closing(database.connect()) as raw:
            raw.execute(
                "INSERT INTO activities_organisation (name, slug, kind, description, website, logo, is_active, i18n)"
                " VALUES ('Hyresgästföreningen', 'hgf', 'tenants_union', 'Vi finns här.', '', '', 1,"
                ' \'{"description_ar": "نحن هنا."}\')'
            )
            raw.commit()
        after = columns()
        assert all("i18n" in names for names in after.values()), after

        ok(manage(database.url, "migrate", "safety_walks", "0001", "--noinput", "--skip-checks"), "safety_walks 0001")
        ok(manage(database.url, "migrate", "activities", "0007", "--noinput", "--skip-checks"), "activities 0007")
        before = columns()
        assert before == {table: names - {"i18n"} for table, names in after.items()}
        with closing(database.connect()) as raw:
            assert raw.execute("SELECT name, description FROM activities_organisation").fetchall() == [
                ("Hyresgästföreningen", "Vi finns här.")
            ]

        ok(manage(database.url, "migrate", "--noinput", "--skip-checks"), "migrate forward again")
        assert columns() == after
