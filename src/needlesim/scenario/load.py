"""Read scenarios from TOML files or dicts, and the built-in default."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from needlesim.errors import InputError, input_error
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.scenario.check import check_catalogue
from needlesim.scenario.model import Scenario
from needlesim.scenario.problems import problems_from
from needlesim.scenario.read import check_nesting, read_text_file
from needlesim.scenario.sentences import protocol_from_steps
from needlesim.scenario.slug import slugify

DEFAULT_SCENARIO = "default.toml"


def build_scenario(data: dict, params: ParameterSet | None = None) -> Scenario:
    """Validate a scenario given as a dict (the TOML structure) and return it typed."""
    if not isinstance(data, dict):
        raise input_error("scenario", type(data).__name__, "a table of keys (TOML or JSON object)")
    check_nesting(data)
    data = _with_steps(data, params)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, Scenario)) from None
    check_catalogue(scenario, params or default_parameters())
    return scenario


def _with_steps(data: dict, params: ParameterSet | None) -> dict:
    """``[protocol] steps = [...]`` (readable sentences) turned into the protocol keys."""
    protocol = data.get("protocol")
    if not isinstance(protocol, dict) or "steps" not in protocol:
        return data

    rest = {k: v for k, v in protocol.items() if k != "steps"}
    keys = protocol_from_steps(protocol["steps"], (params or default_parameters()).device_names)
    clash = sorted(set(rest) & set(keys))
    if clash:
        raise input_error(f"protocol.{clash[0]}", rest[clash[0]],
                          "either steps or this key (the steps already set it)")
    return {**data, "protocol": {**keys, **rest}}


def parse_toml(text: str, source: str = "scenario") -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise input_error(source, "TOML text", f"valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        raise input_error(source, "TOML text", "arrays and tables nested a few levels deep "
                          "(this text nests hundreds)") from None


def load_scenario(path: str | Path, params: ParameterSet | None = None) -> Scenario:
    path = Path(path)
    data = parse_toml(read_text_file(path, "scenario file"), str(path))
    if "name" not in data:  # the file's stem, made a safe folder name ("my scenario" -> my_scenario)
        data = {**data, "name": slugify(path.stem)}
    return build_scenario(data, params)


def default_scenario_text() -> str:
    return (resources.files("needlesim.scenario") / DEFAULT_SCENARIO).read_text(encoding="utf-8")


def default_scenario(params: ParameterSet | None = None) -> Scenario:
    return build_scenario(parse_toml(default_scenario_text(), "default scenario"), params)
