"""The barrier's numbers in words, for the command line.

A channel's half-life and the barrier's recovery are different things: the half-life is
how long the median channel takes to halve its opening, the recovery how long until 90 %
of the opened area has closed (about 3.3 half-lives of a single channel, fewer once a
dressing comes off and the channels close at the faster uncovered rate). Each line says
which phase and which quantity it is, so that "96.5 h" under a dressing next to a 40.9 h
recovery does not read as a contradiction.
"""

from __future__ import annotations


def _line(label: str, text: str) -> str:
    return f"  {label + ':':32s}{text}"  # aligned with the other lines of `needlesim run`


def barrier_lines(barrier: dict) -> list[str]:
    lines = []
    hours = barrier.get("occlusion_hours", 0.0)
    occluded = barrier.get("closure_half_life_occluded_h")
    uncovered = barrier.get("closure_half_life_uncovered_h")
    if uncovered is None:  # a summary from before the phases were named
        uncovered = barrier["closure_half_life_h"]
    if occluded is not None and hours:
        lines.append(_line("channel half-life, dressing on",
                           f"{occluded:.1f} h (median channel, first {hours:g} h)"))
        lines.append(_line("channel half-life, uncovered",
                           f"{uncovered:.1f} h (median channel, after the dressing)"))
    else:
        lines.append(_line("channel half-life, uncovered", f"{uncovered:.1f} h (median channel)"))
    lines.append(_line("barrier 90 % resealed after", f"{barrier['recovery_h']:.1f} h"))
    return lines
