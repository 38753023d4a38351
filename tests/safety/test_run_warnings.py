"""A run's summary carries its warnings and aftercare; the CLI prints the warnings first and
the HTML and PDF pages show both."""

import json

from needlesim.cli import main
from needlesim.report.pdf import summary_lines
from needlesim.report.warnings import report_aftercare, report_warnings

SCENARIO = """
name = "unsafe"
[patient]
age_years = 16
sex = "female"
fitzpatrick = 5
site = "periorbital"
condition = "wrinkles"
[protocol]
sessions = 3
interval_days = 7
device = "pen"
needle_length_mm = 2.5
passes = 2
serum = "lidocaine"
area_cm2 = 1
[output]
report_days = [30]
"""


def test_run_output_summary_and_pages_carry_the_warnings(tmp_path, capsys):
    (tmp_path / "unsafe.toml").write_text(SCENARIO)
    out = tmp_path / "report"
    assert main(["run", str(tmp_path / "unsafe.toml"), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # warnings come right after the header line, before any number
    assert lines[1].startswith("  WARNING [DEPTH_BEYOND_SITE]")
    first_number = next(i for i, line in enumerate(lines) if "channels per cm2" in line)
    assert all(line.startswith("  WARNING [") for line in lines[1:first_number])

    summary = json.loads((out / "summary.json").read_text())
    codes = [w["code"] for w in summary["warnings"]]
    for code in ("DEPTH_BEYOND_SITE", "INTERVAL_TOO_SHORT", "MINOR_WRINKLES",
                 "NUMBING_INTO_CHANNELS", "PIH_RISK"):
        assert code in codes
    assert all(set(w) == {"code", "message"} for w in summary["warnings"])
    aftercare = {a["code"]: a for a in summary["aftercare"]}
    assert aftercare["NO_MAKEUP"]["hours"] >= summary["barrier"]["recovery_h"]
    assert aftercare["SUN_PROTECTION"]["hours"] == 28 * 24  # phototype V

    page = (out / "report.html").read_text()
    assert "<h2>Warnings</h2>" in page and "<code>MINOR_WRINKLES</code>" in page
    assert "<h2>Aftercare</h2>" in page and "Sun protection" in page
    text = "\n".join(summary_lines("t", [], report_warnings(summary), [], [],
                                   report_aftercare(summary)))
    assert "[DEPTH_BEYOND_SITE]" in text and "Aftercare" in text and "SPF 30" in text


def test_a_summary_without_warnings_gets_those_the_summary_supports():
    summary = {"channels": {"bleeding": True}, "risks": {"pih_probability": 0.2}}
    assert [w["code"] for w in report_warnings(summary)] == ["BLEEDING", "PIH_RISK"]
    assert report_warnings({"warnings": ["plain text"]}) == [{"code": "NOTE", "message": "plain text"}]
