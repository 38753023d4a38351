"""Same seed, same table: whatever the number of workers or the chunking."""

import dataclasses

import pandas as pd
import pytest

from needlesim.cohort import run_cohort, simulate_cohort


def test_reference_table_is_tidy(reference_table, tiny_spec):
    table = reference_table
    assert len(table) == tiny_spec.patients * len(tiny_spec.arms) * len(tiny_spec.report_days)
    assert not table.duplicated(["patient", "arm", "day"]).any()
    assert (table["error"] == "").all()
    for column in ("age_years", "sex", "fitzpatrick", "param.closure_uncovered_factor",
                   "channels.depth_um_mean", "barrier.recovery_h"):
        assert column in table
    deep = table[table.arm == "deep"]["channels.depth_um_mean"].to_numpy()
    shallow = table[table.arm == "shallow"]["channels.depth_um_mean"].to_numpy()
    assert (deep > shallow).all()


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_dask_workers_give_the_reference_table(workers, tiny_spec, reference_table, tmp_path):
    table = simulate_cohort(tiny_spec, tmp_path, workers=workers, progress=False)
    pd.testing.assert_frame_equal(table, reference_table)


def test_chunking_does_not_change_the_table(tiny_spec, reference_table, tmp_path):
    other = dataclasses.replace(tiny_spec, chunk_size=3)
    table = simulate_cohort(other, tmp_path, workers=0, progress=False)
    pd.testing.assert_frame_equal(table[reference_table.columns], reference_table)


def test_run_cohort_writes_table_summary_and_figures(tiny_spec, tmp_path):
    spec = dataclasses.replace(tiny_spec, patients=4)
    result = run_cohort(spec, tmp_path, workers=0, progress=False)
    assert (tmp_path / "patients.parquet").is_file() and (tmp_path / "patients.csv").is_file()
    assert (tmp_path / "summary.json").is_file() and (tmp_path / "summary.md").is_file()
    assert (tmp_path / "figures" / "arm_comparison.png").is_file()
    csv = pd.read_csv(tmp_path / "patients.csv")
    assert len(csv) == len(result.table) == 8
    comparison = result.comparison()
    depth = comparison[comparison.output == "channels.depth_um_mean"].iloc[0]
    assert depth.ci95_low <= depth.mean_difference <= depth.ci95_high and depth.mean_difference > 0


def test_a_cluster_cut_short_while_starting_is_closed_here_not_at_exit(monkeypatch):
    # Ctrl-C inside LocalCluster's start: what it started is closed by needlesim, quietly,
    # and distributed's exit handler (which would print a traceback) is not left to do it
    import distributed
    import distributed.deploy.spec as spec

    from needlesim.cohort.engine import dask_client

    closed = []

    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(distributed, "LocalCluster", interrupted)
    monkeypatch.setattr(spec, "close_clusters", lambda: closed.append(True))
    with pytest.raises(KeyboardInterrupt):
        with dask_client(1):
            pass
    assert closed == [True]
