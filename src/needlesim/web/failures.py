"""What a failed run tells its user, stored as the job's ``error``.

* bad input found while running: the same {field, value, allowed, unit} records as a 422,
  and a message that spells them out;
* a summary with a NaN or an infinity: which key, since that is where the model has no
  answer for this scenario (nothing is saved);
* any other error: a short message and a reference; the trace goes to the server's log only.
"""

from __future__ import annotations

import logging
import uuid

from needlesim.errors import InputError, NeedlesimError, format_problem
from needlesim.web.echo import clean_problems, echo, non_finite_numbers, short_text

log = logging.getLogger("needlesim.web")
MAX_MESSAGE = 500


class NonFiniteSummary(NeedlesimError):
    def __init__(self, found: list[tuple[str, float]]):
        self.found = found
        keys = ", ".join(f"{key} = {echo(value)}" for key, value in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        super().__init__(f"the simulation gave no finite value for {keys}{more}: the model has "
                         "no answer for this scenario, so no report was written")


def check_finite(summary: dict) -> None:
    """Refuse a summary that strict JSON (and so the API and the report) cannot carry."""
    found = non_finite_numbers(summary)
    if found:
        raise NonFiniteSummary(found)


def job_error(exc: BaseException, job_id: str) -> dict:
    if isinstance(exc, InputError):
        problems = clean_problems(exc.problems)
        text = "; ".join(format_problem(p) for p in problems)
        return {"message": short_text(f"invalid input: {text}", MAX_MESSAGE), "problems": problems}
    if isinstance(exc, NeedlesimError):  # raised on purpose, with a message meant for people
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return {"message": short_text(first_line, MAX_MESSAGE)}
    reference = uuid.uuid4().hex[:12]
    log.error("run %s failed, reference %s", job_id, reference, exc_info=exc)
    return {"message": f"the simulation stopped on an unexpected error ({type(exc).__name__}); "
                       f"the server's log has the details under reference {reference}",
            "reference": reference}
