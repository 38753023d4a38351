"""The sourced literature tables (validation/data/channel_depths.csv and barrier_closure.csv)
keep their form: required columns, a source and a firmness on every row, numbers that parse,
units and words from fixed sets, needle lengths in range, no duplicates, whole studies split
between calibration and validation, and no package code reading them yet."""

import csv
import math
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "needlesim" / "validation" / "data"
DEPTHS = DATA / "channel_depths.csv"
CLOSURE = DATA / "barrier_closure.csv"
TABLES = {"channel_depths": DEPTHS, "barrier_closure": CLOSURE}

COMMON_COLUMNS = ["study", "year", "doi_or_url", "species", "device_kind", "device",
                  "needle_length_mm", "application", "method", "measure", "qualifier", "value",
                  "value_low", "value_high", "spread", "spread_kind", "unit", "n", "firmness",
                  "verified", "use", "note"]
REQUIRED = {
    "channel_depths": COMMON_COLUMNS + ["skin", "depth_fraction"],
    "barrier_closure": COMMON_COLUMNS + ["site", "population", "age", "occlusion"],
}
NOT_EMPTY = ["study", "doi_or_url", "species", "device_kind", "method", "measure", "qualifier",
             "value", "unit", "firmness", "verified", "use"]

FIRMNESS = {"full text", "abstract", "secondary"}
VERIFIED = {"yes", "no"}
USES = {"calibration", "validation"}
SPECIES = {"human", "porcine", "rat", "mouse", "skin_model"}
DEVICE_KINDS = {"roller", "pen", "stamp", "array", "unspecified"}
QUALIFIERS = {"mean", "point", "approx", "range_midpoint", "upper_bound", "lower_bound"}
SPREAD_KINDS = {"sd", "sem", "pm_unspecified"}
OCCLUSION = {"occluded", "uncovered", "mixed", "not_reported"}
MEASURE_UNITS = {
    "channel_depths": {"depth": "um", "surface_diameter": "um", "depth_slope": "um/mm"},
    "barrier_closure": {m: "h" for m in (
        "micropore_closure_time_h", "micropore_closure_half_life_h", "impedance_recovery_time_h",
        "tewl_recovery_time_h", "tewl_recovery_half_time_h", "pore_closure_time_h",
        "drug_delivery_window_h")},
}
NEEDLE_MM = (0.1, 3.5)
SOURCE_PREFIXES = ("doi:", "http://", "https://", "PMID ")


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def number(text: str) -> float:
    value = float(text)
    assert math.isfinite(value), text
    return value


def rows(name: str) -> list[dict[str, str]]:
    return read(TABLES[name])[1]


@pytest.mark.parametrize("name", TABLES)
def test_required_columns_are_present(name):
    header, body = read(TABLES[name])
    assert [c for c in REQUIRED[name] if c not in header] == []
    assert len(header) == len(set(header))
    assert body, f"{name} has no rows"


@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_a_source_and_words_from_the_fixed_sets(name):
    problems = []
    for i, row in enumerate(rows(name), start=2):
        where = f"{name}.csv line {i}"
        problems += [f"{where}: empty {c}" for c in NOT_EMPTY if not row[c].strip()]
        if not any(part.strip().startswith(SOURCE_PREFIXES) for part in row["doi_or_url"].split(";")):
            problems.append(f"{where}: source {row['doi_or_url']!r} is not a DOI, PMID or address")
        for column, allowed in [("firmness", FIRMNESS), ("verified", VERIFIED), ("use", USES),
                                ("species", SPECIES), ("device_kind", DEVICE_KINDS),
                                ("qualifier", QUALIFIERS)]:
            if row[column] not in allowed:
                problems.append(f"{where}: {column} {row[column]!r} not in {sorted(allowed)}")
        if row["firmness"] == "secondary" and row["verified"] != "no":
            problems.append(f"{where}: a number read only in a secondary source cannot be verified")
        if row["spread_kind"] and row["spread_kind"] not in SPREAD_KINDS:
            problems.append(f"{where}: spread_kind {row['spread_kind']!r}")
        if bool(row["spread"]) != bool(row["spread_kind"]):
            problems.append(f"{where}: spread and spread_kind go together")
        if name == "barrier_closure" and row["occlusion"] not in OCCLUSION:
            problems.append(f"{where}: occlusion {row['occlusion']!r} not in {sorted(OCCLUSION)}")
    assert problems == []


@pytest.mark.parametrize("name", TABLES)
def test_measures_and_units_come_from_the_fixed_sets(name):
    units = MEASURE_UNITS[name]
    bad = [(row["measure"], row["unit"]) for row in rows(name)
           if units.get(row["measure"]) != row["unit"]]
    assert bad == []


@pytest.mark.parametrize("name", TABLES)
def test_numbers_parse_and_ranges_are_consistent(name):
    for row in rows(name):
        value = number(row["value"])
        assert value > 0, row
        if row["spread"]:
            assert number(row["spread"]) >= 0, row
        if row["n"]:
            assert int(row["n"]) >= 1, row
        if row["year"]:
            assert 1990 <= int(row["year"]) <= 2030, row
        low, high = row["value_low"], row["value_high"]
        assert bool(low) == bool(high), row
        assert bool(low) == (row["qualifier"] == "range_midpoint"), row
        if low:
            lo, hi = number(low), number(high)
            assert 0 < lo <= value <= hi, row
            assert value == pytest.approx((lo + hi) / 2), row


@pytest.mark.parametrize("name", TABLES)
def test_needle_lengths_are_in_range_where_given(name):
    lengths = [number(row["needle_length_mm"]) for row in rows(name) if row["needle_length_mm"]]
    assert lengths, f"{name}: no needle length at all"
    assert [x for x in lengths if not NEEDLE_MM[0] <= x <= NEEDLE_MM[1]] == []


@pytest.mark.parametrize("name", TABLES)
def test_no_duplicate_rows(name):
    header, body = read(TABLES[name])
    full = [tuple(row[c] for c in header) for row in body]
    assert len(full) == len(set(full))
    without_note = [tuple(row[c] for c in header if c != "note") for row in body]
    assert len(without_note) == len(set(without_note))


def test_depth_fraction_is_depth_over_needle_length():
    for row in rows("channel_depths"):
        if row["measure"] == "depth" and row["needle_length_mm"]:
            expected = number(row["value"]) / (number(row["needle_length_mm"]) * 1000)
            assert number(row["depth_fraction"]) == pytest.approx(expected, abs=0.002), row
            assert 0 < expected <= 1.05, row
        else:
            assert row["depth_fraction"] == "", row


def test_whole_studies_are_split_between_calibration_and_validation():
    uses: dict[str, set[str]] = {}
    for name in TABLES:
        for row in rows(name):
            uses.setdefault(row["doi_or_url"], set()).add(row["use"])
    assert [source for source, u in uses.items() if len(u) != 1] == []
    counts = {use: sum(u == {use} for u in uses.values()) for use in USES}
    assert counts["validation"] >= 1
    assert counts["calibration"] >= counts["validation"]


# --- downtime.csv and dose_response.csv: clinical redness/downtime and dose-response rows ---------
# (self-contained: own constants and helpers, so the checks above and below evolve independently)

DOWNTIME = DATA / "downtime.csv"
DOSE = DATA / "dose_response.csv"
CLINICAL_TABLES = {"downtime": DOWNTIME, "dose_response": DOSE}

CLINICAL_REQUIRED = {
    "downtime": ["study", "year", "doi_or_url", "n", "population", "device_kind", "device",
                 "needle_length_mm", "passes", "site", "measure", "qualifier", "value", "value_low",
                 "value_high", "spread", "spread_kind", "unit", "firmness", "verified", "use", "note"],
    "dose_response": ["study", "year", "doi_or_url", "species", "condition", "device_kind", "device",
                      "needle_length_mm", "passes", "sessions", "interval_days", "dose_dimension",
                      "comparison", "reference_arm", "outcome", "scale", "timepoint_days", "qualifier",
                      "value", "value_low", "value_high", "spread", "spread_kind", "unit", "n",
                      "firmness", "verified", "use", "note"],
}
CLINICAL_NOT_EMPTY = {
    "downtime": ["study", "doi_or_url", "population", "device_kind", "device", "measure", "qualifier",
                 "value", "unit", "firmness", "verified", "use"],
    "dose_response": ["study", "doi_or_url", "species", "device_kind", "device", "dose_dimension",
                      "outcome", "scale", "qualifier", "value", "unit", "firmness", "verified", "use"],
}
CLINICAL_WORDS = {
    "firmness": {"full text", "abstract", "secondary"},
    "verified": {"yes", "no"},
    "use": {"calibration", "validation"},
    "device_kind": {"roller", "pen", "stamp", "array", "unspecified"},
    "qualifier": {"mean", "point", "approx", "range_midpoint", "upper_bound", "lower_bound", "max",
                  "sign"},
    "spread_kind": {"", "sd", "sem", "pm_unspecified", "ci95", "ci99"},
}
DOSE_WORDS = {
    "species": {"human", "porcine", "rat", "mouse"},
    "dose_dimension": {"needle_length", "passes", "sessions", "density", "device", "time", "none"},
    "outcome": {"collagen_density", "collagen_I", "collagen_III", "elastin_total", "epidermal_thickness",
                "dermal_density", "epidermal_density", "dermal_attenuation", "skin_elasticity",
                "scar_score", "wrinkle_score", "skin_laxity", "skin_texture", "striae_score",
                "responder_fraction", "erythema_intensity"},
    "unit": {"pct_change", "score", "score_change", "pct_improvement", "pct_patients", "sign", "ratio",
             "um"},
}
DOWNTIME_MEASURE_UNIT = {"erythema_days": "day", "downtime_days": "day", "erythema_hours": "hour"}
CLINICAL_SOURCES = SOURCE_PREFIXES
CLINICAL_NEEDLE_MM = NEEDLE_MM


def clinical_read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    return read(CLINICAL_TABLES[name])


@pytest.mark.parametrize("name", CLINICAL_TABLES)
def test_clinical_tables_have_their_columns(name):
    header, body = clinical_read(name)
    assert [c for c in CLINICAL_REQUIRED[name] if c not in header] == []
    assert len(header) == len(set(header))
    assert len(body) >= {"downtime": 15, "dose_response": 20}[name]
    assert len({row["study"] for row in body}) >= 8


@pytest.mark.parametrize("name", CLINICAL_TABLES)
def test_clinical_rows_are_sourced_and_use_the_fixed_words(name):
    problems = []
    words = CLINICAL_WORDS | (DOSE_WORDS if name == "dose_response" else {})
    for i, row in enumerate(clinical_read(name)[1], start=2):
        where = f"{name}.csv line {i}"
        problems += [f"{where}: empty {c}" for c in CLINICAL_NOT_EMPTY[name] if not row[c].strip()]
        sources = [part.strip() for part in row["doi_or_url"].split(";")]
        if not all(part.startswith(CLINICAL_SOURCES) for part in sources):
            problems.append(f"{where}: source {row['doi_or_url']!r} is not a DOI, PMID or address")
        problems += [f"{where}: {column} {row[column]!r}" for column, allowed in words.items()
                     if row[column] not in allowed]
        if row["firmness"] == "secondary" and row["verified"] != "no":
            problems.append(f"{where}: a number read only in a secondary source cannot be verified")
        if row["verified"] == "no" and not row["note"].strip():
            problems.append(f"{where}: an unverified row must say in its note what could not be checked")
        if row["spread"] and row["spread_kind"] in ("", "ci95", "ci99"):
            problems.append(f"{where}: a spread needs sd, sem or pm_unspecified")
    assert problems == []


def test_downtime_measures_and_units_come_from_the_fixed_set():
    bad = [(row["measure"], row["unit"]) for row in clinical_read("downtime")[1]
           if DOWNTIME_MEASURE_UNIT.get(row["measure"]) != row["unit"]]
    assert bad == []


@pytest.mark.parametrize("name", CLINICAL_TABLES)
def test_clinical_numbers_parse_and_ranges_are_consistent(name):
    for row in clinical_read(name)[1]:
        value = number(row["value"])
        low, high = row["value_low"], row["value_high"]
        assert bool(low) == bool(high), row
        if row["qualifier"] == "range_midpoint":
            assert low and value == pytest.approx((number(low) + number(high)) / 2), row
        if row["spread_kind"] in ("ci95", "ci99"):
            assert low and not row["spread"], row
        if low:
            assert row["qualifier"] == "range_midpoint" or row["spread_kind"] in ("ci95", "ci99"), row
            assert number(low) <= value <= number(high), row
        if row["spread"]:
            assert number(row["spread"]) >= 0, row
        if row["qualifier"] == "sign" or row["unit"] == "sign":
            assert row["qualifier"] == "sign" and row["unit"] == "sign" and value in (-1, 0, 1), row
        if row["unit"] in ("day", "hour", "ratio"):
            assert value > 0, row
        if row["unit"] == "pct_patients":
            assert 0 <= value <= 100, row
        if row["year"]:
            assert 1990 <= int(row["year"]) <= 2030, row
        if row["needle_length_mm"]:
            length = number(row["needle_length_mm"])
            assert CLINICAL_NEEDLE_MM[0] <= length <= CLINICAL_NEEDLE_MM[1], row
        for column in ("n", "passes", "sessions", "interval_days", "timepoint_days"):
            if row.get(column):
                assert int(row[column]) >= (1 if column in ("n", "passes", "interval_days") else 0), row


@pytest.mark.parametrize("name", CLINICAL_TABLES)
def test_clinical_tables_have_no_duplicate_rows(name):
    header, body = clinical_read(name)
    full = [tuple(row[c] for c in header) for row in body]
    assert len(full) == len(set(full))
    without_note = [tuple(row[c] for c in header if c != "note") for row in body]
    assert len(without_note) == len(set(without_note))


def test_clinical_tables_split_whole_studies_about_two_to_one():
    uses: dict[str, set[str]] = {}
    for name in CLINICAL_TABLES:
        for row in clinical_read(name)[1]:
            uses.setdefault(row["study"], set()).add(row["use"])
    assert [study for study, u in uses.items() if len(u) != 1] == []
    counts = {use: sum(u == {use} for u in uses.values()) for use in ("calibration", "validation")}
    assert counts["validation"] >= 1
    assert counts["calibration"] >= counts["validation"]


def test_dose_comparisons_name_their_dimension_and_reference():
    body = clinical_read("dose_response")[1]
    dimensions: dict[str, set[str]] = {}
    for row in body:
        if row["reference_arm"]:
            assert row["comparison"] and row["dose_dimension"] not in ("none", "time"), row
            key = row["reference_arm"].split("=")[0]
            assert key in ("needle_length_mm", "passes", "sessions", "device_kind"), row
        if row["comparison"]:
            dimensions.setdefault(row["comparison"], set()).add(row["dose_dimension"])
        else:
            assert row["dose_dimension"] == "none", row
    assert [c for c, d in dimensions.items() if len(d) != 1 or d & {"none"}] == []
    covered = {d for ds in dimensions.values() for d in ds}
    assert {"needle_length", "sessions", "device"} <= covered


# --- all four tables -------------------------------------------------------------------------

ALL_TABLES = {**TABLES, **CLINICAL_TABLES}


def test_the_tables_cite_original_studies_and_are_not_read_by_package_code_yet():
    for path in ALL_TABLES.values():
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "shared/" not in text
    readers = [str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py")
               if any(t.name in p.read_text(encoding="utf-8") for t in ALL_TABLES.values())]
    assert readers == []


def test_the_readme_describes_every_column():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert all(f"## {path.name}" in readme for path in CLINICAL_TABLES.values())
    columns = {c for path in ALL_TABLES.values() for c in read(path)[0]}
    assert sorted(c for c in columns if f"`{c}`" not in readme) == []
