"use strict";
// The needlesim dashboard: builds a scenario from the form, submits it to the API, follows
// the run and shows what the run wrote (warnings, results table, charts, schedule, figures;
// table.js and charts.js draw them). No physics here.

const $ = (selector, root = document) => root.querySelector(selector);
const runs = { a: null, b: null };

function fill(select, values, chosen) {
  select.replaceChildren(...values.map((v) => new Option(v === "" ? "(none)" : v, v, false, v === chosen)));
}

async function loadOptions() {
  const options = await (await fetch("/api/options")).json();
  $("#research-use").textContent = options.research_use;
  fill($("#site"), options.sites, "cheek");
  fill($("#condition"), options.conditions, "photoaging");
  document.querySelectorAll("select.device").forEach((s) => fill(s, options.devices, "pen"));
  document.querySelectorAll("select.pressure").forEach((s) => fill(s, options.pressures, "moderate"));
  document.querySelectorAll("select.serum").forEach((s) => fill(s, [""].concat(options.serums), "vitamin_c"));
  $("#limits").textContent = `Limit: treated area × passes summed over sessions ≤ ${options.limits.max_simulation_size_cm2_passes} cm².`;
}

function number(id) {
  const text = $(id).value.trim();
  return text === "" ? text : Number(text);
}

function scenario(p) {
  const protocol = {
    device: $(`#${p}-device`).value,
    needle_length_mm: number(`#${p}-needle`),
    passes: number(`#${p}-passes`),
    sessions: number(`#${p}-sessions`),
    interval_days: number(`#${p}-interval`),
    area_cm2: number(`#${p}-area`),
    pressure: $(`#${p}-pressure`).value,
    occluded: $(`#${p}-occluded`).checked,
  };
  const serum = $(`#${p}-serum`).value;
  if (serum) protocol.serum = serum;
  const days = $("#report-days").value.split(",").map((d) => d.trim()).filter(Boolean).map(Number);
  return {
    name: `protocol-${p}`,
    seed: number("#seed"),
    patient: {
      age_years: number("#age"), sex: $("#sex").value, fitzpatrick: Number($("#fitzpatrick").value),
      site: $("#site").value, condition: $("#condition").value,
    },
    protocol,
    output: { report_days: days },
  };
}

function showFigures(box, figures) {
  box.replaceChildren(...figures.map((figure) => {
    const el = document.createElement("figure");
    const img = document.createElement("img");
    img.src = figure.url;
    img.alt = figure.name;
    img.className = "figure";
    img.dataset.name = figure.name;
    const caption = document.createElement("figcaption");
    caption.textContent = figure.name.replace(".png", "").replaceAll("_", " ");
    el.append(img, caption);
    return el;
  }));
}

async function showDone(p, section, status) {
  const base = `/api/runs/${status.id}`;
  const [readable, figures, schedule, series] = await Promise.all(
    [`${base}/table`, `${base}/figures`, `${base}/schedule`, `${base}/series`].map(async (u) => (await fetch(u)).json()));
  runs[p].readable = readable;
  runs[p].series = series;
  $(".export-html", section).href = `${base}/report.html?download=true`;
  $(".export-pdf", section).href = `${base}/report.pdf?download=true`;
  $(".export-nc", section).href = `${base}/data.nc`;
  $(".export-summary", section).href = `${base}/summary?download=true`;
  $(".export-schedule", section).href = `${base}/schedule.csv`;
  showWarnings($(".warnings", section), readable.warnings);
  showTable($(".results-table", section), readable);
  showSchedule($(".schedule", section), schedule);
  showFigures($(".figures", section), figures);
  $(".done-only", section).hidden = false;
  drawCharts($(".charts", section), series); // after un-hiding: Plotly sizes to its box
  compareRuns();
}

function compareRuns() {
  const box = $("#comparison");
  if (!runs.a || !runs.b || !runs.a.readable || !runs.b.readable) { box.hidden = true; return; }
  showComparison($("#comparison-table"), runs.a.readable, runs.b.readable);
  box.hidden = false;
  drawOverlay($(".charts", box), runs.a.series, runs.b.series);
}

// A 422 of the API, or a failed run's error: the problems (field, value, allowed, unit) when
// there are any, else the one-line message.
function showProblems(section, body) {
  const lines = (body.problems || []).map((p) =>
    `${p.field}: got ${JSON.stringify(p.value)}${p.unit ? ` [${p.unit}]` : ""}; allowed: ${p.allowed}`);
  if (!lines.length) lines.push(body.message || body.error || "the run failed");
  $(".errors", section).replaceChildren(...lines.map((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }));
}

async function follow(p, section, id) {
  for (;;) {
    if (runs[p] === null || runs[p].id !== id) return; // a newer run replaced this one
    const status = await (await fetch(`/api/runs/${id}`)).json();
    const label = $(".status", section);
    label.textContent = status.status;
    label.className = `status ${status.status}`;
    $("progress", section).value = status.progress;
    $(".stage", section).textContent = status.stage;
    if (status.status === "done") return showDone(p, section, status);
    if (status.status === "failed") return showProblems(section, status.error || {});
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function start(p) {
  const section = $(`#result-${p}`);
  section.replaceChildren($("#result-template").content.cloneNode(true));
  $(".title", section).textContent = `Protocol ${p.toUpperCase()}`;
  section.hidden = false;
  runs[p] = null;
  const response = await fetch("/api/runs", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(scenario(p)),
  });
  const body = await response.json();
  if (!response.ok) {
    const label = $(".status", section);
    label.textContent = "rejected";
    label.className = "status failed";
    return showProblems(section, body);
  }
  runs[p] = { id: body.id, readable: null, series: [] };
  section.dataset.runId = body.id;
  return follow(p, section, body.id);
}

function submit(event) {
  event.preventDefault();
  const compare = $("#compare").checked;
  $("#results").classList.toggle("single", !compare);
  $("#comparison").hidden = true;
  runs.b = null;
  $("#result-b").hidden = !compare;
  start("a");
  if (compare) start("b");
}

$("#compare").addEventListener("change", (event) => {
  $('fieldset[data-protocol="b"]').disabled = !event.target.checked;
});
$("#scenario").addEventListener("submit", submit);
loadOptions();
