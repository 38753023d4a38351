"""Read an input file as text, and bound how deep its data nests, with errors a user can act on.

Every failure (a folder, a missing or unreadable file, bytes that are not UTF-8, a file far
too large to be a scenario, data nested deeper than any scenario needs) is an InputError
that names the file, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from needlesim.errors import input_error

# A scenario is a few kilobytes; the cap keeps a wrong path (a log, a data file) from being
# read whole into memory.
MAX_BYTES = 1_000_000
# A scenario nests four levels (protocol -> overrides -> [i] -> key); deeper data is a
# mistake, and walking it recursively could exhaust Python's stack.
MAX_DEPTH = 16


def read_text_file(path: str | Path, what: str = "scenario file") -> str:
    path = Path(path)
    if path.is_dir():
        raise input_error(what, str(path), "a TOML file (this is a folder)")
    if not path.is_file():
        raise input_error(what, str(path), "an existing TOML file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise input_error(what, str(path), f"a readable file ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise input_error(what, str(path), f"a TOML file of at most {MAX_BYTES // 1000} kB")
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise input_error(what, str(path), f"UTF-8 text (byte 0x{data[exc.start]:02x} on line "
                          f"{line} is not UTF-8; save the file as UTF-8)") from None


def nesting_depth(data) -> int:
    """How many tables and lists deep ``data`` goes (0 for a plain value), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break  # deep enough to refuse: no need to walk the rest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_nesting(data, source: str = "scenario") -> None:
    if nesting_depth(data) > MAX_DEPTH:
        raise input_error(source, "deeply nested tables or lists",
                          f"tables and lists nested at most {MAX_DEPTH} levels deep")
