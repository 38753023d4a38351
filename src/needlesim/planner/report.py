"""The one-page plan report (Markdown) and the plain-language verdict."""

from __future__ import annotations

import json

from needlesim import RESEARCH_USE
from needlesim.safety.rules import protocol_rule_codes


def goal_text(goal) -> str:
    sign = ">=" if goal.increase else "<="
    return f"{goal.key} {sign} {goal.target:g} at day {goal.day:g}"


def protocol_text(row) -> str:
    serum = f", serum {row['serum']}" if isinstance(row.get("serum"), str) else ""
    return (f"{int(row['sessions'])} x {row['device']} {row['needle_length_mm']:g} mm, "
            f"{int(row['passes'])} passes, every {row['interval_days']:g} days{serum}")


def verdict(ranked) -> str:
    goal = goal_text(ranked.request.goal)
    if ranked.best is not None:
        b = ranked.best
        return (f"Goal {goal} is reachable: {protocol_text(b)} predicts {b['value']:.3g} "
                f"(downtime {b['downtime_days']:.1f} days per session).")
    c, limits = ranked.closest, ranked.request.constraints
    broken = [name for name, value, limit in (
        ("max_downtime_days", c["downtime_days"], limits.max_downtime_days),
        ("max_pih_probability", c["pih_probability"], limits.max_pih_probability))
        if limit is not None and value > limit]
    rules = sorted(set(str(c.get("warnings") or "").split()) & protocol_rule_codes()
                   - set(limits.allow_warnings))
    if rules:
        broken.append(f"the safety rule(s) {', '.join(rules)} (allow them with "
                      "constraints.allow_warnings)")
    why = "within the constraints" if not broken else f"(but it breaks {', '.join(broken)})"
    return (f"Goal {goal} is out of reach: no allowed protocol reaches it within the constraints. "
            f"Closest {why}: {protocol_text(c)} predicts {c['value']:.3g} "
            f"(short by {c['shortfall']:.3g}; downtime {c['downtime_days']:.1f} d, "
            f"PIH risk {c['pih_probability']:.1%}). "
            "Relax the constraints (sessions, weeks, depth, downtime) or lower the target.")


def schedule_lines(appointments) -> list[str]:
    """The dated sessions with the end of each aftercare item, then what each item says."""
    titles = [span.title for span in appointments[0].aftercare]
    lines = ["## Schedule", "", "| session | date | " + " | ".join(f"{t} until" for t in titles)
             + " | redness until |", "|---" * (len(titles) + 3) + "|"]
    for a in appointments:
        ends = " | ".join(f"{span.until:%a %d %b %H:%M}" for span in a.aftercare)
        lines.append(f"| {a.number} | {a.start:%a %d %b %Y %H:%M} | {ends} | {a.redness_until:%a %d %b} |")
    lines += ["", "### Aftercare after each session", ""]
    lines += [f"- **{span.title}**: {span.message}" for span in appointments[0].aftercare]
    return lines + ["", "Aftercare rules and their sources: docs/safety.md.", ""]


def warning_lines(row) -> list[str]:
    """The chosen protocol's safety warnings (kept by the search as a JSON list)."""
    text = row.get("warning_messages") if row is not None else None
    messages = json.loads(text) if isinstance(text, str) and text else []
    if not messages:
        return []
    return ["### Warnings for this protocol", ""] + [f"- {m}" for m in messages] + [
        "", "Rules and their sources: docs/safety.md.", ""]


def markdown(ranked, appointments, top: int = 5) -> str:
    lines = ["# Treatment plan", "", f"_{RESEARCH_USE}_", "", "**" + verdict(ranked) + "**", ""]
    if appointments:
        lines += schedule_lines(appointments) + warning_lines(ranked.best)
    lines += ["## Ranked protocols", "", "| rank | protocol | predicted | 90 % interval | downtime [d] | "
              "PIH risk | meets goal | within constraints |", "|---|---|---|---|---|---|---|---|"]
    for i, row in ranked.table.head(top).iterrows():
        interval = (f"{row['interval_low']:.3g} to {row['interval_high']:.3g}"
                    if row["interval_low"] == row["interval_low"] else "n/a")
        lines.append(f"| {i + 1} | {protocol_text(row)} | {row['value']:.3g} | {interval} | "
                     f"{row['downtime_days']:.1f} | {row['pih_probability']:.1%} | "
                     f"{'yes' if row['reached'] else 'no'} | "
                     f"{'yes' if row['within_constraints'] else 'no'} |")
    return "\n".join(lines) + "\n"
