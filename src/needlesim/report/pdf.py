"""The report as a PDF: a summary page (research-use statement, warnings, summary table,
schedule, sources), then one page per figure. Uses matplotlib's PdfPages only."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from needlesim import RESEARCH_USE  # noqa: E402
from needlesim.report.captions import caption  # noqa: E402
from needlesim.report.safety_sections import aftercare_lines, warnings_lines  # noqa: E402
from needlesim.report.summary_table import INTERVAL_NOTE  # noqa: E402

A4 = (8.27, 11.69)
LINES_PER_PAGE = 62


def _text_pages(lines: list[str]):
    for start in range(0, max(len(lines), 1), LINES_PER_PAGE):
        fig = plt.figure(figsize=A4)
        fig.text(0.06, 0.96, "\n".join(lines[start:start + LINES_PER_PAGE]), va="top",
                 ha="left", family="monospace", fontsize=7.5)
        yield fig


def summary_lines(title: str, rows, warnings, schedule, citations, aftercare=None) -> list[str]:
    wrap = textwrap.TextWrapper(width=105, subsequent_indent="    ")
    lines = [title, ""] + wrap.wrap(RESEARCH_USE) + [""]
    lines += warnings_lines(warnings or []) + aftercare_lines(aftercare or [])
    # rows from summary_table.summary_rows: (group title, None) heads each group
    lines += ["Summary"] + [f"  {key}" if value is None else f"    {key:60s} {value}"
                            for key, value in rows]
    if any(value and "(90 %:" in value for _, value in rows):
        lines += wrap.wrap("  " + INTERVAL_NOTE)
    lines.append("")
    if schedule:
        lines += ["Schedule", "  " + "  ".join(f"{k:>10s}"[:12] for k in schedule[0])]
        lines += ["  " + "  ".join(f"{str(v):>10s}"[:12] for v in row.values()) for row in schedule]
        lines.append("")
    lines += ["Sources used by this run"]
    lines += [w for i, c in enumerate(citations, 1) for w in wrap.wrap(f"{i}. {c}")]
    return lines


def write_pdf(path: Path, title: str, rows, warnings, schedule, citations,
              figure_files: list[Path], aftercare: list[dict] | None = None) -> Path:
    """Write atomically: a temporary file beside ``path``, then rename."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.part")
    try:
        # the PDF backend (a tenth of a second to import) only for a report that asks for it
        from matplotlib.backends.backend_pdf import PdfPages

        with PdfPages(temporary) as pdf:
            for fig in _text_pages(summary_lines(title, rows, warnings, schedule, citations, aftercare)):
                pdf.savefig(fig)
                plt.close(fig)
            for figure_file in figure_files:
                image = mpimg.imread(figure_file)
                fig = plt.figure(figsize=A4)
                ax = fig.add_axes([0.05, 0.05, 0.9, 0.85])
                ax.imshow(image)
                ax.set_axis_off()
                fig.suptitle("\n".join(textwrap.wrap(caption(figure_file.name), 100)), fontsize=9)
                pdf.savefig(fig)
                plt.close(fig)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
    return path
