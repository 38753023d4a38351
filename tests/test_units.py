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
