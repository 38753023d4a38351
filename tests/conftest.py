import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def scenario_dict():
    """A valid scenario as the TOML structure; tests change one field at a time."""
    return {
        "seed": 3,
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 2, "interval_days": 28, "device": "pen",
                     "needle_length_mm": 1.0, "passes": 2, "area_cm2": 4},
        "output": {"report_days": [30, 90]},
    }
