"""Output folders in which a user's files are safe.

needlesim writes its outputs (report, cohort, sensitivity and plan folders) only into a
folder that is new, empty, or one that needlesim itself wrote: such a folder holds a
marker file listing the files needlesim put there. Anything else (a file, a folder with
the user's own files, a symbolic link) is refused with an :class:`InputError` naming the
path and what to do. A needlesim folder into which the user has since put files of their
own is replaced only with ``force``, and then those files are carried over into the new
folder: no user file is ever deleted or overwritten.

Folders written whole are built in a hidden staging folder beside the target (its name
starts with :data:`STAGING_PREFIX` and it holds a staging marker), then swapped in, so a
failure or a kill never leaves a half-written folder. :func:`remove_stale_staging` clears
what a killed process left behind, and only that.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from needlesim import __version__
from needlesim.errors import input_error

MARKER = ".needlesim.json"  # inside every folder needlesim wrote
STAGING_PREFIX = ".needlesim-staging-"
STAGING_MARKER = ".needlesim-staging"
RETIRED_PREFIX = ".needlesim-retired-"


def _own_files(folder: Path) -> set[str] | None:
    """The files needlesim wrote into ``folder`` (relative paths), or None if it did not."""
    marker = folder / MARKER
    if not marker.is_file() or marker.is_symlink():
        return None
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("written_by") != "needlesim":
        return None
    return set(record.get("files", [])) | {MARKER}


def _files(folder: Path) -> list[str]:
    """Every file below ``folder`` as a relative path."""
    return [Path(root, name).relative_to(folder).as_posix()
            for root, _, names in os.walk(folder) for name in names]


def foreign_entries(folder: Path) -> list[str]:
    """The files and folders in a needlesim folder that needlesim did not write, as relative
    paths (a foreign folder is named once, not file by file)."""
    own = _own_files(folder) or set()
    own_trees = {name for name in own if name.endswith("/")}  # whole folders of needlesim's
    own_dirs = {parent.as_posix() for name in own for parent in Path(name).parents} - {"."}
    foreign = []
    for root, dirs, names in os.walk(folder):
        here = Path(root).relative_to(folder)
        for name in list(dirs):
            relative = (here / name).as_posix()
            if relative + "/" in own_trees:
                dirs.remove(name)
            elif relative not in own_dirs or (Path(root) / name).is_symlink():
                foreign.append(relative)
                dirs.remove(name)  # carried over whole: no need to look inside
        foreign += [(here / name).as_posix() for name in names if (here / name).as_posix() not in own]
    return sorted(foreign)


def _refuse(option: str, path: Path, why: str, todo: str):
    return input_error(option, str(path), f"{todo} ({why})")


def check_output_folder(path: str | Path, option: str = "--out", force: bool = False) -> Path:
    """The absolute path of an output folder that needlesim may write, or an InputError.

    Allowed: a path that does not exist yet, an empty folder, or a folder needlesim wrote
    that holds nothing else (``force`` also allows one that holds other files: they are
    carried over).
    """
    path = Path(os.path.abspath(Path(path).expanduser()))
    todo = "a new folder, an empty folder or a folder needlesim wrote before"
    if path.is_symlink():
        raise _refuse(option, path, "it is a symbolic link; needlesim does not write through links",
                      todo)
    if not path.exists():
        existing = next((p for p in path.parents if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise _refuse(option, path, f"{existing} is a file, not a folder", todo)
        return path
    if not path.is_dir():
        raise _refuse(option, path, "it is a file; needlesim never replaces a file",
                      "a folder path: choose another " + option)
    if not any(path.iterdir()):
        return path
    if _own_files(path) is None:
        raise _refuse(option, path, "it holds files needlesim did not write, which it will not "
                      "touch", "choose a new folder for " + option)
    foreign = foreign_entries(path)
    if foreign and not force:
        shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise _refuse(option, path, f"this needlesim folder also holds files of yours: {shown}",
                      "--force to replace it (your files are carried over into the new folder), "
                      "or choose another " + option)
    return path


def probe_writable(path: Path, option: str = "--out") -> None:
    """Fail now, not after the work, where the output folder cannot be written: a probe
    folder is made and removed in the nearest folder that exists (none is created)."""
    existing = next((p for p in [path, *path.parents] if p.exists()), None)
    try:
        if existing is None or not existing.is_dir():
            raise NotADirectoryError(20, "not a folder", str(existing))
        os.rmdir(tempfile.mkdtemp(prefix=STAGING_PREFIX + "probe.", dir=existing))
    except OSError as exc:
        raise input_error(option, str(path), f"a folder this user can write ({exc.strerror})") from None


def write_marker(folder: Path, kind: str, names: list[str] | None = None) -> None:
    """Record in ``folder`` that needlesim wrote it and which files are its own: ``names``
    (a name ending in '/' claims that whole sub-folder), by default every file there now."""

    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(names if names is not None else
                   (name for name in _files(folder) if name not in (MARKER, STAGING_MARKER)))
    record = {"written_by": "needlesim", "version": __version__, "kind": kind, "files": files}
    temporary = folder / (MARKER + ".part")
    temporary.write_text(json.dumps(record, indent=1), encoding="utf-8")
    temporary.replace(folder / MARKER)


def add_own_files(folder: Path, names: list[str]) -> None:
    """Add files written after the marker (e.g. a report re-rendered later) to it."""
    marker = folder / MARKER
    record = json.loads(marker.read_text(encoding="utf-8"))
    record["files"] = sorted(set(record["files"]) | set(names))
    temporary = folder / (MARKER + ".part")
    temporary.write_text(json.dumps(record, indent=1), encoding="utf-8")
    temporary.replace(marker)


def check_own_names(folder: Path, names: list[str], option: str = "--out") -> None:
    """Refuse to write ``names`` into a needlesim folder where one of them is a user's file."""
    own = _own_files(folder) or set()
    clash = [name for name in names if (folder / name).exists() and name not in own]
    if clash:
        raise _refuse(option, folder, f"{', '.join(clash)} there is not needlesim's",
                      "move that file away or choose another " + option)


def is_needlesim_folder(folder: Path) -> bool:
    return _own_files(Path(folder)) is not None


def claim_folder(path: str | Path, kind: str, names: list[str], option: str = "--out",
                 force: bool = False) -> Path:
    """Check an output folder written in place (cohort, sensitivity, plan) and mark the
    ``names`` it will hold as needlesim's, before anything is written."""
    path = check_output_folder(path, option, force)
    write_marker(path, kind, sorted(set(names) | ((_own_files(path) or set()) - {MARKER})))
    return path


def make_staging(target: Path) -> Path:
    """A new hidden staging folder beside ``target``, marked as needlesim's."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}.", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; an output folder is meant to be shared
    (staging / STAGING_MARKER).write_text(str(os.getpid()), encoding="utf-8")
    return staging


def swap_in(staging: Path, target: Path, force: bool = False) -> Path:
    """Replace ``target`` (checked by :func:`check_output_folder`) by ``staging``."""
    (staging / STAGING_MARKER).unlink()
    if target.exists():
        check_output_folder(target, force=force)  # it may have changed while we worked
        for name in foreign_entries(target) if is_needlesim_folder(target) else []:
            kept = staging / name
            while kept.exists():  # a name needlesim now writes itself: keep the user's beside it
                kept = kept.with_name(kept.name + ".yours")
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.rename(target / name, kept)
        retired = Path(tempfile.mkdtemp(prefix=RETIRED_PREFIX, dir=target.parent))
        os.rename(target, retired / target.name)
        os.rename(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.rename(staging, target)
    return target


def discard_staging(staging: Path) -> None:
    if (staging / STAGING_MARKER).is_file() or is_needlesim_folder(staging):
        shutil.rmtree(staging, ignore_errors=True)


def remove_stale_staging(parent: str | Path) -> list[Path]:
    """Remove the staging folders a killed needlesim left in ``parent``: only hidden folders
    with needlesim's staging name and marker, or retired copies of its own folders."""
    removed = []
    parent = Path(parent)
    if not parent.is_dir():
        return removed
    for path in parent.iterdir():
        if path.is_symlink() or not path.is_dir():
            continue
        staged = path.name.startswith(STAGING_PREFIX) and (path / STAGING_MARKER).is_file()
        retired = path.name.startswith(RETIRED_PREFIX) and all(
            is_needlesim_folder(child) for child in path.iterdir())
        if staged or retired:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
