"""docs/safety.md from the data files, so the page lists exactly the rules the code runs:
``python -m needlesim.safety.doc > docs/safety.md`` (tests/safety/test_safety_doc.py checks it)."""

from __future__ import annotations

from needlesim.safety.table import aftercare_rows, rules, sources

INTRO = """# Safety warnings and aftercare

_Generated from `src/needlesim/safety/data/` by `python -m needlesim.safety.doc > docs/safety.md`;
edit the CSV files, not this page._

needlesim is for research and education only. These rules flag simulated protocols that
leave what is used in practice or what the model itself predicts the skin needs; they are
not clinical advice, and a protocol without a warning is not thereby safe.

Every run's summary holds `warnings`, a list of `{code, message}` (docs/summary.md), in the
order of the table below: rules on the protocol first, then the model's own risks. Each
rule row fires at most once per run (its first offending session). They are printed at
the top of `needlesim run`, listed first in the HTML and PDF report, and stored in
`summary.json` for the dashboard. The `aftercare` items (`{code, title, message, hours}`)
are derived from the model's barrier recovery, redness and PIH probability for the
patient; the report lists them and the planner writes each into `plan.ics` as an event
from the end of every session lasting `hours`.

A rule is one row of `rules.csv`: `code`, the `check` it runs (`safety/rules.py`), its
thresholds (`params`, `name=value; ...`, lists with `|`), the message template, the
`source` keys (`safety/data/sources.csv`, or the parameter bibliography), how firm the
source is and a note. Where no source could be checked the row says `assumption`.
Firmness: `review` or `regulatory` (a review or a regulator's document), `label` (a
medicine's label), `case series`, `practice` (clinic, retailer or trade pages: not peer
reviewed), `model` (needlesim's own prediction), `assumption`.
"""

CHECKS = {
    "depth_at_site": "a session's needle length above `max_mm` at `site`",
    "interval_for_depth": "a session at `min_mm` <= needle < `max_mm` followed by the next "
                          "within `min_days`",
    "interval_vs_model": "the next session before the model's redness of a session has faded "
                         "(`downtime_days_per_session`)",
    "minor_condition": "age below `max_age` with a condition in `conditions`",
    "home_depth": "a home device (catalogue name `home_*`) above `max_mm`",
    "numbing_area": "a numbing cream (`actives`) on an area whose intact-skin equivalent (area x "
                    "the model's `delivery.<serum>.enhancement_ratio`) exceeds `max_cm2`",
    "numbing_serum": "a numbing cream (`actives`) used as the serum, i.e. into open channels",
    "summary_true": "the summary key `key` is true",
    "summary_at_least": "the summary key `key` is at least `at_least`",
    "granuloma": "the model's granuloma flag (`key`), naming the serums",
}


def _value(value) -> str:
    if isinstance(value, list):
        return "/".join(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _params(params: dict) -> str:
    return "; ".join(f"{k} = {_value(v)}" for k, v in params.items())


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def markdown() -> str:
    lines = [INTRO, "## Warnings", "",
             "| code | fires when | thresholds | source | firmness | note |", "|---|---|---|---|---|---|"]
    for row in rules():
        lines.append(f"| `{row.code}` | {CHECKS[row.kind]} | {_cell(_params(row.params))} | "
                     f"{', '.join(row.sources)} | {row.firmness} | {_cell(row.note)} |")
    lines += ["", "## Aftercare", "", "| code | title | parameters | source | firmness | note |",
              "|---|---|---|---|---|---|"]
    for row in aftercare_rows():
        lines.append(f"| `{row.code}` | {row.kind} | {_cell(_params(row.params))} | "
                     f"{', '.join(row.sources)} | {row.firmness} | {_cell(row.note)} |")
    lines += ["", "`NO_MAKEUP` lasts `barrier.recovery_h` rounded up to `round_h`, at least `min_h`; "
              "`SUN_PROTECTION` lasts `notable_days` when the model's `risks.pih_probability` is at "
              "least `pih_at_least` or the phototype at least `phototype_at_least`, else `days`; "
              "`PAUSE_ACTIVES` lasts the model's `downtime_days` rounded up, at least `min_days`.",
              "", "## Sources", ""]
    known = sources()
    used = dict.fromkeys(key for row in rules() + aftercare_rows() for key in row.sources)
    lines += [f"- `{key}`: {_cell(known[key])}" for key in used]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
