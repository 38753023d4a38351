"use strict";
// The needlesim dashboard: builds a scenario from the form, submits it to the API, follows
// the run and shows what the run wrote (summary, figures, schedule). No physics here.

const $ = (selector, root = document) => root.querySelector(selector);
const KEY_NUMBERS = [
  /^channels\.(density_per_cm2|depth_um_mean|surface_diameter_um_mean|fraction_reaching_dermis|bleeding)$/,
  /^barrier\.(closure_half_life_h|recovery_h)$/,
  /^delivery\.[^.]+\.(dermis_ug_per_cm2|enhancement_ratio)$/,
  /^downtime_days$/,
  /^at_day\.[^.]+\.(collagen_I_change_pct|collagen_III_change_pct|elastin_change_pct|epidermal_thickness_change_pct|dermal_density_change_pct|scar_score_change_pct|wrinkle_grade_change)$/,
];
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

function flatten(value, prefix = "", rows = []) {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, rows);
  } else if (!Array.isArray(value)) {
    rows.push([prefix, value]);
  }
  return rows;
}

function format(value) {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  return String(value);
}

function rowsInto(table, rows) {
  $("tbody", table).replaceChildren(...rows.map(([key, value]) => {
    const tr = document.createElement("tr");
    const k = document.createElement("td");
    k.textContent = key;
    const v = document.createElement("td");
    v.textContent = format(value);
    v.className = "num";
    tr.append(k, v);
    return tr;
  }));
}

function keyNumbers(summary) {
  return flatten(summary).filter(([key]) => KEY_NUMBERS.some((pattern) => pattern.test(key)));
}

function warnings(summary) {
  const out = [].concat(summary.warnings || []);
  const risks = summary.risks || {};
  if (summary.channels && summary.channels.bleeding) out.push("Pinpoint bleeding expected.");
  if (risks.granuloma_warning) out.push(`Granuloma warning: ${(risks.granuloma_serums || []).join(", ")}.`);
  return out;
}

function showSchedule(table, schedule) {
  if (!schedule.length) return;
  const head = document.createElement("tr");
  for (const key of Object.keys(schedule[0])) {
    const th = document.createElement("th");
    th.textContent = key;
    head.append(th);
  }
  $("thead", table).replaceChildren(head);
  $("tbody", table).replaceChildren(...schedule.map((row) => {
    const tr = document.createElement("tr");
    for (const value of Object.values(row)) {
      const td = document.createElement("td");
      td.textContent = value;
      tr.append(td);
    }
    return tr;
  }));
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
  const [summary, figures, schedule] = await Promise.all(
    [`${base}/summary`, `${base}/figures`, `${base}/schedule`].map(async (u) => (await fetch(u)).json()));
  runs[p].summary = summary;
  $(".export-html", section).href = `${base}/report.html?download=true`;
  $(".export-pdf", section).href = `${base}/report.pdf?download=true`;
  $(".export-nc", section).href = `${base}/data.nc`;
  $(".export-summary", section).href = `${base}/summary?download=true`;
  $(".export-schedule", section).href = `${base}/schedule.csv`;
  $(".warnings", section).replaceChildren(...warnings(summary).map((w) => {
    const li = document.createElement("li");
    li.textContent = w;
    return li;
  }));
  rowsInto($(".key-numbers", section), keyNumbers(summary));
  rowsInto($(".risks", section), flatten(summary.risks || {}, "risks"));
  rowsInto($(".summary", section), flatten(summary).filter(([k]) => !k.startsWith("provenance") && k !== "research_use"));
  showSchedule($(".schedule", section), schedule);
  showFigures($(".figures", section), figures);
  $(".done-only", section).hidden = false;
  showComparison();
}

function showComparison() {
  const box = $("#comparison");
  if (!runs.a || !runs.b || !runs.a.summary || !runs.b.summary) { box.hidden = true; return; }
  const a = new Map(keyNumbers(runs.a.summary));
  const b = new Map(keyNumbers(runs.b.summary));
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  $("tbody", box).replaceChildren(...keys.map((key) => {
    const tr = document.createElement("tr");
    for (const [text, cls] of [[key, ""], [a.has(key) ? format(a.get(key)) : "–", "num"], [b.has(key) ? format(b.get(key)) : "–", "num"]]) {
      const td = document.createElement("td");
      td.textContent = text;
      td.className = cls;
      tr.append(td);
    }
    return tr;
  }));
  box.hidden = false;
}

function showProblems(section, body) {
  const problems = body.problems || [{ field: "request", value: "", allowed: body.error || "?", unit: "" }];
  $(".errors", section).replaceChildren(...problems.map((p) => {
    const li = document.createElement("li");
    li.textContent = `${p.field}: got ${JSON.stringify(p.value)}${p.unit ? ` [${p.unit}]` : ""}; allowed: ${p.allowed}`;
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
  runs[p] = { id: body.id, summary: null };
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
