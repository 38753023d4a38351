"""Scenario files as bytes on disk, and scenario names as report folder names."""

from pathlib import Path

import pytest

from needlesim.errors import InputError
from needlesim.scenario import build_scenario, default_scenario_text, load_scenario
from needlesim.scenario.read import MAX_BYTES, MAX_DEPTH, nesting_depth
from needlesim.scenario.slug import slugify

DEFAULT = default_scenario_text()


def refused(path_or_data) -> dict:
    with pytest.raises(InputError) as caught:
        if isinstance(path_or_data, Path):
            load_scenario(path_or_data)
        else:
            build_scenario(path_or_data)
    return caught.value.problems[0]


def without_name(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("name ="))


@pytest.mark.parametrize("name", ["..", ".", "...", "a/b", "a\\b", "/etc", "", "my run", "café",
                                  "a" * 101, 5, None])
def test_unsafe_names_are_refused(scenario_dict, name):
    problem = refused({**scenario_dict, "name": name})
    assert problem["field"] == "name" and "letters" in problem["allowed"]


@pytest.mark.parametrize("name", ["pen_cheek_1.5mm", "A-b.c", ".hidden", "a" * 100])
def test_safe_names_are_kept(scenario_dict, name):
    assert build_scenario({**scenario_dict, "name": name}).name == name


@pytest.mark.parametrize("stem, name", [("my scenario", "my_scenario"), ("Été 2024", "Ete_2024"),
                                         ("..", "scenario"), ("a b/c", "a_b_c")])
def test_slugify(stem, name):
    assert slugify(stem) == name


def test_a_file_without_a_name_is_named_by_its_safe_stem(tmp_path):
    for file, name in (("my scenario.toml", "my_scenario"), ("...toml", "scenario")):
        (tmp_path / file).write_text(without_name(DEFAULT))
        assert load_scenario(tmp_path / file).name == name


def test_a_name_written_in_the_file_wins_over_the_stem(tmp_path):
    path = tmp_path / "other.toml"
    path.write_text('name = "scenario"\n' + without_name(DEFAULT))
    assert load_scenario(path).name == "scenario"


def test_not_utf8_names_the_file(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(without_name(DEFAULT).encode() + '\nname = "café"\n'.encode("latin-1"))
    problem = refused(path)
    assert problem["field"] == "scenario file" and problem["value"] == str(path)
    assert "UTF-8 text" in problem["allowed"]


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + DEFAULT.encode())
    assert load_scenario(path).protocol.sessions == 4


def test_folder_unreadable_and_huge_files(tmp_path, monkeypatch):
    assert "folder" in refused(tmp_path)["allowed"]
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"#" * (MAX_BYTES + 1))
    assert "at most" in refused(huge)["allowed"]
    locked = tmp_path / "locked.toml"
    locked.write_text(DEFAULT)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    problem = refused(locked)
    assert problem["field"] == "scenario file" and "readable" in problem["allowed"]


def test_deep_toml_is_an_input_error(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000)
    problem = refused(path)
    assert problem["field"] == str(path) and "nested" in problem["allowed"]


def test_deep_data_is_refused_without_recursion(scenario_dict):
    deep: list = []
    for _ in range(200_000):
        deep = [deep]
    assert nesting_depth(deep) == MAX_DEPTH + 1  # stops walking once too deep
    problem = refused({**scenario_dict, "output": {"report_days": deep}})
    assert problem["field"] == "scenario" and "nested" in problem["allowed"]


def test_a_top_level_list_is_refused():
    assert refused([1, 2])["field"] == "scenario"
