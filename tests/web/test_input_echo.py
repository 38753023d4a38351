"""Bodies that strict JSON cannot answer with: NaN and infinities, huge values, deep nesting.
Each gets a 422 that names the field, with what it echoes short and valid JSON."""

from __future__ import annotations

import json

import pytest
from test_api import problems
from web_helpers import small_scenario

from needlesim.web.echo import MAX_CHARS, echo, non_finite_numbers


def post_text(client, text: str | bytes):
    body = text.encode() if isinstance(text, str) else text
    return client.post("/api/runs", content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize("literal, spelled", [("NaN", "NaN"), ("Infinity", "Infinity"),
                                              ("-Infinity", "-Infinity"), ("1e999", "Infinity")])
def test_non_finite_number_is_a_422_naming_the_field(client, literal, spelled):
    text = json.dumps(small_scenario()).replace('"age_years": 40', f'"age_years": {literal}')
    assert literal in text
    response = post_text(client, text)
    [problem] = problems(response)
    assert problem["field"] == "patient.age_years" and problem["unit"] == "year"
    assert problem["value"] == spelled and "finite" in problem["allowed"]
    json.loads(response.text)  # strict JSON: no bare NaN in the answer


def test_non_finite_numbers_anywhere_are_all_named(client):
    text = json.dumps(small_scenario()).replace('"report_days": [30, 90]',
                                                '"report_days": [30, NaN], "x": -Infinity')
    fields = {p["field"] for p in problems(post_text(client, text))}
    assert fields == {"output.report_days[1]", "output.x"}


def test_non_finite_quantity_text_is_a_422_not_a_500(client):
    for text in ("nan mm", "inf mm", "1e999 mm"):
        scenario = small_scenario(needle_length_mm=text)
        response = client.post("/api/runs", json=scenario)
        assert problems(response)[0]["field"] == "protocol.needle_length_mm", text


def test_long_values_are_echoed_cut_short(client):
    scenario = small_scenario()
    scenario["patient"]["site"] = "s" * 60_000
    [problem] = problems(client.post("/api/runs", json=scenario))
    assert problem["field"] == "patient.site"
    assert problem["value"] == "s" * MAX_CHARS + "…"
    long_key = dict(small_scenario(), **{"k" * 50_000: 1})
    response = client.post("/api/runs", json=long_key)
    assert len(response.content) < 4000
    assert all(len(p["field"]) <= MAX_CHARS + 1 for p in problems(response))


def test_lone_surrogates_are_echoed_as_valid_text(client):
    text = json.dumps(small_scenario()).replace('"cheek"', '"\\udcff"')
    [problem] = problems(post_text(client, text))
    assert problem["field"] == "patient.site" and problem["value"] == "\ufffd"
    assert problem["allowed"] == "valid Unicode text"


def test_deep_nesting_and_bad_bodies_are_422(client):
    for text in ("[" * 20_000, "{not json", b'"\xed\xb3\xbf"', b"\xff\xfe{"):
        [problem] = problems(post_text(client, text))
        assert problem["field"] == "request body"
    form = client.post("/api/runs", content=b"a=1",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert problems(form)[0]["allowed"] == "application/json"


def test_echo_is_strict_json_and_short():
    value = {"a": float("nan"), "b": [float("inf")] * 30, "c": "x" * 1000, "d": 10**5000,
             "e": {"f": {"g": {"h": 1}}}}
    out = echo(value)
    text = json.dumps(out, allow_nan=False)
    assert out["a"] == "NaN" and out["b"][0] == "Infinity" and len(out["b"]) == 11
    assert out["c"].endswith("…") and "digits" in out["d"] and len(text) < 1000
    assert non_finite_numbers({"a": [1.0, float("-inf")]}) == [("a[1]", float("-inf"))]
