"""Jobs and their results in SQLite (stdlib sqlite3), shared by the server and its workers.

Each call opens its own connection, so the store can be used from any thread or process.
A job is queued -> running -> done | failed. A worker claims the oldest queued job in one
transaction, so two workers never take the same job.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    progress REAL NOT NULL DEFAULT 0,
    stage TEXT NOT NULL DEFAULT '',
    scenario TEXT NOT NULL,
    summary TEXT,
    error TEXT,
    worker_pid INTEGER,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL
);
CREATE INDEX IF NOT EXISTS jobs_status_created ON jobs (status, created_at);
"""

STATUSES = ("queued", "running", "done", "failed")
FIELDS = ("id", "status", "progress", "stage", "error", "created_at", "started_at", "finished_at")


def new_id() -> str:
    return uuid.uuid4().hex


class JobStore:
    def __init__(self, path: str | Path):
        self.path = str(path)
        with self._connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self):
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            yield db
        finally:
            db.close()

    def add(self, scenario: dict) -> str:
        job_id = new_id()
        with self._connect() as db:
            db.execute(
                "INSERT INTO jobs (id, status, scenario, created_at) VALUES (?, 'queued', ?, ?)",
                (job_id, json.dumps(scenario), time.time()),
            )
        return job_id

    def get(self, job_id: str) -> dict | None:
        with self._connect() as db:
            row = db.execute(
                f"SELECT {', '.join(FIELDS)} FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
        if row is None:
            return None
        job = dict(row)
        job["error"] = json.loads(job["error"]) if job["error"] else None
        return job

    def list(self, limit: int = 50) -> list[dict]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id FROM jobs ORDER BY created_at DESC LIMIT ?", (limit,)
            ).fetchall()
        return [self.get(row["id"]) for row in rows]

    def scenario(self, job_id: str) -> dict | None:
        return self._json_column(job_id, "scenario")

    def summary(self, job_id: str) -> dict | None:
        return self._json_column(job_id, "summary")

    def _json_column(self, job_id: str, column: str):
        with self._connect() as db:
            row = db.execute(f"SELECT {column} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return json.loads(row[0]) if row is not None and row[0] is not None else None

    def count(self, status: str) -> int:
        with self._connect() as db:
            return db.execute("SELECT COUNT(*) FROM jobs WHERE status = ?", (status,)).fetchone()[0]

    def claim(self, worker_pid: int) -> tuple[str, dict] | None:
        """Take the oldest queued job for this worker, or None."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT id, scenario FROM jobs WHERE status = 'queued' ORDER BY created_at LIMIT 1"
            ).fetchone()
            if row is None:
                db.execute("COMMIT")
                return None
            db.execute(
                "UPDATE jobs SET status = 'running', progress = 0, stage = 'starting', "
                "worker_pid = ?, started_at = ? WHERE id = ?",
                (worker_pid, time.time(), row["id"]),
            )
            db.execute("COMMIT")
        return row["id"], json.loads(row["scenario"])

    def progress(self, job_id: str, fraction: float, stage: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE jobs SET progress = ?, stage = ? WHERE id = ? AND status = 'running'",
                (fraction, stage, job_id),
            )

    def finish(self, job_id: str, summary: dict) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE jobs SET status = 'done', progress = 1, stage = 'done', summary = ?, "
                "worker_pid = NULL, finished_at = ? WHERE id = ?",
                (json.dumps(summary), time.time(), job_id),
            )

    def fail(self, job_id: str, error: dict) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE jobs SET status = 'failed', stage = 'failed', error = ?, "
                "worker_pid = NULL, finished_at = ? WHERE id = ?",
                (json.dumps(error), time.time(), job_id),
            )

    def requeue_running(self, worker_pid: int | None = None) -> int:
        """Put running jobs back in the queue (all of them at start-up: their server is gone;
        or one worker's job, when that worker was stopped without finishing it)."""
        query = "UPDATE jobs SET status = 'queued', progress = 0, stage = '', worker_pid = NULL, " \
                "started_at = NULL WHERE status = 'running'"
        args: tuple = ()
        if worker_pid is not None:
            query += " AND worker_pid = ?"
            args = (worker_pid,)
        with self._connect() as db:
            return db.execute(query, args).rowcount

    def running_job_of(self, worker_pid: int) -> str | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id FROM jobs WHERE status = 'running' AND worker_pid = ?", (worker_pid,)
            ).fetchone()
        return row["id"] if row else None
