"""The command line explains itself: catalogues as tables, every option's default in its help."""

import argparse

import pytest

from needlesim.cli import build_parser, main


def subcommands():
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices


def test_list_devices_shows_kind_and_needle_lengths(capsys):
    assert main(["list", "devices"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "kind" in lines["name"] and "needle length [mm]" in lines["name"]
    assert lines["dermaroller_770um"].split()[1:3] == ["roller", "0.77"]
    assert lines["skinpen"].split()[1:5] == ["pen", "0.25", "to", "2.5"]
    assert lines["pen"].split()[1] == "pen" and "skinpen" in lines["pen"]


def test_list_sites_shows_layer_thicknesses(capsys):
    assert main(["list", "sites"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "[um]" in out[0]
    assert out[1].split() == ["site", "SC", "epidermis", "papillary", "reticular", "hypodermis"]
    rows = {line.split()[0]: [float(v) for v in line.split()[1:]] for line in out[2:]}
    assert "periorbital" in rows and "cheek" in rows
    assert all(len(v) == 5 and all(t > 0 for t in v) for v in rows.values())
    assert rows["periorbital"][1] < rows["back"][1]  # thin eyelid epidermis


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_option_has_help_and_shows_its_default(name):
    sub = subcommands()[name]
    text = " ".join(sub.format_help().split())
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, (name, action.dest)
        if action.option_strings and action.nargs == 0:
            continue  # a flag: off unless given
        if not action.option_strings and action.nargs not in ("?", "*"):
            continue  # a required positional
        if action.default is None:
            assert "default" in action.help, (name, action.dest)  # says what absence means
        else:
            assert f"default: {action.default}" in text, (name, action.dest)


def test_validate_json_has_help():
    validate = subcommands()["validate"]
    [json_flag] = [a for a in validate._actions if "--json" in a.option_strings]
    assert "JSON" in json_flag.help
