"""The scenario as JSON Schema, published as the request body of ``POST /api/runs``.

It starts from the pydantic model (``needlesim.scenario.model.Scenario``) and adds what
the model checks in code or the service adds on top, so that the description says what
the service really accepts:

* a quantity may be a number in the unit its key names or text with a unit ("4 weeks");
* sites, devices and serums come from the catalogues;
* ``[protocol] steps`` (readable sentences) may replace the protocol's keys;
* report days are 0..3650 and at most ``MAX_REPORT_DAYS``; the service solves the
  reduced transport model only;
* ``numbing_min`` only with a ``numbing`` cream (``dependentSchemas``).

What a schema cannot say stays a 422 at submission: the needle length range of the chosen
device, overrides of sessions past the last one, the simulation size (area x passes summed
over the sessions), the value of a quantity given as text, and unreadable steps.
"""

from __future__ import annotations

import copy

from needlesim.scenario.model import Scenario
from needlesim.scenario.problems import UNIT_SUFFIXES
from needlesim.web.config import MAX_REPORT_DAYS

REF = "#/components/schemas/{model}"
# pydantic writes a bound it cannot move inside an optional quantity under its own name
BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
EXAMPLES = {"mm": "1.5 mm", "day": "4 weeks", "hour": "24 h", "year": "45 years",
            "cm2": "40 cm^2", "cm/s": "2 cm/s"}
# keys the steps set themselves; the others may sit beside them
STEP_KEYS = {"sessions", "interval_days", "device", "needle_length_mm", "passes", "occluded",
             "pressure", "anti_inflammatory", "serum", "overrides"}


NUMBING_MINUTES_NEED_A_CREAM = {"anyOf": [
    {"properties": {"numbing_min": {"type": "null"}}},
    {"required": ["numbing"], "properties": {"numbing": {"type": "string"}}}]}


def _unit_of(key: str) -> str | None:
    return next((unit for suffix, unit in UNIT_SUFFIXES.items() if key.endswith(suffix)), None)


def _fix_bounds(node) -> None:
    if isinstance(node, dict):
        if node.get("type") in ("number", "integer"):
            for short, keyword in BOUNDS.items():
                if short in node:
                    node[keyword] = node.pop(short)
        for value in node.values():
            _fix_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _fix_bounds(value)


def _quantity_text(unit: str) -> dict:
    return {"type": "string", "minLength": 1,
            "description": f"a quantity with a unit convertible to {unit}, e.g. "
                           f"'{EXAMPLES.get(unit, '1 ' + unit)}' (same range as the number)"}


def _with_text(number: dict, unit: str) -> dict:
    """A number schema, or the anyOf holding it, widened to accept text with a unit."""
    if number.get("type") == "number":
        outer = {k: number.pop(k) for k in ("title", "description", "default") if k in number}
        return {**outer, "anyOf": [number, _quantity_text(unit)]}
    if "anyOf" in number and any(s.get("type") == "number" for s in number["anyOf"]):
        number["anyOf"].insert(1, _quantity_text(unit))
    return number


def _quantities(model: dict) -> None:
    for key, prop in model.get("properties", {}).items():
        unit = _unit_of(key)
        if unit is None:
            continue
        if prop.get("type") == "array" and prop.get("items", {}).get("type") == "number":
            prop["items"] = _with_text(prop["items"], unit)
        else:
            model["properties"][key] = _with_text(prop, unit)


def _one_of_names(names: list[str], optional: bool, description: str) -> dict:
    choice = {"type": "string", "enum": names}
    if optional:
        return {"anyOf": [choice, {"type": "null"}], "default": None, "description": description}
    return {**choice, "description": description}


def _catalogues(defs: dict, sites: list[str], devices: list[str], serums: list[str],
                numbings: list[str] | None) -> None:
    patient = defs["Patient"]["properties"]
    patient["site"] = {**_one_of_names(sites, False, "treated site"), "default": "cheek"}
    for name in ("Protocol", "SessionOverride"):
        props = defs[name]["properties"]
        optional = name == "SessionOverride"
        device = _one_of_names(devices, optional, "pen, roller, stamp or a catalogue device")
        props["device"] = device if optional else {**device, "default": "pen"}
        props["serum"] = _one_of_names(serums, True, "a serum or numbing cream of the catalogue")
    if numbings is not None:
        defs["Protocol"]["properties"]["numbing"] = _one_of_names(
            numbings, True, "a numbing cream of the catalogue, on intact skin before needling")
    # the cream's minutes on the skin only with a cream
    defs["Protocol"]["dependentSchemas"] = {"numbing_min": NUMBING_MINUTES_NEED_A_CREAM}


def _service_limits(defs: dict) -> None:
    days = defs["Output"]["properties"]["report_days"]
    days["maxItems"] = MAX_REPORT_DAYS
    for branch in days["items"]["anyOf"]:
        if branch.get("type") == "number":
            branch.update(minimum=0, maximum=3650)
    resolution = defs["Transport"]["properties"]["resolution"]
    resolution["enum"] = ["reduced"]
    resolution["description"] = "this service solves the reduced model only " \
                                "(`needlesim run` solves the 3D patch)"


def _steps_alternative(defs: dict) -> None:
    keys = defs["Protocol"]
    steps = {
        "type": "object",
        "title": "ProtocolSteps",
        "description": "the protocol as readable steps, e.g. ['Pen at 1.5 mm, 4 passes, then "
                       "vitamin C serum', 'Wait 4 weeks', 'Repeat 3 times']",
        "additionalProperties": False,
        "required": ["steps"],
        "properties": {
            "steps": {"anyOf": [{"type": "string", "minLength": 1},
                                {"type": "array", "minItems": 1,
                                 "items": {"type": "string", "minLength": 1}}]},
            **{k: copy.deepcopy(v) for k, v in keys["properties"].items() if k not in STEP_KEYS},
        },
        "dependentSchemas": copy.deepcopy(keys.get("dependentSchemas", {})),
    }
    defs["ProtocolKeys"] = keys
    defs["ProtocolSteps"] = steps
    defs["Protocol"] = {"title": "Protocol", "anyOf": [{"$ref": REF.format(model="ProtocolKeys")},
                                                       {"$ref": REF.format(model="ProtocolSteps")}]}


def scenario_schemas(sites: list[str], devices: list[str], serums: list[str],
                     numbings: list[str] | None = None) -> dict[str, dict]:
    """Components for the OpenAPI description: ``Scenario`` and the schemas it refers to."""
    root = Scenario.model_json_schema(ref_template=REF)
    defs = root.pop("$defs")
    defs["Scenario"] = root
    _fix_bounds(defs)
    for model in defs.values():
        _quantities(model)
    _catalogues(defs, sites, devices, serums, numbings)
    _service_limits(defs)
    _steps_alternative(defs)
    return defs


def publish(app, params) -> None:
    """Add the scenario's schemas to the app's OpenAPI description (built once, on demand)."""
    from needlesim.parameters.actives import known_actives
    from needlesim.parameters.devices import known_devices
    from needlesim.parameters.numbing import known_numbing

    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            description = build()
            schemas = description.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(scenario_schemas(list(params.sites), known_devices(params),
                                            sorted(known_actives()), sorted(known_numbing())))
        return app.openapi_schema

    app.openapi = openapi
