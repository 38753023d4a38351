"""Store fitted values back into a shipped parameter table (used by calibration scripts)."""

from __future__ import annotations

import csv
import io
import os
import tempfile

from needlesim.parameters.loader import DATA


def store_values(table: str, values: dict[str, float]) -> None:
    """Replace the value column of the named rows of ``table``; the rest stays as written.

    Written to a temporary file and renamed, so an interrupted write leaves the old table.
    """
    path = str(DATA / table)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    unknown = set(values) - {row[0] for row in rows if row}
    if unknown:
        raise KeyError(f"{table} has no rows named {sorted(unknown)}")
    for row in rows:
        if row and row[0] in values:
            row[1] = f"{values[row[0]]:.4g}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(out.getvalue())
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
