import pytest

from needlesim.errors import InputError
from needlesim.units import from_si, si, to_unit


def test_numbers_are_read_in_the_keys_unit():
    assert to_unit(1.5, "mm", "x") == 1.5


@pytest.mark.parametrize(("text", "unit", "expected"), [
    ("1.5 mm", "mm", 1.5), ("1500 um", "mm", 1.5), ("4 weeks", "day", 28.0),
    ("0.15 cm", "mm", 1.5), ("2", "mm", 2.0),
])
def test_strings_with_units(text, unit, expected):
    assert to_unit(text, unit, "x") == pytest.approx(expected)


@pytest.mark.parametrize("bad", ["three mm", "2 kg", True, None, [1]])
def test_bad_quantities(bad):
    with pytest.raises(InputError):
        to_unit(bad, "mm", "protocol.needle_length_mm")


def test_si_round_trip():
    assert si(1.5, "mm") == pytest.approx(1.5e-3)
    assert from_si(si(7.0, "h"), "h") == pytest.approx(7.0)


def test_units_work_when_the_cache_folder_cannot_be_made(tmp_path):
    """pint's definition cache lives in the user's cache folder; where that cannot be
    created, units still convert (the cache only saves start-up time)."""
    import os
    import subprocess
    import sys

    blocker = tmp_path / "a_file_not_a_folder"
    blocker.write_text("")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocker), "HOME": str(blocker)}
    code = "from needlesim.units import to_unit; print(to_unit('2 mm', 'm', 'x'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert float(out.stdout) == 0.002
