"""Protocols written as readable steps (scenario/sentences.py)."""

import pytest

from needlesim.errors import InputError
from needlesim.scenario import build_scenario, session_plan
from needlesim.scenario.sentences import protocol_from_steps

PATIENT = {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"}


def scenario(steps, **protocol):
    return build_scenario({"patient": PATIENT, "protocol": {"steps": steps, **protocol}})


def test_the_issue_example_gives_the_same_protocol_as_the_keys():
    from_steps = scenario(["Pen at 1.5 mm, 4 passes, then vitamin C serum", "Wait 4 weeks",
                           "Repeat 3 times"])
    from_keys = build_scenario({"patient": PATIENT, "protocol": {
        "sessions": 3, "interval_days": "4 weeks", "device": "pen", "needle_length_mm": 1.5,
        "passes": 4, "serum": "vitamin_c"}})
    assert from_steps.protocol == from_keys.protocol
    assert session_plan(from_steps.protocol) == session_plan(from_keys.protocol)


def test_roller_occluded_and_units():
    keys = protocol_from_steps(["Roller 0.5 mm, 10 passes, occluded"])
    assert keys["device"] == "roller" and keys["needle_length_mm"] == pytest.approx(0.5)
    assert keys["passes"] == 10 and keys["occluded"] is True and keys["sessions"] == 1
    assert protocol_from_steps(["Pen at 500 um"])["needle_length_mm"] == pytest.approx(0.5)
    assert protocol_from_steps(["pen 1 mm", "wait 1 month", "pen"])["interval_days"] == \
        pytest.approx(30.4, abs=0.1)


def test_sessions_that_differ_become_overrides():
    s = scenario(["Roller 0.5 mm, 10 passes, occluded", "Wait 2 weeks",
                  "Pen at 1.5 mm, then hyaluronic acid serum", "Wait 14 days",
                  "skinpen, firm pressure, NSAID"])
    plan = session_plan(s.protocol)
    assert [p.device for p in plan] == ["roller", "pen", "skinpen"]
    assert [p.day for p in plan] == [0.0, 14.0, 28.0]
    assert [p.serum for p in plan] == [None, "hyaluronic_acid", None]
    assert [p.occluded for p in plan] == [True, False, False]
    assert plan[2].needle_length_m == pytest.approx(1.5e-3)  # keeps the depth before it
    assert plan[2].pressure == "firm" and plan[2].anti_inflammatory
    assert plan[0].passes == 10 and plan[1].passes == 4


def test_repeat_more_and_once():
    assert protocol_from_steps(["Pen 1 mm", "Wait 2 weeks", "Repeat 2 more times"])["sessions"] == 3
    assert protocol_from_steps(["Pen 1 mm", "Wait 2 weeks", "repeat once"])["sessions"] == 2
    blocks = ["Pen 1 mm", "Wait 2 weeks", "Repeat 2 times", "Pen 0.5 mm", "Wait 2 weeks",
              "Repeat twice"]
    assert protocol_from_steps(blocks)["sessions"] == 4


@pytest.mark.parametrize("steps, index, word", [
    (["Laser at 2 mm"], 0, "laser"),
    (["Pen at 1.5 mm, 4 pases"], 0, "pases"),
    (["Pen at 1.5 mm, then glycolic acid"], 0, "glycolic"),
    (["Pen 1 mm", "Wait a while"], 1, "wait"),
    (["Pen 1 mm", "Repeat often"], 1, "repeat"),
])
def test_unreadable_sentences_name_the_sentence_and_the_word(steps, index, word):
    with pytest.raises(InputError) as caught:
        protocol_from_steps(steps)
    problem = caught.value.problems[0]
    assert set(problem) == {"field", "value", "allowed", "unit"}
    assert problem["field"] == f"protocol.steps[{index}]"
    assert problem["value"] == steps[index]
    assert repr(word) in problem["allowed"]


def test_structural_errors():
    with pytest.raises(InputError, match="Wait"):
        protocol_from_steps(["Pen 1 mm", "Pen 1 mm"])
    with pytest.raises(InputError, match="same wait") as caught:
        protocol_from_steps(["Pen 1 mm", "wait 2 weeks", "pen", "wait 3 weeks", "pen"])
    assert caught.value.problems[0]["unit"] == "day"
    with pytest.raises(InputError, match="depth"):
        protocol_from_steps(["Pen, 4 passes"])
    with pytest.raises(InputError):
        protocol_from_steps([])


def test_steps_and_keys_cannot_both_set_a_key_and_ranges_still_apply():
    with pytest.raises(InputError) as caught:
        scenario(["Pen at 1.5 mm"], needle_length_mm=1.0)
    assert caught.value.problems[0]["field"] == "protocol.needle_length_mm"
    assert scenario(["Pen at 1.5 mm"], overlap_fraction=0.2).protocol.overlap_fraction == 0.2
    with pytest.raises(InputError) as caught:
        scenario(["Pen at 9 mm"])
    assert caught.value.problems[0]["field"] == "protocol.needle_length_mm"


def refused(steps) -> dict:
    with pytest.raises(InputError) as caught:
        protocol_from_steps(steps)
    return caught.value.problems[0]


@pytest.mark.parametrize("sentence, read, unread", [
    ("Pen at 1.5 mm, 4 passes at home", "4 passes", "at home"),
    ("Roller 0.5 mm, occluded overnight", "occluded", "overnight"),
    ("Pen 1 mm, firm pressure please", "firm pressure", "please"),
])
def test_the_part_that_could_not_be_read_is_named_with_the_accepted_forms(sentence, read, unread):
    allowed = refused([sentence])["allowed"]
    assert f"read {read!r} but not {unread!r}" in allowed
    assert f"at the word {unread.split()[0]!r}" in allowed
    assert "'N passes'" in allowed and "'1.5 mm'" in allowed  # the accepted forms


def test_a_depth_without_a_unit():
    assert "needs its unit" in refused(["Pen at 1.5"])["allowed"]


def test_a_decimal_comma_is_refused_not_split():
    problem = refused(["Pen at 1,5 mm, 4 passes"])
    assert problem["field"] == "protocol.steps[0]" and "'1.5'" in problem["allowed"]
    assert protocol_from_steps(["Pen 1 mm,4 passes"])["passes"] == 4  # a comma between parts


def test_brand_names_and_spacing_as_in_the_catalogue():
    keys = protocol_from_steps(["DermaPen at 1 mm, then Vitamin-C serum", "Wait 2 weeks",
                                "Home Roller 0.3 mm"])
    overrides = {o["session"]: o for o in keys["overrides"]}
    assert keys["device"] == "dermapen_2012" and overrides[1]["serum"] == "vitamin_c"
    assert overrides[2]["device"] == "home_roller"


@pytest.mark.parametrize("steps, field, fragment", [
    (5, "protocol.steps", "a list"),
    ({"Pen 1 mm": 1}, "protocol.steps", "a list"),
    (["Pen 1 mm"] * 101, "protocol.steps", "a list of 1 to 100"),
    (["Pen " + "1" * 300 + " mm"], "protocol.steps[0]", "at most 200 characters"),
    (["Pen 1 mm", "Wait 1 week", "Repeat 1000000000 times"], "protocol.steps[2]", "at most 24"),
    (["Pen 1 mm", "Wait 1 week", "Repeat 5 times", "Pen 1 mm", "Wait 1 week", "Repeat 20 times"],
     "protocol.steps[5]", "at most 24"),
])
def test_malformed_or_oversized_steps_are_refused_early(steps, field, fragment):
    problem = refused(steps)
    assert problem["field"] == field and fragment in problem["allowed"]
