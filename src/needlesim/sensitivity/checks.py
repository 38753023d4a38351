"""Is a sensitivity study converged? Warnings read off its index table.

With too few samples the Sobol estimators scatter: indices above 1, first-order above
total order, and 95 % intervals wider than the indices they bound. Such a table ranks
nothing, so a run says so in its output and its summary, with the sample count to raise.
An index is unresolved when its 95 % interval is wider than the index itself (and than
RESOLUTION), or wider than WIDE whatever the index: 1.05 +- 0.5 is not "about 1".
"""

from __future__ import annotations

import pandas as pd

# An interval half-width below this share of the output's largest index resolves the index
# well enough to rank factors, even when the index itself is near zero (a factor that does
# not matter has an index of ~0 and an interval of ~0 that is still wider than it).
RESOLUTION = 0.05
WIDE = 0.25  # a half-width of a quarter of the scale cannot rank factors
MAIN = {"sobol": ("S1", "ST"), "morris": ("mu_star",)}


def _scale(rows: pd.DataFrame, method: str) -> float:
    # Sobol indices are shares of variance (scale 1); Morris mu_star has the output's unit
    top = float(rows["value"].abs().max()) if len(rows) else 0.0
    return 1.0 if method == "sobol" else max(top, 1e-300)


def unresolved(rows: pd.DataFrame, method: str) -> pd.DataFrame:
    """Index rows whose 95 % interval is too wide to read (see the module's text)."""
    main = rows[rows["index"].isin(MAIN[method])]
    scale = _scale(main, method)
    wider = (main["conf"] > main["value"].abs()) & (main["conf"] > RESOLUTION * scale)
    return main[wider | (main["conf"] > WIDE * scale)]


def _sobol_oddities(rows: pd.DataFrame) -> list[str]:
    out = []
    if (rows.loc[rows["index"].isin(("S1", "ST")), "value"] > 1.0).any():
        out.append("indices above 1")
    s1 = rows[rows["index"] == "S1"].set_index("factor")["value"]
    st = rows[rows["index"] == "ST"].set_index("factor")["value"]
    common = s1.index.intersection(st.index)
    if (s1[common] > st[common] + RESOLUTION).any():
        out.append("first-order above total-order indices")
    return out


def interval_warnings(table: pd.DataFrame, method: str, samples: int) -> list[str]:
    """One sentence per output and day whose indices the study did not resolve."""
    if table.empty:
        return []
    out = []
    for (output, day), rows in table.groupby(["output", "day"], sort=False):
        wide = unresolved(rows, method)
        if wide.empty:
            continue
        main = rows[rows["index"].isin(MAIN[method])]
        worst = wide.loc[wide["conf"].idxmax()]
        oddities = _sobol_oddities(rows) if method == "sobol" else []
        also = f"; {' and '.join(oddities)}" if oddities else ""
        limit = f"+-{WIDE:g}" if method == "sobol" else f"+-{WIDE:.0%} of the largest index"
        out.append(
            f"{output} (day {day:g}): {len(wide)} of {len(main)} indices are unresolved, their "
            f"95 % intervals wider than the index or than {limit} (e.g. {worst['index']} of "
            f"{worst['factor']}: {worst['value']:.2f} +- {worst['conf']:.2f}){also}. The study "
            f"has not converged: raise samples (now {samples}) and do not rank factors by these "
            "indices."
        )
    return out
