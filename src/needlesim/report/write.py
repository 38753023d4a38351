"""Write a report folder atomically: NetCDF data, summary JSON, PNG figures, HTML page."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

from needlesim.report.figures import FIGURES
from needlesim.report.html import render


def write_report(results, out_dir: str | Path) -> Path:
    """Write everything into a temporary folder beside ``out_dir``, then swap it in, so a
    failure never leaves a half-written report."""
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
    try:
        results.to_netcdf(staging / "results.nc")
        summary = results.summary()
        (staging / "summary.json").write_text(json.dumps(summary, indent=2, allow_nan=False))
        figure_files = []
        for name, make in FIGURES:
            figure = make(results)
            if figure is None:
                continue
            figure.savefig(staging / name, dpi=110, bbox_inches="tight")
            plt.close(figure)
            figure_files.append(staging / name)
        page = render(summary, figure_files, summary["provenance"]["citations"])
        (staging / "report.html").write_text(page, encoding="utf-8")
        if out_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            out_dir.rename(retired / out_dir.name)
            staging.rename(out_dir)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir
