"""The intake register: one SQLite file per workspace (WAL), a connection per operation, versioned schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000  # another tab or the CLI holds the write lock: wait rather than fail

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS years (
    year INTEGER PRIMARY KEY,
    profile TEXT
);
CREATE TABLE IF NOT EXISTS receipts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    ext TEXT NOT NULL,
    arrived TEXT NOT NULL,
    agency TEXT,
    outcome TEXT,
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    report_date TEXT,
    duplicate_of INTEGER REFERENCES receipts(id),
    superseded_by INTEGER REFERENCES receipts(id),
    report_json TEXT,
    fault TEXT
);
CREATE INDEX IF NOT EXISTS receipts_year ON receipts(year);
CREATE INDEX IF NOT EXISTS receipts_sha ON receipts(year, sha256);
"""


class Register:
    """Opens a fresh connection for every operation, so threads (a web server's pool) and
    processes (the CLI beside the server) never share one; writes take the lock at once
    (BEGIN IMMEDIATE) so a read-then-write never meets "database is locked" halfway."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self.read() as db:
            db.executescript(_SCHEMA)
        with self.write() as db:
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema {row[0]} newer than {SCHEMA_VERSION}")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys=ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # a receipt acknowledged survives a power cut
        return db

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed whole when the block ends, rolled back on any exception."""
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()
