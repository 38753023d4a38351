"""Safety warnings and aftercare advice as data: every rule and every aftercare item lives
in ``safety/data`` (rules.csv, aftercare.csv) with its thresholds and its sources
(sources.csv, or the parameter bibliography); docs/safety.md lists them.

    warnings = run_warnings(results, summary)      # [{code, message}, ...]
    advice = summary_aftercare(summary, fitzpatrick=4)   # [{code, title, message, hours}]

For research and education only: these flags describe a simulated protocol and are not
clinical advice.
"""

from needlesim.safety.aftercare import aftercare_advice, summary_aftercare
from needlesim.safety.case import Case, SessionFacts, case_of
from needlesim.safety.rules import evaluate

__all__ = ["Case", "SessionFacts", "aftercare_advice", "case_of", "evaluate", "run_warnings",
           "summary_aftercare", "summary_warnings"]


def run_warnings(results, summary: dict) -> list[dict]:
    """Warnings of a finished run: the patient, its sessions as simulated and its summary."""
    return evaluate(case_of(results, summary))


def summary_warnings(summary: dict) -> list[dict]:
    """The warnings a summary alone supports (the rules that read no session or patient),
    for a summary written before it carried its own ``warnings``."""
    return evaluate(Case(summary))
