"""Values on their way out as strict JSON: echoed user input, summaries.

An error record repeats what the user sent so they can find it. What they sent may be a
non-finite number (which strict JSON cannot carry) or a megabyte of text, so the echo
spells non-finite numbers as text and cuts long values. ``non_finite_numbers`` finds the
NaN and infinities in a parsed body or a run's summary, by field.
"""

from __future__ import annotations

import math
import re

MAX_CHARS = 200  # of any echoed text
MAX_ITEMS = 10  # of an echoed list or object
ELLIPSIS = "…"


# Half of a UTF-16 pair: Python's JSON reader lets one through ("\udcff"), UTF-8 cannot
# encode it, so it would break the answer that echoes it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def short_text(text: str, limit: int = MAX_CHARS) -> str:
    text = text if len(text) <= limit else text[:limit] + ELLIPSIS
    return LONE_SURROGATE.sub("\ufffd", text)


def non_finite_numbers(data, root: str = "(top level)", text: bool = False) -> list[tuple]:
    """(field, value) of every NaN or infinite number, walked without recursion; with
    ``text``, also of every string or key holding a lone surrogate."""
    found, stack = [], [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            found.append((path or root, value))
        elif text and isinstance(value, str) and LONE_SURROGATE.search(value):
            found.append((short_text(path or root), short_text(value)))
        elif text and isinstance(value, dict) and any(LONE_SURROGATE.search(k) for k in value):
            found.append((short_text(path or root), "a key that is not valid Unicode"))
        elif isinstance(value, dict):
            stack.extend((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))
    return sorted(found, key=lambda item: item[0])


def echo(value, depth: int = 0):
    """``value`` made safe to put in a JSON error body."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        # str() of a huge integer is slow and, past 4300 digits, refused by Python
        return f"(an integer of about {int(value.bit_length() * 0.30103) + 1} digits)"
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        return short_text(value)
    if depth >= 3:  # a deeply nested echo helps nobody; say what it was
        return f"({type(value).__name__})"
    if isinstance(value, dict):
        items = list(value.items())
        out = {short_text(str(key), 60): echo(item, depth + 1) for key, item in items[:MAX_ITEMS]}
        if len(items) > MAX_ITEMS:
            out[ELLIPSIS] = f"{len(items) - MAX_ITEMS} more"
        return out
    if isinstance(value, list | tuple):
        out = [echo(item, depth + 1) for item in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            out.append(f"{ELLIPSIS} {len(value) - MAX_ITEMS} more")
        return out
    return short_text(repr(value))


MAX_PROBLEMS = 50
# "allowed" may list a catalogue (sites, serums): longer than an echoed value, still bounded
TEXT_LIMITS = {"field": MAX_CHARS, "allowed": 1000, "unit": 60}


def clean_problems(problems) -> list[dict]:
    """{field, value, allowed, unit} records as they may be sent: JSON-safe and short."""
    out = []
    for problem in list(problems)[:MAX_PROBLEMS]:
        record = {key: short_text(str(problem.get(key, "")), limit)
                  for key, limit in TEXT_LIMITS.items()}
        record["value"] = echo(problem.get("value"))
        out.append({key: record[key] for key in ("field", "value", "allowed", "unit")})
    return out
