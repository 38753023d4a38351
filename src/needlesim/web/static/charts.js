"use strict";
// Interactive charts of a run's time series (GET .../series) drawn with Plotly, which the
// server serves from the installed plotly package (no CDN): values on hover, zoom by
// dragging, double-click to reset; protocols A and B overlaid when comparing.

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const PLOT_CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
const DASH = { A: "solid", B: "dash" };

function rgba(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function layout(chart) {
  const line = (colour, dash) => ({ color: colour, width: 1, dash });
  const shapes = (chart.markers || []).map((day) => ({
    type: "line", x0: day, x1: day, yref: "paper", y0: 0, y1: 1, line: line("#999", "dot"),
  }));
  if (chart.threshold !== null && chart.threshold !== undefined) {
    shapes.push({ type: "line", xref: "paper", x0: 0, x1: 1, y0: chart.threshold, y1: chart.threshold, line: line("#a00", "dash") });
  }
  return {
    title: { text: chart.title, font: { size: 14 } },
    xaxis: chart.x_log
      ? { title: { text: chart.x_label }, type: "log" } // Plotly leaves out the time 0 point
      : { title: { text: chart.x_label }, range: chart.x_range || undefined, zeroline: false },
    yaxis: { title: { text: chart.y_label } },
    shapes,
    hovermode: "x unified",
    height: 360,
    margin: { l: 60, r: 15, t: 40, b: 95 },
    // below the axis title, with room for two rows of names when A and B are overlaid
    legend: { orientation: "h", yanchor: "top", y: -0.3 },
  };
}

// A colour per series name, so that A and B draw the same quantity in the same colour.
function colours(...charts) {
  const names = [...new Set(charts.flatMap((chart) => chart.series.map((series) => series.name)))];
  return new Map(names.map((name, i) => [name, PALETTE[i % PALETTE.length]]));
}

// One line per series; where the run has the ensemble's 5-95 % band, a shaded band under it.
function traces(chart, arm = "", palette = colours(chart)) {
  const out = [];
  chart.series.forEach((series) => {
    const colour = palette.get(series.name);
    const name = arm ? `${arm}: ${series.name}` : series.name;
    if (series.low && series.high) {
      const x = series.band_x || series.x;
      out.push({ x, y: series.low, mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false, legendgroup: name });
      out.push({ x, y: series.high, mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: rgba(colour, arm === "B" ? 0.1 : 0.18), hoverinfo: "skip", showlegend: false, legendgroup: name });
    }
    out.push({ x: series.x, y: series.y, mode: "lines", name, legendgroup: name, line: { color: colour, width: 2, dash: DASH[arm] || "solid" }, hovertemplate: "%{y:.3~g}" });
  });
  return out;
}

function plotBox(box, chart) {
  const div = document.createElement("div");
  div.className = "chart";
  div.dataset.chart = chart.name;
  box.append(div);
  return div;
}

function drawCharts(box, charts) {
  box.replaceChildren();
  if (typeof Plotly === "undefined") return;
  for (const chart of charts) Plotly.newPlot(plotBox(box, chart), traces(chart), layout(chart), PLOT_CONFIG);
}

// Charts both runs have, A in solid lines and B dashed in the same colours.
function drawOverlay(box, chartsA, chartsB) {
  box.replaceChildren();
  if (typeof Plotly === "undefined") return;
  const byName = new Map(chartsB.map((chart) => [chart.name, chart]));
  for (const chart of chartsA) {
    const other = byName.get(chart.name);
    if (!other) continue;
    // each arm has its own session days: no markers, and a window wide enough for both
    const range = chart.x_range && other.x_range ? [0, Math.max(chart.x_range[1], other.x_range[1])] : null;
    const merged = { ...chart, title: `${chart.title}: A solid, B dashed`, markers: [], x_range: range };
    const palette = colours(chart, other);
    const data = traces(chart, "A", palette).concat(traces(other, "B", palette));
    Plotly.newPlot(plotBox(box, chart), data, layout(merged), PLOT_CONFIG);
  }
}
