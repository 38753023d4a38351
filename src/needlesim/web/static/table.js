"use strict";
// The results in plain words: a run's warnings and its labelled table (GET .../table, the
// same rows, units and 90 % intervals as the report), and the side-by-side table of A and B.

// Groups a patient reads first stay open; the model's own details fold away.
const FOLDED_GROUPS = new Set(["Model details", "Other summary keys"]);
const SCHEDULE_HEADS = {
  session: "Session", day: "Day", device: "Device", needle_length_mm: "Needle [mm]", passes: "Passes",
  occluded: "Dressing", treated_area_cm2: "Area [cm²]", serum: "Serum",
};

function cell(tag, text, className = "") {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

// A summary's warning may be {code, message} or, from older runs, a bare string.
function warningText(item) {
  if (item !== null && typeof item === "object") return item.message || item.code || "";
  return String(item);
}

function showWarnings(list, warnings) {
  list.replaceChildren(...(warnings || []).map((w) => {
    const li = cell("li", warningText(w));
    if (w && w.code) li.dataset.code = w.code;
    return li;
  }));
  list.hidden = list.children.length === 0;
}

function groupTable(group) {
  const table = document.createElement("table");
  table.className = "readable";
  const head = document.createElement("tr");
  head.append(cell("th", group.title), cell("th", "Value", "num"), cell("th", "90 % interval", "num"));
  const thead = document.createElement("thead");
  thead.append(head);
  const body = document.createElement("tbody");
  for (const row of group.rows) {
    const tr = document.createElement("tr");
    tr.dataset.key = row.key;
    tr.append(cell("td", row.label, "label"), cell("td", row.value, "num value"),
      cell("td", row.interval, "num interval"));
    body.append(tr);
  }
  table.append(thead, body);
  return table;
}

function showTable(box, readable) {
  const open = [];
  const folded = document.createElement("details");
  folded.append(cell("summary", "Model details and other keys"));
  for (const group of readable.groups) {
    const table = groupTable(group);
    if (FOLDED_GROUPS.has(group.title)) folded.append(table);
    else open.push(table);
  }
  const note = cell("p", readable.interval_note, "muted");
  box.replaceChildren(...open, note, ...(folded.children.length > 1 ? [folded] : []));
}

function showSchedule(table, schedule) {
  if (!schedule.length) return;
  const head = document.createElement("tr");
  for (const key of Object.keys(schedule[0])) head.append(cell("th", SCHEDULE_HEADS[key] || key.replaceAll("_", " ")));
  table.querySelector("thead").replaceChildren(head);
  table.querySelector("tbody").replaceChildren(...schedule.map((row) => {
    const tr = document.createElement("tr");
    for (const [key, value] of Object.entries(row)) {
      const text = key === "occluded" ? ({ True: "yes", False: "no" }[value] || value) : value;
      tr.append(cell("td", text, /^[-+0-9.]+$/.test(value) ? "num" : ""));
    }
    return tr;
  }));
}

function withInterval(row) {
  if (!row) return "–";
  return row.interval ? `${row.value} (${row.interval})` : row.value;
}

// Rows of both runs matched by their summary key, under their group's title: A's order,
// then what only B has.
function showComparison(table, a, b) {
  const groups = new Map();
  for (const [arm, readable] of [["a", a], ["b", b]]) {
    for (const group of readable.groups) {
      if (FOLDED_GROUPS.has(group.title)) continue;
      if (!groups.has(group.title)) groups.set(group.title, new Map());
      const rows = groups.get(group.title);
      for (const row of group.rows) rows.set(row.key, { ...rows.get(row.key), label: row.label, [arm]: row });
    }
  }
  const lines = [];
  for (const [title, rows] of groups) {
    const head = document.createElement("tr");
    head.className = "group";
    head.append(cell("th", title), cell("th", ""), cell("th", ""));
    lines.push(head);
    for (const [key, row] of rows) {
      const tr = document.createElement("tr");
      tr.dataset.key = key;
      tr.append(cell("td", row.label, "label"), cell("td", withInterval(row.a), "num"),
        cell("td", withInterval(row.b), "num"));
      lines.push(tr);
    }
  }
  table.querySelector("tbody").replaceChildren(...lines);
}
