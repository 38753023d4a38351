"""Fixed margins for the report's figures, in inches.

Matplotlib's automatic layouts (tight or constrained) measure every label by drawing the
figure before it is drawn for the file: two fifths of a report's figure time. The report's
figures have fixed labels and sizes, so each maker gives its margins once, in inches (they
stay right whatever the figure's size); the tests check that every label lies on the
canvas and that no two panels' labels overlap.
"""

from __future__ import annotations

LEFT_IN = 0.85  # a y label and tick labels of up to five characters
BOTTOM_IN = 0.6  # an x label and tick labels
TOP_IN = 0.45  # a one-line title
RIGHT_IN = 0.2


def set_margins(figure, left: float = LEFT_IN, bottom: float = BOTTOM_IN, top: float = TOP_IN,
                right: float = RIGHT_IN, wspace_in: float | None = None,
                hspace_in: float | None = None) -> None:
    """Place the figure's grid of panels inside margins given in inches; ``wspace_in`` and
    ``hspace_in`` are the gaps between panels, in inches too."""
    width, height = figure.get_size_inches()
    place = {"left": left / width, "right": 1 - right / width,
             "bottom": bottom / height, "top": 1 - top / height}
    gridspec = next((ax.get_subplotspec().get_topmost_subplotspec().get_gridspec()
                     for ax in figure.axes if ax.get_subplotspec() is not None), None)
    if gridspec is not None:
        columns, rows = gridspec.ncols, gridspec.nrows
        panel_width = (width - left - right - (columns - 1) * (wspace_in or 0)) / columns
        panel_height = (height - bottom - top - (rows - 1) * (hspace_in or 0)) / rows
        if wspace_in is not None and columns > 1:
            place["wspace"] = wspace_in / panel_width
        if hspace_in is not None and rows > 1:
            place["hspace"] = hspace_in / panel_height
    figure.subplots_adjust(**place)
