"""Where a warm process listens, and what a command must share with it to be served."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import needlesim
from needlesim.errors import input_error

FOLDER_VARIABLE = "NEEDLESIM_WARM_DIR"  # the folder of the socket (default below)

# Variables read while the libraries load (compiled-code caches, plotting, threads, text
# encoding, locale): a warm process loaded them with its own values, so a caller whose
# values differ runs cold.
LOAD_TIME_PREFIXES = ("NUMBA_", "MPL", "MATPLOTLIB", "PYTHON", "OMP_", "OPENBLAS_", "MKL_",
                      "NEEDLESIM_", "XDG_", "LANG", "LC_", "TZ", "HOME")


def folder() -> Path:
    """The warm process's folder: $NEEDLESIM_WARM_DIR, else $XDG_RUNTIME_DIR/needlesim, else
    ~/.cache/needlesim/warm."""
    if os.environ.get(FOLDER_VARIABLE):
        return Path(os.environ[FOLDER_VARIABLE])
    if os.environ.get("XDG_RUNTIME_DIR"):
        return Path(os.environ["XDG_RUNTIME_DIR"]) / "needlesim"
    return Path.home() / ".cache" / "needlesim" / "warm"


def private_folder(create: bool = False) -> Path | None:
    """The folder, made if asked (mode 700); None if it does not exist. A folder that others
    may write into, or that is not this user's, is refused: whoever can place a socket there
    could run commands as the caller."""
    base = folder()
    if create:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        info = base.stat()
    except FileNotFoundError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise input_error(FOLDER_VARIABLE, str(base),
                          "a folder that only you can read and write (mode 700)")
    return base


def _interpreter() -> str:
    """The environment (virtual or not) and Python version: `python`, `python3` and the
    `needlesim` script of one environment are one interpreter, two environments are two."""
    return f"{os.path.realpath(sys.prefix)} {sys.version}"


def socket_path(base: Path) -> Path:
    """One socket per interpreter: warm processes of different environments stay apart."""
    tag = hashlib.sha256(_interpreter().encode()).hexdigest()[:12]
    return base / f"warm-{tag}.sock"


def code_fingerprint() -> str:
    """The interpreter, needlesim's version and every file of the installed package (path,
    size, modification time): any edit or upgrade changes it."""
    package = Path(needlesim.__file__).parent
    digest = hashlib.sha256(f"{_interpreter()}\n{needlesim.__version__}\n".encode())
    for root, folders, files in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            path = os.path.join(root, name)
            info = os.stat(path)
            digest.update(f"{os.path.relpath(path, package)}:{info.st_size}:"
                          f"{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def environment_fingerprint(environment: dict[str, str] | None = None) -> str:
    """The variables of LOAD_TIME_PREFIXES and their values."""
    environment = os.environ if environment is None else environment
    chosen = sorted((key, value) for key, value in environment.items()
                    if key.startswith(LOAD_TIME_PREFIXES))
    return hashlib.sha256(json.dumps(chosen).encode()).hexdigest()
