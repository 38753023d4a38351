"""One caption per report figure, in one place: the HTML page and the PDF both read it.

A caption says what the figure shows and how to read it, in words a reader without the
model at hand can follow. A figure added to FIGURES needs a caption here
(tests/test_report_table.py checks that every figure has one).
"""

from __future__ import annotations

CAPTIONS = {
    "puncture_map.png": (
        "Where the needles landed in a central patch of the first session, coloured by how "
        "deep each channel goes; red crosses mark landings that did not pierce the skin."),
    "channel_depth.png": (
        "How many channels per cm² reach each depth, session by session, drawn over the skin's "
        "layers; the dotted line marks the capillary loops (channels below it bleed)."),
    "barrier_recovery.png": (
        "Top: the share of the skin barrier resealed over the hours after each session (the "
        "dashed line is 90 %, the 'barrier resealed' time of the summary). Bottom: water "
        "loss through the skin relative to intact skin (a proxy)."),
    "serum_concentration_depth.png": (
        "How far the serum gets: its concentration against depth at 15 min, 1, 6 and 24 h after "
        "application, through the channels (solid) and through intact skin (dashed); right: "
        "the epidermis and upper dermis enlarged."),
    "serum_delivery.png": (
        "The amount of serum that has entered the dermis over the hours after application, with "
        "needling and through intact skin (log scale)."),
    "healing_cascade.png": (
        "The healing response in the upper (papillary) dermis over the weeks after session 1: "
        "inflammation signals and cells (top), and the repair they start (bottom), as change "
        "from resting tissue."),
    "collagen_elastin.png": (
        "Collagen I, collagen III and elastin over the whole series and a year after, as change "
        "against the same patient untreated; shaded bands: the 90 % interval of the model's "
        "calibration ensemble; dotted lines: the sessions."),
    "redness_per_session.png": (
        "Redness over the first week after each session (left; visible above the dashed line) "
        "and the resulting days of visible redness per session (right)."),
}


def caption(file_name: str) -> str:
    """The caption of a figure file; a figure without one keeps its file name."""
    return CAPTIONS.get(file_name, file_name)
