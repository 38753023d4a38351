"""The docs stand on their own and say what the code does: the README's Python example runs,
no page points outside the repository, and docs/summary.md lists every summary key."""

import re
from pathlib import Path

import pytest

from needlesim.scenario import default_scenario
from needlesim.simulation import Simulation

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = ("../shared", "DESIGN.md")  # the design notes are not part of the repository


def readme_python() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_python_example_runs_and_reads_the_groups_back(tmp_path, monkeypatch):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(compile(readme_python(), "README.md", "exec"), names)
    assert (tmp_path / "out.nc").is_file()
    assert "barrier_resealed_fraction" in names["barrier"]
    assert names["barrier"].barrier_resealed_fraction.dims == ("session", "time_h")
    assert "depth_mean_m" in names["sessions"]
    assert {"skin", "sessions", "barrier"} <= set(names["tree"].children)


def test_no_file_points_outside_the_repository():
    files = [ROOT / "README.md", *(ROOT / "docs").rglob("*"), *(ROOT / "src").rglob("*")]
    offenders = []
    for path in files:
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [f"{path.relative_to(ROOT)}: {word}" for word in OUTSIDE if word in text]
    assert offenders == []


def documented_form(key: str) -> str:
    """``delivery.vitamin_c.x`` -> ``delivery.<serum>.x``; ``at_day.90.interval_90.y`` ->
    ``at_day.<day>.interval_90.<key>``: the forms docs/summary.md uses."""
    parts = key.split(".")
    if parts[0] == "delivery" and len(parts) > 2:
        parts[1] = "<serum>"
    if parts[0] == "at_day" and len(parts) > 2:
        parts[1] = "<day>"
        if parts[2] == "interval_90":
            parts[3:] = ["<key>"]
    return ".".join(parts)


def leaf_keys(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_keys(item, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix


@pytest.mark.slow
def test_every_key_of_the_default_run_is_documented():
    summary = Simulation(default_scenario()).run().summary()
    page = (ROOT / "docs" / "summary.md").read_text(encoding="utf-8")
    keys = sorted({documented_form(k) for k in leaf_keys(summary)})
    assert len(keys) > 50
    missing = [k for k in keys if f"`{k}`" not in page]
    assert missing == []
    # the report's table labels every one of them in plain words (none falls back to a key)
    from needlesim.report.summary_labels import OTHER
    from needlesim.report.summary_table import table_groups

    assert OTHER not in [group for group, _ in table_groups(summary)]
