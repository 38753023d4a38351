"""Protocols written as readable steps, parsed once into the typed :class:`Protocol` keys.

Three kinds of step, one per sentence (case does not matter; commas, "then", "and" and
"with" separate the parts of a session):

* a session: ``"Pen at 1.5 mm, 4 passes, then vitamin C serum"``,
  ``"Roller 0.5 mm, 10 passes, occluded"``, ``"skinpen 1 mm, firm pressure, NSAID"``.
  It starts with a device (pen, roller, stamp or a catalogue name such as
  ``dermaroller_770um``, "home roller" or "Dermapen", matched as in the TOML keys by
  ``names.py``); then, in any order: a depth (``1.5 mm``,
  ``at 500 um``), ``N passes``, ``occluded`` / ``uncovered``, ``light|moderate|firm
  pressure``, ``NSAID`` (a topical anti-inflammatory after the session) and a serum from
  the actives library (``vitamin C serum``, ``with hyaluronic acid``). A session without a
  depth keeps the depth of the session before it.
* a wait: ``"Wait 4 weeks"``, ``"wait 28 days"``, ``"wait 1 month"``.
* a repeat: ``"Repeat 3 times"`` does the steps so far (since the last repeat) three times
  in all; ``"Repeat 2 more times"`` adds two more rounds; ``"repeat once"`` = one more.

The result is the dict of ``[protocol]`` keys (``sessions``, ``interval_days``, the first
session's settings, and ``overrides`` for the sessions that differ), validated afterwards
like any scenario. The scenario model has one interval, so the waits between sessions must
be equal (a wait after the last session is ignored).
"""

from __future__ import annotations

import re

from needlesim.errors import InputError
from needlesim.parameters import default_parameters
from needlesim.parameters.devices import device_aliases
from needlesim.scenario.model import MAX_SESSIONS
from needlesim.scenario.names import lookup, resolve, serum_table
from needlesim.units import to_unit

KINDS = ("pen", "roller", "stamp")
SETTING_DEFAULTS = {"passes": 4, "occluded": False, "pressure": "moderate",
                    "anti_inflammatory": False, "serum": None}
# Bounds that keep a typo ("Repeat 1000000 times") from building a huge list first.
MAX_STEPS = 100
MAX_SENTENCE = 200
NUMBER = r"(\d{1,9}(?:\.\d{1,9})?)"
DECIMAL_COMMA = re.compile(r"\d,\d")
BARE_DEPTH = re.compile(rf"^(?:at\s+|to\s+)?{NUMBER}$")
DEPTH = re.compile(rf"^(?:at\s+|to\s+)?{NUMBER}\s*(mm|millimetres?|millimeters?|um|µm|microns?)$")
PASSES = re.compile(r"^(\d+)\s+pass(?:es)?$")
WAIT = re.compile(rf"^wait\s+(?:for\s+)?{NUMBER}\s*(days?|weeks?|months?)$")
REPEAT = re.compile(r"^repeat\s+(once|twice|\d+)(\s+more)?(?:\s+times?)?$")
PRESSURE = re.compile(r"^(light|moderate|firm)(?:\s+pressure)?$")
OCCLUDED = {"occluded": True, "under a dressing": True, "under dressing": True, "covered": True,
            "dressing": True, "uncovered": False, "not occluded": False, "open": False}
NSAID = {"nsaid", "topical nsaid", "diclofenac", "anti-inflammatory", "anti inflammatory"}
UNIT_WORDS = {"um": "um", "µm": "um", "micron": "um", "microns": "um"}
SESSION_HELP = ("a session such as 'Pen at 1.5 mm, 4 passes, then vitamin C serum', "
                "'Wait 4 weeks' or 'Repeat 3 times'")
PART_HELP = ("the parts of a session, separated by commas, 'then', 'and' or 'with', are: a depth"
             " ('1.5 mm', 'at 500 um'), 'N passes', 'occluded' or 'uncovered', 'light|moderate|"
             "firm pressure', 'NSAID', or a serum of the actives library (e.g. 'vitamin C serum';"
             " see `needlesim list serums`)")


def _problem(index: int, sentence: str, allowed: str, unit: str = "") -> InputError:
    return InputError([{"field": f"protocol.steps[{index}]", "value": sentence,
                        "allowed": allowed, "unit": unit}])


def _device(words: list[str], devices: list[str]) -> tuple[str, int] | None:
    """The device named by the first one or two words, and how many words it took."""
    table = lookup(KINDS + tuple(devices), device_aliases())
    for take in (2, 1):
        name = resolve(" ".join(words[:take]), table)
        if name is not None:
            return name, take
    return None


def _serum(text: str) -> str | None:
    name = re.sub(r"^(?:then|with|apply|applied)\s+", "", text)
    name = re.sub(r"\s+(?:serum|solution|cream|gel)$", "", name).strip()
    return resolve(name, serum_table())


def _part(clause: str) -> dict | None:
    """The settings one part of a session sets, or None if it is not a part."""
    if m := DEPTH.match(clause):
        unit = UNIT_WORDS.get(m.group(2), "mm")
        return {"needle_length_mm": to_unit(f"{m.group(1)} {unit}", "mm", field="")}
    if m := PASSES.match(clause):
        return {"passes": int(m.group(1))}
    if m := PRESSURE.match(clause):
        return {"pressure": m.group(1)}
    if clause in OCCLUDED:
        return {"occluded": OCCLUDED[clause]}
    if clause.removeprefix("with ").removeprefix("then ") in NSAID:
        return {"anti_inflammatory": True}
    if serum := _serum(clause):
        return {"serum": serum}
    return None


def _unreadable(clause: str) -> str:
    """Which part of ``clause`` could not be read: the words after the longest start that
    reads as a part ("4 passes at home": 'at home'), else the first word that is no number."""
    words = clause.split()
    for take in range(len(words) - 1, 0, -1):
        if _part(" ".join(words[:take])) is not None:
            rest = " ".join(words[take:])
            return (f"read {' '.join(words[:take])!r} but not {rest!r} (at the word "
                    f"{words[take]!r}; start a new part after a comma)")
    if BARE_DEPTH.match(clause):
        return f"could not read {clause!r}: a depth needs its unit, e.g. '1.5 mm'"
    words_left = [w for w in words if not re.fullmatch(NUMBER, w)]
    word = words_left[0] if words_left else clause
    return f"could not read {clause!r} (at the word {word!r})"


def _clauses(text: str) -> list[str]:
    text = re.sub(r"\s+(?:then|and)\s+", ",", text)
    text = re.sub(r"\s+with\s+", ",with ", text)
    return [c.strip() for c in text.split(",") if c.strip()]


def parse_session(index: int, sentence: str, devices: list[str]) -> dict:
    text = sentence.strip().rstrip(".").lower()
    words = text.replace(",", " , ").split()
    found = _device(words, devices)
    if found is None:
        allowed = (f"could not read the word {words[0] if words else ''!r}: a step starts with"
                   f" a device ({', '.join(KINDS + tuple(devices))}), 'wait' or 'repeat'; "
                   + SESSION_HELP)
        raise _problem(index, sentence, allowed)
    device, used = found
    settings: dict = {"device": device}
    rest = " ".join(words[used:])
    for clause in _clauses(rest):
        part = _part(clause)
        if part is None:
            raise _problem(index, sentence, f"{_unreadable(clause)}; {PART_HELP}")
        settings.update(part)
    return settings


def _resolve_sessions(steps: list[str], devices: list[str]) -> list:
    """Expand the steps into a list of ("session", index, settings) and ("wait", index, days)."""
    items: list = []
    block_start = 0
    for index, sentence in enumerate(steps):
        if not isinstance(sentence, str):
            raise _problem(index, sentence, "a sentence (text)")
        if len(sentence) > MAX_SENTENCE:
            raise _problem(index, sentence[:60] + "...", f"a sentence of at most {MAX_SENTENCE} "
                           "characters")
        if m := DECIMAL_COMMA.search(sentence):
            raise _problem(index, sentence, "a decimal point, not a comma: "
                           f"{m.group().replace(',', '.')!r} (a comma separates the parts)")
        text = re.sub(r"\s+", " ", sentence.strip().rstrip(".").lower())
        if m := WAIT.match(text):
            days = to_unit(f"{m.group(1)} {m.group(2)}", "day", field=f"protocol.steps[{index}]")
            items.append(("wait", index, days))
        elif m := REPEAT.match(text):
            count = {"once": 1, "twice": 2}.get(m.group(1)) or int(m.group(1))
            block = items[block_start:]
            if not any(kind == "session" for kind, _, _ in block):
                raise _problem(index, sentence, "a repeat after at least one session")
            more = count if (m.group(2) or m.group(1) == "once") else count - 1
            if more < 0 or count < 1:
                raise _problem(index, sentence, "a repeat count of at least 1", "")
            done = sum(kind == "session" for kind, _, _ in items)
            if done + more * sum(kind == "session" for kind, _, _ in block) > MAX_SESSIONS:
                raise _problem(index, sentence, f"at most {MAX_SESSIONS} sessions in all (the "
                               "steps so far with their repeats)")
            items.extend(block * more)
            block_start = len(items)
        elif text.startswith(("wait", "repeat")):
            word = text.split()[0]
            example = ("'Wait 4 weeks' (days, weeks or months)" if word == "wait"
                       else "'Repeat 3 times', 'Repeat 2 more times' or 'Repeat once'")
            raise _problem(index, sentence, f"could not read the step after {word!r}: write it as"
                           f" {example}")
        else:
            items.append(("session", index, parse_session(index, sentence, devices)))
    return items


def protocol_from_steps(steps: list[str], devices: list[str] | None = None) -> dict:
    """The ``[protocol]`` keys for a list of step sentences."""
    if devices is None:

        devices = default_parameters().device_names
    if isinstance(steps, str):
        steps = [steps]
    if not isinstance(steps, (list, tuple)) or len(steps) > MAX_STEPS:
        shown = f"{len(steps)} steps" if isinstance(steps, (list, tuple)) else steps
        raise InputError([{"field": "protocol.steps", "value": shown, "unit": "",
                           "allowed": f"a list of 1 to {MAX_STEPS} sentences, e.g. ["
                           "'Pen at 1.5 mm', 'Wait 4 weeks', 'Repeat 3 times']"}])
    if not steps:
        raise InputError([{"field": "protocol.steps", "value": steps,
                           "allowed": "at least one step, e.g. " + SESSION_HELP, "unit": ""}])
    items = _resolve_sessions(list(steps), list(devices))
    sessions, waits, pending = [], [], None
    for kind, index, value in items:
        if kind == "wait":
            pending = (index, (pending[1] if pending else 0.0) + value)
            continue
        if sessions:
            if pending is None:
                raise _problem(index, steps[index], "a 'Wait ...' step before this session (the"
                               " time between sessions)")
            waits.append(pending)
        settings = dict(value)
        if "needle_length_mm" not in settings:
            if not sessions:
                raise _problem(index, steps[index], "a depth for the first session, e.g. "
                               "'Pen at 1.5 mm'", "mm")
            settings["needle_length_mm"] = sessions[-1]["needle_length_mm"]
        sessions.append({**SETTING_DEFAULTS, **settings})
        pending = None
    if not sessions:
        raise InputError([{"field": "protocol.steps", "value": list(steps),
                           "allowed": "at least one session, e.g. " + SESSION_HELP, "unit": ""}])
    intervals = {round(days, 9) for _, days in waits}
    if len(intervals) > 1:
        index = next(i for i, days in waits if round(days, 9) != round(waits[0][1], 9))
        raise _problem(index, steps[index], f"the same wait between all sessions ({waits[0][1]:g}"
                       " days before); the scenario has one interval", "day")
    protocol = {"sessions": len(sessions), "interval_days": waits[0][1] if waits else 28.0}
    base = dict(sessions[0])
    if any(s["serum"] is None for s in sessions):
        base["serum"] = None  # sessions with a serum add it by override
    protocol.update({k: v for k, v in base.items() if v is not None})
    overrides = []
    for number, settings in enumerate(sessions, start=1):
        changed = {k: v for k, v in settings.items() if v is not None and v != base.get(k)}
        if changed:
            overrides.append({"session": number, **changed})
    if overrides:
        protocol["overrides"] = overrides
    return protocol
