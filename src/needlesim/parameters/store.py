"""Store fitted values back into the shipped data files (used by ``needlesim.calibration``):
the one writer of parameter tables and of the healing ensemble, always atomic."""

from __future__ import annotations

import csv
import io
import os
import tempfile

from needlesim.parameters.loader import DATA


def write_atomically(path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it and a rename, so an
    interrupted write leaves the old file."""
    path = str(path)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def store_values(table: str, values: dict[str, float], digits: int = 4,
                 source: str | None = None) -> None:
    """Replace the value column of the named rows of ``table`` (``digits`` significant
    digits); with ``source``, also their source (and firmness ``fitted``). The rest stays
    as written."""
    path = str(DATA / table)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    unknown = set(values) - {row[0] for row in rows if row}
    if unknown:
        raise KeyError(f"{table} has no rows named {sorted(unknown)}")
    for row in rows[1:]:
        if row and row[0] in values:
            row[header.index("value")] = f"{values[row[0]]:.{digits}g}"
            if source is not None:
                row[header.index("source")] = source
                row[header.index("firmness")] = "fitted"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    write_atomically(path, out.getvalue())
