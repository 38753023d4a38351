"""Checkpoints: one Parquet file per finished chunk, written atomically (temporary file,
then rename), plus a manifest naming what they were computed from.

A killed run leaves only whole chunk files (and perhaps a ``.part`` file, which is
ignored and removed); ``--resume`` keeps the whole ones and computes the rest.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from needlesim.errors import input_error

MANIFEST = "manifest.json"


def write_atomic(path: Path, write) -> Path:
    """Call ``write(temporary_path)`` then rename onto ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".part")
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


class Checkpoints:
    def __init__(self, folder: str | Path, fingerprint: str, resume: bool):
        self.folder = Path(folder)
        manifest = self.folder / MANIFEST
        if resume and manifest.is_file():
            found = json.loads(manifest.read_text()).get("fingerprint")
            if found != fingerprint:
                raise input_error("--resume", str(self.folder),
                                  "checkpoints of the same input file and needlesim version "
                                  "(the input changed: run without --resume to start again)")
        elif self.folder.exists():
            shutil.rmtree(self.folder)  # a fresh run never mixes in old chunks
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in self.folder.glob(".*.part"):
            stale.unlink()
        write_atomic(manifest, lambda p: Path(p).write_text(json.dumps({"fingerprint": fingerprint})))

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.parquet"

    def done(self, key: str) -> bool:
        return self.path(key).is_file()

    def save(self, key: str, frame: pd.DataFrame) -> None:
        write_atomic(self.path(key), lambda p: frame.to_parquet(p, index=False))

    def load(self, keys: list[str]) -> pd.DataFrame:
        frames = [pd.read_parquet(self.path(key)) for key in keys]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
