import pandas as pd

from needlesim.cohort.figures import write_figures


def test_an_output_that_does_not_vary_still_gets_a_figure(tmp_path):
    table = pd.DataFrame({
        "arm": ["a", "a", "b", "b"], "day": [90, 90, 90, 90], "patient": [0, 1, 0, 1],
        "downtime_days": [3.0, 3.0 + 1e-13, 3.0, 3.0],
    })
    paths = write_figures(table, tmp_path, ["a", "b"])
    assert paths and all(p.exists() for p in paths)
