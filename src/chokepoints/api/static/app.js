// chokepoints dashboard: plain JavaScript over the REST API (/docs), charts with plotly.js
// served by the service from the plotly Python package (nothing is fetched from the web).
"use strict";

const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
const $ = (id) => document.getElementById(id);
// No mode bar over the small multiples' titles; zoom and hover still work.
const PLOT_CONFIG = { displaylogo: false, responsive: true, displayModeBar: false };

function esc(v) {
  return String(v === null || v === undefined ? "" : v)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function status(text, kind) {
  const el = $("status");
  el.textContent = text || "";
  el.className = kind || "";
}

function token() { return $("token").value.trim(); }

async function api(path, options) {
  const opts = Object.assign({ headers: {} }, options || {});
  if (token()) opts.headers["Authorization"] = "Bearer " + token();
  const res = await fetch(path, opts);
  const type = res.headers.get("content-type") || "";
  const body = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    let msg = body && body.message ? body.message : body && body.detail ? body.detail : String(body);
    if (typeof msg !== "string") msg = JSON.stringify(msg);
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

function fail(err) { status("Error: " + err.message, "err"); }

function fmt(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (!isFinite(v)) return "";
    if (Number.isInteger(v)) return v.toLocaleString("en");
    const a = Math.abs(v);
    return a >= 100 ? v.toLocaleString("en", { maximumFractionDigits: 0 })
      : a >= 1 ? v.toLocaleString("en", { maximumFractionDigits: 2 })
      : v.toPrecision(3);
  }
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

// A table in a scrolling box (wide tables scroll inside it, never over the page).
function table(rows, columns, left, extra) {
  if (!rows || !rows.length) return '<p class="muted">(none)</p>';
  const cols = columns || Object.keys(rows[0]);
  const l = new Set(left || []);
  const head = cols.map((c) => `<th class="${l.has(c) ? "l" : ""}">${esc(c)}</th>`).join("");
  const body = rows.map((r, i) => "<tr>" + cols.map((c) =>
    `<td class="${l.has(c) ? "l" : ""}">${extra && extra[c] ? extra[c](r, i) : esc(fmt(r[c]))}</td>`
  ).join("") + "</tr>").join("");
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

// -- tabs and auth ---------------------------------------------------------------------
function showTab(name) {
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("on", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("on", t.id === "tab-" + name));
  if (name === "compare") loadComparePick();
  if (name === "news") loadNews();
  if (name === "suppliers") loadMaps();
  window.dispatchEvent(new Event("resize"));
}

async function whoami() {
  sessionStorage.setItem("chokepoints-token", token());
  try {
    const me = await api("/api/me");
    $("whoami").textContent = me.role ? `${me.name} (${me.role})` : "read only";
  } catch (err) { $("whoami").textContent = "token not accepted"; }
}

// -- charts ----------------------------------------------------------------------------
// y-axes fit the data of each small multiple (plotly autorange over band and median);
// percent ticks keep decimals when the range is below a few percent.
function percentFormat(lo, hi) {
  const span = Math.abs(hi - lo);
  return span < 0.005 ? ".2%" : span < 0.05 ? ".1%" : ".0%";
}

// The y range of one chart: its data, padded, at least minSpan tall (a flat line at 100%
// is drawn in a one-point band instead of magnifying rounding noise).
function fitRange(values, minSpan) {
  const v = values.filter((x) => x !== null && x !== undefined && isFinite(x));
  if (!v.length) return [0, 1];
  let lo = Math.min(...v), hi = Math.max(...v);
  if (hi - lo < minSpan) { const mid = (lo + hi) / 2; lo = mid - minSpan / 2; hi = mid + minSpan / 2; }
  const pad = 0.08 * (hi - lo);
  return [lo - pad, hi + pad];
}

function eventShapes(events, x0, x1) {
  const inside = (events || []).filter((e) => e.date >= x0 && e.date <= x1);
  return inside.map((e) => ({
    type: "line", xref: "x", yref: "paper", x0: e.date, x1: e.date, y0: 0, y1: 1,
    line: { color: "#C00", width: 1, dash: "dot" }, opacity: 0.45,
  }));
}

function eventTrace(events, x0, x1, y) {
  const inside = (events || []).filter((e) => e.date >= x0 && e.date <= x1);
  return {
    x: inside.map((e) => e.date), y: inside.map(() => y), mode: "markers", name: "policy events",
    marker: { color: "#C00", symbol: "line-ns-open", size: 10 }, showlegend: false,
    text: inside.map((e) => `${e.date}: ${e.label}`), hoverinfo: "text",
  };
}

function bandChart(el, title, dates, group, color, events, yTitle) {
  const [lo, hi] = fitRange(group.p05.concat(group.p95, group.p50), 0.01);
  const traces = [
    { x: dates, y: group.p95, mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
    { x: dates, y: group.p05, mode: "lines", line: { width: 0 }, fill: "tonexty",
      fillcolor: color + "33", name: "5-95% of runs", hoverinfo: "skip" },
    { x: dates, y: group.p50, mode: "lines", line: { color, width: 2 }, name: "median" },
    eventTrace(events, dates[0], dates[dates.length - 1], lo + 0.02 * (hi - lo)),
  ];
  Plotly.newPlot(el, traces, {
    title: { text: title, font: { size: 13 } }, height: 250, margin: { l: 62, r: 10, t: 32, b: 40 },
    showlegend: false, shapes: eventShapes(events, dates[0], dates[dates.length - 1]),
    xaxis: { type: "date", tickformat: "%b %Y", nticks: 6 },
    yaxis: { title: { text: yTitle, font: { size: 10 } }, range: [lo, hi],
             tickformat: percentFormat(lo, hi) },
  }, PLOT_CONFIG);
}

function smallMultiples(container, series, events, prefix) {
  container.innerHTML = "";
  const names = Object.keys(series.groups);
  names.forEach((g, k) => {
    const div = document.createElement("div");
    div.className = "chart";
    div.dataset.group = g;
    container.appendChild(div);
    bandChart(div, `${prefix}: ${g}`, series.dates, series.groups[g], PALETTE[k % 8], events, "output / baseline");
  });
}

// -- timeline --------------------------------------------------------------------------
async function showRegime(ev) {
  if (ev) ev.preventDefault();
  const q = new URLSearchParams({ date: $("rg-date").value, product: $("rg-product").value,
    origin: $("rg-from").value, destination: $("rg-to").value });
  try {
    const found = await api("/api/regime?" + q);
    $("regime-out").innerHTML = found.map((r) => {
      const g = r.gate;
      let gate = `gate: ${esc(g.kind)}`;
      if (g.kind === "licence" || g.kind === "quota") {
        gate += ` (approval probability ${fmt(g.approval_probability)}, mean review ${fmt(g.review_days_mean)} ${esc(g.review_days_unit)})`;
      }
      if (g.export_tax) gate += `; export tax ${(100 * g.export_tax).toFixed(0)}%`;
      if (g.tariff) gate += `; tariff ${(100 * g.tariff).toFixed(0)}%`;
      const measures = r.measures.map((m) => Object.assign({}, m));
      return `<div class="card regime"><div>${esc(r.product)} ${esc(r.origin)} &rarr; ${esc(r.destination)} on ${esc(r.date)}</div>
        <div class="gate">${gate}</div>${table(measures, ["role", "id", "kind", "issuer", "start", "end", "status"], ["role", "id", "kind", "issuer"])}</div>`;
    }).join("");
    status(`${found.length} product(s) on ${$("rg-date").value}`, "ok");
  } catch (err) { fail(err); }
}

async function showUpcoming(ev) {
  if (ev) ev.preventDefault();
  try {
    const rows = await api("/api/timeline/upcoming?after=" + encodeURIComponent($("up-after").value));
    $("upcoming-out").innerHTML = table(rows, ["date", "change", "id", "detail"], ["date", "change", "id", "detail"]);
  } catch (err) { fail(err); }
}

// -- scenarios and jobs ----------------------------------------------------------------
let scenarios = [];
const polling = new Set();

async function loadScenarios() {
  scenarios = await api("/api/scenarios");
  const opts = scenarios.map((s) => `<option value="${esc(s.name)}">${esc(s.name)}</option>`).join("");
  $("sc-name").innerHTML = opts;
  if (scenarios.some((s) => s.name === "status-quo")) $("sc-name").value = "status-quo";
  $("map-scenario").innerHTML = '<option value="ban">ban</option><option value="open">open</option>' + opts;
  describeScenario();
}

function describeScenario() {
  const s = scenarios.find((x) => x.name === $("sc-name").value);
  $("sc-desc").textContent = s ? `${s.title}. From ${s.start}, ${s.horizon_days} days, ${s.runs} runs by default.` : "";
}

function progressBar(job) {
  return `<span class="bar"><i style="width:${Math.round(100 * job.progress)}%"></i></span> ${Math.round(100 * job.progress)}%`;
}

async function loadJobs() {
  try {
    const jobs = await api("/api/jobs?limit=30");
    $("jobs-out").innerHTML = table(jobs, ["id", "kind", "target", "status", "progress", "message", "created_at"],
      ["kind", "target", "status", "message"], {
        progress: (j) => progressBar(j),
        id: (j) => j.status === "succeeded"
          ? `<a href="#" class="show-job" data-id="${j.id}" data-kind="${esc(j.kind)}">${j.id}</a>` : String(j.id),
        status: (j) => esc(j.status) + (j.status === "running" || j.status === "queued"
          ? ` <button class="cancel-job" data-id="${j.id}">cancel</button>` : ""),
      });
    jobs.filter((j) => j.status === "queued" || j.status === "running").forEach((j) => watch(j.id));
  } catch (err) { fail(err); }
}

function watch(id, onDone) {
  if (polling.has(id)) return;
  polling.add(id);
  const tick = async () => {
    try {
      const job = await api("/api/jobs/" + id);
      if (job.status === "queued" || job.status === "running") {
        status(`job ${id} ${job.status} ${Math.round(100 * job.progress)}%`);
        setTimeout(tick, 400);
        return;
      }
      polling.delete(id);
      loadJobs();
      if (job.status === "succeeded") {
        status(`job ${id} succeeded`, "ok");
        if (onDone) onDone(job);
      } else {
        status(`job ${id} ${job.status}: ${job.message}`, job.status === "failed" ? "err" : "");
      }
    } catch (err) { polling.delete(id); fail(err); }
  };
  tick();
}

async function submit(body, onDone) {
  const job = await api("/api/jobs", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) });
  status(`job ${job.id} queued`);
  loadJobs();
  watch(job.id, onDone);
  return job;
}

async function runScenario(ev) {
  ev.preventDefault();
  const body = { kind: "scenario", target: $("sc-name").value, runs: Number($("sc-runs").value) || null };
  if ($("sc-horizon").value) body.horizon_days = Number($("sc-horizon").value);
  if ($("sc-seed").value) body.seed = Number($("sc-seed").value);
  if ($("sc-team").checked) body.team_timeline = true;
  try { await submit(body, (job) => showScenarioResult(job.id)); } catch (err) { fail(err); }
}

async function showScenarioResult(id) {
  const doc = await api(`/api/jobs/${id}/result?format=json`);
  const m = doc.meta;
  const links = ["json", "csv", "parquet", "netcdf"].map((f) =>
    `<a href="/api/jobs/${id}/result?format=${f}" download>${f}</a>`).join(" · ");
  const cols = ["country", "sector", "share_runs_short", "first_shortage_day", "peak_shortfall_pct",
    "days_below_90pct", "lost_output_t", "lost_output_t_p05", "lost_output_t_p95", "lost_magnet_value_usd_m"];
  const out = $("result-out");
  out.innerHTML = `<h2 id="result-title">Job ${id}: ${esc(m.scenario_title || m.scenario)}</h2>
    <p class="muted">scenario ${esc(m.scenario)} · hash ${esc(m.scenario_hash)} · seed ${esc(m.seed)} · ${esc(m.runs)} runs ·
    from ${esc(m.start)}, ${esc(m.horizon_days)} days · data ${esc(m.data_version)}${m.team_timeline ? " · with the team timeline" : ""} · download ${links}</p>
    <h3>Summary per country and end-use sector</h3>${table(doc.rows, cols, ["country", "sector"])}
    <h3>Output by end-use sector (median, 5-95% band of runs; red: policy events)</h3><div id="ch-sector" class="grid"></div>
    <h3>Output by country</h3><div id="ch-country" class="grid"></div>
    <h3>Output by stage</h3><div id="ch-stage" class="grid"></div>
    <h3>Policy events in the window</h3>${table(doc.events, ["date", "kind", "label"], ["date", "kind", "label"])}`;
  smallMultiples($("ch-sector"), doc.series.sector, doc.events, "sector");
  smallMultiples($("ch-country"), doc.series.country, doc.events, "country");
  smallMultiples($("ch-stage"), doc.series.stage, doc.events, "stage");
}

// -- compare ---------------------------------------------------------------------------
async function loadComparePick() {
  try {
    const jobs = (await api("/api/jobs?status=succeeded&limit=50")).filter((j) => j.kind === "scenario");
    $("compare-pick").innerHTML = jobs.length ? jobs.map((j) =>
      `<label><input type="checkbox" class="cmp" value="${j.id}"> job ${j.id}: ${esc(j.target)} (${esc(fmt(j.params.runs))} runs)</label><br>`).join("")
      : '<p class="muted">No finished scenario jobs yet.</p>';
  } catch (err) { fail(err); }
}

async function runCompare() {
  const ids = [...document.querySelectorAll(".cmp:checked")].map((c) => Number(c.value));
  if (ids.length < 2) { status("Tick at least two jobs", "err"); return; }
  try {
    const q = new URLSearchParams(ids.map((i) => ["jobs", String(i)]));
    const merged = await api("/api/compare?" + q);
    const docs = await Promise.all(ids.map((i) => api(`/api/jobs/${i}/result?format=json`)));
    const out = $("compare-out");
    out.innerHTML = `<h3>Median lost output, peak shortfall, days below 90%</h3>${table(merged.rows, null, ["country", "sector"])}
      <h3>Output by end-use sector, medians</h3><div id="cmp-charts" class="grid"></div>`;
    const groups = Object.keys(docs[0].series.sector.groups);
    groups.forEach((g) => {
      const div = document.createElement("div");
      div.className = "chart";
      $("cmp-charts").appendChild(div);
      const traces = docs.map((d, k) => ({
        x: d.series.sector.dates, y: (d.series.sector.groups[g] || {}).p50, mode: "lines",
        name: merged.scenarios[k], line: { color: PALETTE[k % 8], width: 2 },
      }));
      const [lo, hi] = fitRange(traces.flatMap((t) => t.y || []), 0.01);
      Plotly.newPlot(div, traces, { title: { text: "sector: " + g, font: { size: 13 } }, height: 260,
        margin: { l: 62, r: 10, t: 32, b: 40 }, legend: { orientation: "h", y: -0.25 },
        xaxis: { type: "date", tickformat: "%b %Y", nticks: 6 },
        yaxis: { tickformat: percentFormat(lo, hi), range: [lo, hi] } }, PLOT_CONFIG);
    });
    status(`compared ${ids.length} jobs`, "ok");
  } catch (err) { fail(err); }
}

// -- backtest --------------------------------------------------------------------------
async function runBacktest(ev) {
  ev.preventDefault();
  try {
    await submit({ kind: "backtest", target: "2025", runs: Number($("bt-runs").value) || null },
      (job) => showBacktest(job.id));
  } catch (err) { fail(err); }
}

async function showBacktest(id) {
  const doc = await api(`/api/jobs/${id}/result?format=json`);
  const m = doc.metrics;
  const out = $("bt-out");
  out.innerHTML = `<p class="muted">Job ${id}, ${esc(doc.runs)} runs. Calibration sample to ${esc(doc.in_sample_end)}; later months held out.
    MAPE in sample ${fmt(m.mape_in_sample)}, out of sample ${fmt(m.mape_out_of_sample)}, correlation ${fmt(m.correlation)}.</p>
    <div class="grid"><div id="bt-world" class="chart"></div><div id="bt-usa" class="chart"></div></div>
    <h3>Monthly values</h3>${table(doc.months, ["month", "series", "sample", "observed_t", "simulated_t", "simulated_p05_t", "simulated_p95_t"], ["month", "series", "sample"])}`;
  [["world", "World"], ["usa", "United States"]].forEach(([key, label]) => {
    const rows = doc.months.filter((r) => r.series === key);
    const x = rows.map((r) => r.month + "-15");
    Plotly.newPlot("bt-" + key, [
      { x, y: rows.map((r) => r.simulated_p95_t), mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
      { x, y: rows.map((r) => r.simulated_p05_t), mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: "#0072B233", name: "simulated 5-95%" },
      { x, y: rows.map((r) => r.simulated_t), mode: "lines", line: { color: "#0072B2", width: 2 }, name: "simulated mean" },
      { x, y: rows.map((r) => r.observed_t), mode: "markers", marker: { color: "#D55E00", size: 8 }, name: "customs (observed)" },
    ], { title: { text: `China's magnet exports to ${label}, t/month`, font: { size: 13 } }, height: 300,
      margin: { l: 60, r: 10, t: 32, b: 40 }, legend: { orientation: "h", y: -0.2 },
      xaxis: { type: "date", tickformat: "%b %Y" }, yaxis: { rangemode: "tozero", title: { text: "t/month" } } },
    PLOT_CONFIG);
  });
}

// -- news ------------------------------------------------------------------------------
async function loadNews() {
  try {
    const props = await api("/api/news/proposals");
    $("proposals-out").innerHTML = table(props.map((p) => Object.assign({}, p, {
      entries: Object.values(p.patch).flat().map((e) => e.id).join(", "),
      source: p.sources && p.sources.length ? (p.sources[0].url || p.sources[0].path || "") : "",
    })), ["id", "status", "action", "date", "entries", "evidence", "source"], ["status", "action", "entries", "evidence", "source"], {
      status: (p) => esc(p.status) + (p.status === "proposed" ? ` <button class="accept" data-id="${p.id}">accept</button>` : ""),
    });
    const events = await api("/api/news/events");
    $("events-out").innerHTML = table(events.map((e) => Object.assign({}, e, {
      actors: (e.actors || []).map((a) => a.name).join("; "), commodities: (e.commodities || []).join("; "),
      sources: (e.sources || []).length,
    })), ["id", "date", "type", "actors", "commodities", "salience", "sources", "evidence"], ["type", "actors", "commodities", "evidence"]);
  } catch (err) { fail(err); }
}

async function ingestNews(ev) {
  ev.preventDefault();
  const f = $("news-file").files[0];
  if (!f) return;
  const form = new FormData();
  form.append("file", f);
  if ($("news-published").value) form.append("published", $("news-published").value);
  try {
    const rows = await api("/api/news/ingest", { method: "POST", body: form });
    $("news-ingest-out").innerHTML = table(rows, ["document", "file", "title", "published", "status", "events"], ["file", "title", "status"]);
    status(`ingested ${f.name}`, "ok");
    loadNews();
  } catch (err) { fail(err); }
}

async function proposeNews() {
  try {
    const made = await api("/api/news/propose", { method: "POST" });
    status(`${made.length} new proposal(s)`, "ok");
    loadNews();
  } catch (err) { fail(err); }
}

async function acceptProposal(id) {
  try {
    const r = await api(`/api/news/proposals/${id}/accept`, { method: "POST" });
    status(`accepted proposal ${id}: ${r.entries.join(", ")} added to the team timeline`, "ok");
    loadNews();
  } catch (err) { fail(err); }
}

// -- suppliers -------------------------------------------------------------------------
async function loadMaps() {
  try {
    const maps = await api("/api/suppliers/maps");
    const current = $("map-pick").value;
    $("map-pick").innerHTML = maps.map((m) => `<option value="${esc(m.name)}">${esc(m.name)}</option>`).join("");
    if (current) $("map-pick").value = current;
  } catch (err) { fail(err); }
}

async function uploadMap(ev) {
  ev.preventDefault();
  const form = new FormData();
  form.append("name", $("map-name").value);
  form.append("file", $("map-file").files[0]);
  form.append("replace", $("map-replace").checked ? "true" : "false");
  try {
    const r = await api("/api/suppliers/maps", { method: "POST", body: form });
    $("map-upload-out").innerHTML = `<p>Stored map <b>${esc(r.name)}</b>: ${esc(Object.entries(r.tables).map(([k, v]) => k + " " + v).join(", "))}</p>`;
    status(`map ${r.name} uploaded`, "ok");
    await loadMaps();
    $("map-pick").value = r.name;
  } catch (err) {
    $("map-upload-out").innerHTML = `<div class="err-list">${esc(err.message)}</div>`;
    fail(err);
  }
}

async function showExposure() {
  const name = $("map-pick").value;
  if (!name) return;
  try {
    const ex = await api(`/api/suppliers/maps/${encodeURIComponent(name)}/exposure`);
    const out = $("map-out");
    out.innerHTML = `<h3>Exposure of ${esc(name)}: content per unit and where it passes</h3>
      ${table(ex.summary, null, ["line_id", "site_id", "country", "element", "top_origin"])}
      <div id="exp-chart" class="chart"></div>
      <h3>Shares by tier and country</h3>${table(ex.countries.filter((r) => r.share >= 0.001), null, ["line_id", "element", "tier", "country"])}`;
    const origin = ex.countries.filter((r) => String(r.tier) === "origin");
    const lines = [...new Set(origin.map((r) => r.line_id + " " + r.element))];
    const countries = [...new Set(origin.map((r) => r.country))];
    Plotly.newPlot("exp-chart", countries.map((c, k) => ({
      type: "bar", orientation: "h", name: c, marker: { color: PALETTE[k % 8] },
      y: lines, x: lines.map((l) => {
        const r = origin.find((o) => o.line_id + " " + o.element === l && o.country === c);
        return r ? r.share : 0;
      }),
    })), { barmode: "stack", title: { text: "Origin of each line's element content (share)", font: { size: 13 } },
      height: 120 + 28 * lines.length, margin: { l: 170, r: 10, t: 32, b: 40 }, xaxis: { tickformat: ".0%", range: [0, 1] } },
    PLOT_CONFIG);
    status(`exposure of ${name}`, "ok");
  } catch (err) { fail(err); }
}

async function runMap() {
  const name = $("map-pick").value;
  if (!name) return;
  try {
    await submit({ kind: "suppliers", target: name, scenario: $("map-scenario").value,
      runs: Number($("map-runs").value) || null }, (job) => showLineStops(job.id));
  } catch (err) { fail(err); }
}

async function showLineStops(id) {
  const doc = await api(`/api/jobs/${id}/result?format=json`);
  const out = $("map-out");
  out.innerHTML = `<h3>Line stops of ${esc(doc.map)} under ${esc(doc.scenario)} from ${esc(doc.start)} (job ${id})</h3>
    <div id="stop-chart" class="chart"></div>
    ${table(doc.lines, ["line_id", "site_id", "share_of_runs_stopped", "days_to_stop_p10", "days_to_stop_p50", "days_to_stop_p90",
      "stop_date_p50", "output_lost_days_p50", "output_lost_usd_p50", "recovery_date_p50"], ["line_id", "site_id", "stop_date_p50", "recovery_date_p50"])}
    <h3>Assumptions</h3><ul>${doc.assumptions.map((a) => `<li>${esc(a)}</li>`).join("")}</ul>`;
  const lines = doc.lines.map((r) => r.line_id);
  Plotly.newPlot("stop-chart", [
    { type: "bar", orientation: "h", y: lines, x: doc.lines.map((r) => r.days_to_stop_p50), name: "median",
      marker: { color: "#D55E00" },
      error_x: { type: "data", symmetric: false,
        array: doc.lines.map((r) => (r.days_to_stop_p90 ?? r.days_to_stop_p50) - r.days_to_stop_p50),
        arrayminus: doc.lines.map((r) => r.days_to_stop_p50 - (r.days_to_stop_p10 ?? r.days_to_stop_p50)) } },
  ], { title: { text: "Days until each line stops (median, 10-90% of runs; none: no stop in the horizon)", font: { size: 13 } },
    height: 120 + 30 * lines.length, margin: { l: 120, r: 10, t: 32, b: 40 }, xaxis: { title: { text: "days" }, rangemode: "tozero" } },
  PLOT_CONFIG);
}

// -- wiring ----------------------------------------------------------------------------
document.addEventListener("click", (ev) => {
  const t = ev.target;
  if (t.matches("#tabs button")) showTab(t.dataset.tab);
  else if (t.matches(".show-job")) {
    ev.preventDefault();
    if (t.dataset.kind === "scenario") showScenarioResult(Number(t.dataset.id)).catch(fail);
    else if (t.dataset.kind === "backtest") { showTab("backtest"); showBacktest(Number(t.dataset.id)).catch(fail); }
    else { showTab("suppliers"); showLineStops(Number(t.dataset.id)).catch(fail); }
  } else if (t.matches(".cancel-job")) {
    api(`/api/jobs/${t.dataset.id}/cancel`, { method: "POST" }).then(loadJobs, fail);
  } else if (t.matches(".accept")) acceptProposal(Number(t.dataset.id));
});

window.addEventListener("DOMContentLoaded", () => {
  $("token").value = sessionStorage.getItem("chokepoints-token") || "";
  $("token").addEventListener("change", whoami);
  $("regime-form").addEventListener("submit", showRegime);
  $("upcoming-form").addEventListener("submit", showUpcoming);
  $("run-form").addEventListener("submit", runScenario);
  $("sc-name").addEventListener("change", describeScenario);
  $("compare-go").addEventListener("click", runCompare);
  $("bt-form").addEventListener("submit", runBacktest);
  $("news-form").addEventListener("submit", ingestNews);
  $("news-propose").addEventListener("click", proposeNews);
  $("map-form").addEventListener("submit", uploadMap);
  $("map-exposure").addEventListener("click", showExposure);
  $("map-run").addEventListener("click", runMap);
  whoami();
  loadScenarios().catch(fail);
  loadJobs();
  showRegime();
  showUpcoming();
  document.body.dataset.ready = "1";
});
