"""Scenario names, which become folder names (``needlesim-report/{name}``).

A name is a slug: ASCII letters, digits, ``-``, ``_`` and ``.``, so it can never climb out
of the report folder (``..``), name a hidden parent or carry a path separator.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 100
FALLBACK_NAME = "scenario"
# At least one character that is not a dot; written without look-ahead so that the same
# pattern serves pydantic (Rust regex) and the published JSON Schema.
NAME_PATTERN = r"^[A-Za-z0-9._-]*[A-Za-z0-9_-][A-Za-z0-9._-]*$"
NAME_RULE = (f"1 to {MAX_NAME_LENGTH} letters (a-z, A-Z), digits, '-', '_' or '.', not only dots"
             " (it names the report folder), e.g. 'pen_cheek_1.5mm'")


def is_safe_name(name: object) -> bool:
    return (isinstance(name, str) and len(name) <= MAX_NAME_LENGTH
            and re.fullmatch(NAME_PATTERN, name) is not None)


def slugify(text: str) -> str:
    """A safe name made from free text (a file's stem): accents dropped, other runs of
    characters outside the slug alphabet turned into one '_'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text).strip("_")[:MAX_NAME_LENGTH]
    return slug if is_safe_name(slug) else FALLBACK_NAME
