"""One archive with a consistent copy of the database and every uploaded file.

The database is copied whole, table by table at the engine's level (SQLite's
online backup API, or pg_dump), so rows of every app, present and future, are
in it without a list to keep. Media are read through the storage API, so the
same code saves files kept on disk or in S3.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from caching import page_cache

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"


class BackupError(CommandError):
    """The archive cannot be written or restored; the message says why.

    A CommandError, so that `manage.py backup` and `restore` print just that.
    """


def create_backup(destination: Path) -> dict:
    """Write the database and media into a .tar.gz; return its manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    with tempfile.TemporaryDirectory() as scratch:
        database_copy = Path(scratch) / DATABASE_FILES[vendor]
        _dump_database(vendor, database_copy)
        media = _list_storage(default_storage)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": vendor,
            "media_files": len(media),
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(database_copy, arcname=database_copy.name)
            for name in media:
                with default_storage.open(name, "rb") as file:
                    _add_bytes(archive, MEDIA_PREFIX + name, file.read())
        # Only a complete archive ever carries the name asked for.
        os.replace(partial, destination)
    return manifest


def restore_backup(source: Path) -> dict:
    """Replace the database and the media with the archive's; return its manifest."""
    with (
        tarfile.open(source, "r:gz") as archive,
        tempfile.TemporaryDirectory() as scratch,
    ):
        manifest = _read_manifest(archive)
        vendor = connection.vendor
        if manifest["database"] != vendor:
            raise BackupError(
                f"This archive holds a {manifest['database']} database; the site "
                f"runs on {vendor}. Restore it on the same kind of database."
            )
        database_name = DATABASE_FILES[vendor]
        archive.extract(database_name, scratch, filter="data")
        media = {
            member.name.removeprefix(MEDIA_PREFIX): member
            for member in archive.getmembers()
            if member.isfile() and member.name.startswith(MEDIA_PREFIX)
        }
        _load_database(vendor, Path(scratch) / database_name)
        _replace_media(archive, media)
    page_cache.invalidate()
    return manifest


def default_archive_name() -> str:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"cluster-backup-{stamp}.tar.gz"


def _dump_database(vendor: str, target: Path) -> None:
    connection.ensure_connection()
    if vendor == "sqlite":
        # The online backup API copies a consistent snapshot while the site
        # keeps reading and writing (WAL included).
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return
    _run_pg(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
        ]
    )


def _load_database(vendor: str, source: Path) -> None:
    connection.ensure_connection()
    if vendor == "sqlite":
        # Backing up *into* the live database replaces every page of it under
        # SQLite's own locks, so open connections see the restored data.
        with sqlite3.connect(source) as original:
            original.backup(connection.connection)
        original.close()
        return
    connection.close()
    _run_pg(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        ]
    )


def _run_pg(command: list[str]) -> None:
    settings_dict = connection.settings_dict
    environment = os.environ | {
        "PGDATABASE": settings_dict["NAME"],
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
    }
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is missing (apt-get install postgresql-client)."
        )
    if command[0] == "pg_restore":
        command = [*command[:-1], "--dbname", settings_dict["NAME"], command[-1]]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _list_storage(storage: Storage, folder: str = "") -> list[str]:
    """Every file's name in the storage, walking its folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [str(PurePosixPath(folder, name)) for name in files]
    for sub in folders:
        names += _list_storage(storage, str(PurePosixPath(folder, sub)))
    return sorted(names)


def _replace_media(archive: tarfile.TarFile, media: dict) -> None:
    for name in _list_storage(default_storage):
        if name not in media:
            default_storage.delete(name)
    for name, member in media.items():
        content = archive.extractfile(member).read()
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(content))
        if stored != name:
            raise BackupError(f"Could not restore {name} under its own name.")


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a backup made by `manage.py backup`.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))
