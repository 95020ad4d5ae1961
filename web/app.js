// app.js — parley's web page: pick or load a scenario, change its judgement calls
// and watch 2,000 negotiations re-run (What if?), replay one negotiation event by
// event (Replay), or sit in one actor's seat (Play). Every engine call goes to a
// Web Worker (worker.js); the contract of the engine is web/API.md.
"use strict";

const REPLICATES = 2000;        // replicates of every run the page makes
const DEBOUNCE_MS = 250;        // wait this long after the last change before running
const DEFAULT_SCENARIO = "ukraine_2025.toml";

// ---------------------------------------------------------------------------
// Small helpers: DOM building, SVG, number formatting
// ---------------------------------------------------------------------------

const $ = (selector, root = document) => root.querySelector(selector);

// el("div", {class: "x", onclick: f}, child, "text", …): an element with attributes,
// event handlers (on…) and children (nodes or strings; null/false are skipped).
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

// Numbers as the CLI prints them: three significant digits ("0.622", "2.57", "24").
function fmt3(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  return String(Number(Number(x).toPrecision(3)));
}
const fmt2 = (x) => (x === null || x === undefined || Number.isNaN(x) ? "—" : Number(x).toFixed(2));
const pct = (x, digits = 1) => (x === null || x === undefined ? "—" : (100 * x).toFixed(digits) + "%");
const signed = (x, digits) => (x > 0 ? "+" : x < 0 ? "−" : "±") + Math.abs(x).toFixed(digits);
const words = (id) => String(id).replace(/_/g, " ");

// "a", "a and b", "a, b and c"
function listWords(items) {
  const list = items.filter((s) => s !== "" && s !== null && s !== undefined);
  if (list.length <= 1) return list.join("");
  return list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
}

// A number as TOML text for set_parameter: "0.6", "1.0" (a float), or "20" (integer).
function tomlNumber(x, integer = false) {
  if (integer) return String(Math.round(Number(x)));
  const text = String(Number(x));
  return /[.eE]/.test(text) || !Number.isFinite(Number(x)) ? text : text + ".0";
}

// ---------------------------------------------------------------------------
// Engine connection: a Web Worker answering {id, call, args} with {id, result}
// ---------------------------------------------------------------------------

const Engine = (() => {
  let worker = null;       // the worker, once it said it is ready
  let inPage = null;       // the engine object itself, when no worker could start
  let nextId = 1;
  const pending = new Map();  // id -> {resolve, reject}
  let mode = "";

  // Load a script into the page once (file:// allows <script>, not fetch).
  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const found = document.querySelector(`script[data-src="${src}"]`);
      if (found) return resolve();
      const script = el("script", { src, "data-src": src });
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    });
  }

  // Wait for a worker's {ready} message; reject if it fails first.
  function attach(w) {
    return new Promise((resolve, reject) => {
      let ready = false;
      w.onmessage = (event) => {
        const message = event.data;
        if (message && "ready" in message && !("id" in message)) {
          if (message.ready) {
            ready = true;
            resolve(w);
          } else reject(new Error(message.error || "the engine did not start"));
          return;
        }
        settle(message);
      };
      w.onerror = (event) => {
        event.preventDefault();
        const error = new Error(event.message || "the engine's worker failed");
        if (!ready) reject(error);
        else for (const [id, p] of pending) (pending.delete(id), p.reject(error));
      };
    });
  }

  function settle(message) {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if ("error" in message) waiting.reject(new Error(message.error));
    else waiting.resolve(message.result);
    Engine.onchange();
  }

  // The same worker built from a Blob: Chromium refuses `new Worker("worker.js")`
  // on a file:// page but accepts a Blob worker. Its source is the engine's factory
  // (loaded into the page by a <script>) and worker.js's parleyWorkerMain.
  async function blobWorker() {
    await loadScript("parley_engine.js");
    await loadScript("worker.js");
    const source =
      "self.PARLEY_SCENARIOS = " + JSON.stringify(self.PARLEY_SCENARIOS || []) + ";\n" +
      "self.PARLEY_FILES = " + JSON.stringify(self.PARLEY_FILES || []) + ";\n" +
      "var _scriptName = undefined, _scriptDir = undefined;\n" +
      "var createParleyEngine = (" + createParleyEngine.toString() + ");\n" +
      "(" + parleyWorkerMain.toString() + ")();\n";
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    return new Worker(url);
  }

  // Start the engine: a worker from worker.js; else a Blob worker (file://); as a
  // last resort the engine in the page itself (the page then pauses during a run).
  async function start() {
    const attempts = [
      ["worker", async () => new Worker("worker.js")],
      ["worker (inline)", blobWorker],
    ];
    for (const [name, make] of attempts) {
      let w = null;
      try {
        w = await make();
        worker = await attach(w);
        mode = name;
        return mode;
      } catch (e) {
        if (w) w.terminate();
        console.info(`parley: ${name} did not start here, trying the next way:`, String(e));
      }
    }
    await loadScript("parley_engine.js");
    inPage = await createParleyEngine();
    for (const file of self.PARLEY_FILES || []) inPage.add_file(file.path, file.text);
    mode = "in the page";
    return mode;
  }

  // call("run", id, 2000, seed) -> Promise of the parsed answer.
  function call(name, ...args) {
    const id = nextId++;
    const promise = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    if (worker) worker.postMessage({ id, call: name, args });
    else if (inPage) {
      setTimeout(() => {
        let message;
        try {
          let result = inPage[name](...args);
          if (typeof result === "string" && /^\s*[{[]/.test(result)) {
            try { result = JSON.parse(result); } catch (e) { /* keep text */ }
          }
          message = { id, result };
        } catch (e) {
          message = { id, error: String((e && e.message) || e) };
        }
        settle(message);
      }, 20);  // let the page paint "working…" first
    } else {
      pending.delete(id);
      return Promise.reject(new Error("the engine has not started"));
    }
    Engine.onchange();
    return promise;
  }

  return {
    start,
    call,
    busy: () => pending.size > 0,
    mode: () => mode,
    onchange: () => {},
  };
})();

// ---------------------------------------------------------------------------
// State of the page
// ---------------------------------------------------------------------------

const state = {
  fileName: null,        // e.g. "ukraine_2025.toml"
  shipped: false,        // one of PARLEY_SCENARIOS (shareable by link)
  text: null,            // the scenario file's text
  id: null,              // engine id of the scenario with the page's changes
  baseId: null,          // engine id of an untouched copy (the baseline)
  story: null,           // story of `id` (its overrides are the page's changes)
  baseStory: null,       // story as written
  seed: "0",             // as text: seeds run up to 2^64 - 1
  baselines: new Map(),  // seed -> run of the untouched copy
  current: null,         // {run, seed, overrides} of the latest run shown
  gen: 0,                // bumped by every change; stale answers are dropped
  changes: new Map(),    // path -> value text: the page's changes, in the order they apply
  pending: new Map(),    // path -> value text (null: undo) not yet applied
  timer: null,
  flushing: Promise.resolve(),  // the chain of flushChanges, one at a time
  lastHash: null,        // the hash this page wrote last (to ignore its own change)
};

const actorName = (id) => state.story?.actors.find((a) => a.id === id)?.name ?? id;
const issueById = (id) => state.story?.issues.find((i) => i.id === id);
const overridesOf = (story) => (story?.overrides || []).slice();
const metric = (run, name) => run?.summary?.find((row) => row.metric === name);
const column = (run, name) => run?.outcomes?.columns?.find((c) => c.name === name);

// ---------------------------------------------------------------------------
// Errors and status
// ---------------------------------------------------------------------------

function showError(message) {
  const box = $("#error");
  box.textContent = "";
  box.append(el("button", { type: "button", class: "close", "aria-label": "close", onclick: hideError }, "×"),
             el("pre", {}, message));
  box.hidden = false;
}
function hideError() {
  $("#error").hidden = true;
}

function updateStatus() {
  const status = $("#engine-status");
  const busy = Engine.busy() || state.pending.size > 0;
  status.textContent = Engine.mode() ? (busy ? "working…" : `ready (engine ${Engine.mode()})`) : "starting the engine…";
  status.classList.toggle("busy", busy);
  document.body.dataset.busy = busy ? "1" : "0";
}
Engine.onchange = updateStatus;

// ---------------------------------------------------------------------------
// Loading a scenario (shipped or from a file)
// ---------------------------------------------------------------------------

let loadGen = 0;

// Load `text` twice (the copy the page changes and an untouched baseline), apply
// `overrides` ("path=value" texts), draw the story and the controls, then run.
async function loadScenario(text, fileName, shipped, { seed = null, overrides = [] } = {}) {
  const myLoad = ++loadGen;
  state.gen++;
  hideError();
  const first = await Engine.call("load_scenario", text, fileName);
  if (!first.ok) {
    showError(`Could not load ${fileName}:\n${first.error}`);
    $("#scenario-select").value = state.shipped ? state.fileName : "";  // the one still shown
    return false;
  }
  const second = await Engine.call("load_scenario", text, fileName);
  if (myLoad !== loadGen) {  // another load started meanwhile: drop these
    Engine.call("free_scenario", first.id);
    Engine.call("free_scenario", second.id);
    return false;
  }
  for (const old of [state.id, state.baseId]) if (old !== null) Engine.call("free_scenario", old);
  const sameText = state.text === text;
  Object.assign(state, {
    fileName, shipped, text,
    id: first.id, baseId: second.id,
    story: first.story, baseStory: second.story,
    seed: String(seed ?? first.story.run.seed),
    current: null,
  });
  if (!sameText) state.baselines = new Map();
  state.pending.clear();
  state.changes = new Map();
  $("#seed").value = state.seed;

  const errors = [];
  for (const override of overrides) {
    const cut = override.indexOf("=");
    if (cut < 0) continue;
    const [path, value] = [override.slice(0, cut), override.slice(cut + 1)];
    const answer = await Engine.call("set_parameter", state.id, path, value);
    if (answer.ok) {
      state.story = answer.story;
      state.changes.delete(path);
      state.changes.set(path, value);
    } else errors.push(`${override}: ${answer.error}`);
  }
  if (errors.length) showError("Some settings of the link were not applied:\n" + errors.join("\n"));

  renderStory();
  renderControls();
  resetReplay();
  resetPlay();
  updateLink();
  await runNow();
  return true;
}

// ---------------------------------------------------------------------------
// The story: the scenario in words
// ---------------------------------------------------------------------------

function issueRangeWords(issue) {
  if (issue.options && issue.options.length) return "options " + issue.options.map(words).join(", ");
  const ends = issue.ends && issue.ends.length === 2 ? ` (${fmt3(issue.min)}: ${issue.ends[0]}; ${fmt3(issue.max)}: ${issue.ends[1]})` : "";
  return `range ${fmt3(issue.min)} to ${fmt3(issue.max)}${ends}`;
}

function statusQuoWords(issue) {
  const sq = issue.status_quo;
  if (issue.options && issue.options.length) {
    return words(typeof sq === "number" ? issue.options[Math.round(sq)] ?? sq : sq);
  }
  return sq === null || sq === undefined ? "uncertain" : `${fmt3(sq)} ${shortUnit(issue)}`.trim();
}

const shortUnit = (issue) => (issue.unit || "").split(" (")[0];
const strategyKind = (actor) => (typeof actor.strategy === "string" ? actor.strategy : actor.strategy?.kind ?? "");

function renderStory() {
  const story = state.story;
  const box = $("#story");
  const firstParagraph = (story.description || "").split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
  // Open at first; a click on the name folds it away.
  const wasOpen = box.querySelector("details.story-details")?.open ?? true;
  box.textContent = "";
  const details = el("details", { open: wasOpen, class: "story-details" });
  box.append(details);
  append(details, [
    el("summary", {}, el("h2", { id: "story-name" }, story.name)),
    el("p", { class: "description" }, firstParagraph),
    el("p", { class: "muted small" },
       `File ${state.fileName}${state.shipped ? " (shipped with parley)" : " (loaded from your computer)"}. `,
       `Its own run: ${story.run.replicates} replicates, seed ${story.run.seed}.`)
  ]);

  // Phases in order.
  const phases = el("ol", { class: "phases" });
  story.phases.forEach((phase, k) => {
    const ratified = phase.ratifiers && phase.ratifiers.length
      ? `, ratified by ${listWords(phase.ratifiers.map(actorName))}` : ", no ratification";
    phases.append(el("li", {},
      el("strong", {}, `Phase ${k + 1}: ${phase.id}`),
      phase.label ? ` (${phase.label})` : "",
      ` — ${listWords(phase.participants.map(actorName))} at the table, ${words(phase.protocol)}, ` +
      `up to ${phase.max_rounds} round${phase.max_rounds === 1 ? "" : "s"}${ratified}; rule: ${phase.rule}.`));
  });

  // Actors: strategy and red lines.
  const actors = el("table", { class: "compact" },
    el("thead", {}, el("tr", {}, el("th", {}, "actor"), el("th", {}, "strategy"), el("th", {}, "red lines"))),
    el("tbody", {}, story.actors.map((actor) => el("tr", {},
      el("td", {}, actor.name, el("span", { class: "muted" }, ` (${actor.id})`)),
      el("td", {}, words(strategyKind(actor))),
      el("td", {}, actor.red_lines && actor.red_lines.length
        ? el("ul", { class: "plain" }, actor.red_lines.map((r) => el("li", {}, el("code", {}, r))))
        : el("span", { class: "muted" }, "none"))))));

  // Issues: label, unit, range or options, status quo.
  const issues = el("table", { class: "compact" },
    el("thead", {}, el("tr", {}, el("th", {}, "issue"), el("th", {}, "unit"), el("th", {}, "range or options"), el("th", {}, "status quo"))),
    el("tbody", {}, story.issues.map((issue) => el("tr", {},
      el("td", {}, issue.label, el("span", { class: "muted" }, ` (${issue.id})`)),
      el("td", {}, issue.unit || "—"),
      el("td", {}, issueRangeWords(issue)),
      el("td", {}, statusQuoWords(issue))))));

  const extras = [];
  if (story.instruments && story.instruments.length) {
    extras.push(el("p", { class: "small" }, el("strong", {}, "Instruments: "),
      story.instruments.map((i) => i.kind === "threat"
        ? `${actorName(i.holder)} may threaten ${actorName(i.target)} (${words(i.id)})`
        : `${actorName(i.holder)} may pay ${actorName(i.target)} (${words(i.id)})`).join("; ") + "."));
  }
  if (story.shocks && story.shocks.length) {
    extras.push(el("p", { class: "small" }, el("strong", {}, "Shocks: "), story.shocks.map((s) => s.label || s.id).join("; ") + "."));
  }

  append(details, [
    el("h3", {}, "Phases"), phases,
    el("div", { class: "two-columns" },
      el("div", {}, el("h3", {}, "Actors"), actors),
      el("div", {}, el("h3", {}, "Issues"), issues)),
    extras
  ]);
}

// ---------------------------------------------------------------------------
// What-if controls: one per judgement call, deadlines and strategy kinds
// ---------------------------------------------------------------------------

// A slider step that reaches round values: 0.01 on [0, 1], 0.1 on [0, 24].
function sliderStep(min, max) {
  const span = max - min;
  if (!(span > 0)) return "any";
  return String(10 ** Math.floor(Math.log10(span / 100)));
}

// "actors.us.salience.minerals_share" in group "us" -> "salience · minerals share"
function parameterLabel(path, group) {
  let rest = path;
  for (const prefix of [`actors.${group}.`, `${group}.`]) {
    if (rest.startsWith(prefix)) { rest = rest.slice(prefix.length); break; }
  }
  return rest.split(".").map(words).join(" · ");
}

function groupTitle(group) {
  const actor = state.story.actors.find((a) => a.id === group);
  return actor ? actor.name : words(group || "other");
}

// A guess at the middle of an uncertain parameter's distribution, to place its slider.
function distributionCentre(text, min, max) {
  const grab = (key) => {
    const m = new RegExp(`\\b${key}\\s*=\\s*(-?[0-9.eE+-]+)`).exec(text || "");
    return m ? Number(m[1]) : null;
  };
  const mode = grab("mode"), mean = grab("mean"), lo = grab("min"), hi = grab("max");
  const guess = mode ?? mean ?? (lo !== null && hi !== null ? (lo + hi) / 2 : (min + max) / 2);
  return Math.min(max, Math.max(min, guess));
}

function renderControls() {
  const box = $("#controls");
  const open = new Set([...box.querySelectorAll("details[open]")].map((d) => d.dataset.group));
  const firstTime = box.childElementCount === 0;
  box.textContent = "";
  const story = state.story;

  // Groups in order of first appearance; actors' strategy kinds go in their group.
  const groups = new Map();
  const groupOf = (name) => {
    if (!groups.has(name)) groups.set(name, []);
    return groups.get(name);
  };
  const structural = (path) => /^phases\.[^.]+\.max_rounds$/.test(path) || /^actors\.[^.]+\.strategy\.kind$/.test(path);

  groupOf("phases").push(...story.phases.map(deadlineRow));
  for (const actor of story.actors) groupOf(actor.id).push(strategyRow(actor));
  for (const p of story.parameters) {
    if (!p.judgement || structural(p.path)) continue;
    groupOf(p.group || "other").push(parameterRow(p));
  }

  for (const [group, rows] of groups) {
    if (!rows.length) continue;
    const details = el("details", { "data-group": group },
      el("summary", {}, group === "phases" ? "Phases (deadlines)" : groupTitle(group),
         el("span", { class: "muted small" }, ` ${rows.length} setting${rows.length === 1 ? "" : "s"}`)),
      el("div", { class: "rows" }, rows));
    if (open.has(group) || (firstTime && group === story.actors[0]?.id)) details.open = true;
    box.append(details);
  }
  markChangedControls();
}

// A row: label, control, value shown, a button back to the scenario's value.
function controlRow(path, label, control, shown, note) {
  return el("div", { class: "row", "data-row": path },
    el("label", { for: "ctl-" + path, title: path }, label),
    control,
    el("output", { class: "value" }, shown),
    el("button", { type: "button", class: "restore", title: "back to the scenario's value", onclick: () => restoreParameter(path) }, "↺"),
    note ? el("div", { class: "note" }, note) : null);
}

function deadlineRow(phase) {
  const path = `phases.${phase.id}.max_rounds`;
  const input = el("input", { type: "number", id: "ctl-" + path, "data-path": path, min: 1, step: 1, value: phase.max_rounds });
  const onChange = () => {
    if (!(Number(input.value) >= 1)) return;
    queueChange(path, tomlNumber(input.value, true));
  };
  input.addEventListener("change", onChange);
  return controlRow(path, `${phase.id}: deadline (rounds)`, input, "");
}

function strategyRow(actor) {
  const path = `actors.${actor.id}.strategy.kind`;
  const kind = strategyKind(actor);
  const select = el("select", { id: "ctl-" + path, "data-path": path },
    (state.story.strategies || [kind]).map((s) => el("option", { value: s, selected: s === kind }, words(s))));
  select.addEventListener("change", () => queueChange(path, JSON.stringify(select.value)));
  return controlRow(path, "strategy", select, "");
}

// A round number at or above x: 1, 2, 5, 10, 20, 50, …
function niceCeil(x) {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * power >= x) return m * power;
  return 10 * power;
}

// The slider's range: the parameter's [min, max] when that is a practical span;
// an open or huge domain (capabilities and saliences go to 1e12) gets a window
// around the value instead. The number box next to it takes any allowed value.
function sliderRange(p, centre) {
  const domainLo = Number.isFinite(p.min) ? p.min : -Infinity;
  const domainHi = Number.isFinite(p.max) ? p.max : Infinity;
  if (domainHi - domainLo <= 100) return { lo: domainLo, hi: domainHi, domainLo, domainHi };
  const hi = Math.min(domainHi, niceCeil(Math.max(1, 2 * Math.abs(centre), /exponent/.test(p.path) ? 10 : 0)));
  const lo = Number.isFinite(domainLo) && domainLo > -hi ? domainLo : -hi;
  return { lo, hi, domainLo, domainHi };
}

// The discrete issue a parameter is a position on (an ideal point, a status quo).
function discreteIssueOf(path) {
  const m = /^actors\.[^.]+\.ideal\.([^.]+)$/.exec(path) || /^issues\.([^.]+)\.status_quo$/.exec(path);
  const issue = m ? issueById(m[1]) : null;
  return issue && issue.options && issue.options.length ? issue : null;
}

// A position on a discrete issue: a select of its options (set by name).
function optionRow(p, issue) {
  const current = Number.isFinite(p.value) ? Math.round(p.value) : -1;
  const select = el("select", { id: "ctl-" + p.path, "data-path": p.path },
    current < 0 ? el("option", { value: "", selected: true, disabled: true }, "uncertain") : null,
    issue.options.map((name, k) => el("option", { value: k, selected: k === current }, words(name))));
  select.addEventListener("change", () => queueChange(p.path, JSON.stringify(issue.options[Number(select.value)])));
  return controlRow(p.path, parameterLabel(p.path, p.group), select, "",
    current < 0 ? el("span", {}, "uncertain, drawn in each replicate: ", el("code", {}, p.distribution)) : null);
}

// A number: a slider and a number box, kept in step.
function parameterRow(p) {
  const discrete = discreteIssueOf(p.path);
  if (discrete) return optionRow(p, discrete);
  const uncertain = p.value === null || p.value === undefined;
  const rough = sliderRange(p, 0);
  const value = uncertain ? distributionCentre(p.distribution, Math.max(rough.lo, -1e6), Math.min(rough.hi, 1e6)) : Number(p.value);
  const { lo, hi, domainLo, domainHi } = sliderRange(p, value);
  const step = sliderStep(lo, hi);
  const sliderLo = step === "any" ? lo : Math.ceil(lo / Number(step) - 1e-9) * Number(step);  // round ends: 0.1, not 0.001
  const slider = el("input", {
    type: "range", id: "ctl-" + p.path, "data-path": p.path, min: Number(sliderLo.toPrecision(12)), max: hi, step, value,
    class: uncertain ? "uncertain" : null, "aria-label": p.path,
  });
  const box = el("input", {
    type: "number", class: "value", min: Number.isFinite(domainLo) ? domainLo : null, max: Number.isFinite(domainHi) ? domainHi : null,
    step: "any", value: uncertain ? "" : value, placeholder: uncertain ? "drawn" : "", "aria-label": p.path + " (exact value)",
  });
  const note = uncertain ? el("span", {}, "uncertain, drawn in each replicate: ", el("code", {}, p.distribution), " — move the slider or type a value to fix it") : null;
  const row = controlRow(p.path, parameterLabel(p.path, p.group), slider, "", note);
  row.querySelector("output").replaceWith(box);
  // Once fixed, say what the file had (↺ goes back to it).
  const fixed = () => {
    if (note) note.replaceChildren("fixed by you; the file draws it: ", el("code", {}, p.distribution), " (↺ goes back to that)");
  };
  const onSlider = () => {
    fixed();
    slider.classList.remove("uncertain");
    box.value = slider.value;
    queueChange(p.path, tomlNumber(slider.value));
  };
  slider.addEventListener("input", onSlider);
  slider.addEventListener("change", onSlider);
  box.addEventListener("change", () => {
    const v = Number(box.value);
    if (box.value === "" || !Number.isFinite(v)) return;
    if (v > Number(slider.max)) slider.max = v;
    if (v < Number(slider.min)) slider.min = v;
    slider.value = v;
    fixed();
    slider.classList.remove("uncertain");
    queueChange(p.path, tomlNumber(v));
  });
  return row;
}

// Mark the rows whose setting differs from the file (changed or about to be).
function markChangedControls() {
  for (const row of document.querySelectorAll("#controls .row")) {
    const path = row.dataset.row;
    const pending = state.pending.has(path);
    row.classList.toggle("changed", pending ? state.pending.get(path) !== null : state.changes.has(path));
  }
  for (const details of document.querySelectorAll("#controls details")) {
    details.classList.toggle("has-changes", details.querySelector(".row.changed") !== null);
  }
}

// Back to the value (or distribution) the scenario file gives: drop the change.
function restoreParameter(path) {
  queueChange(path, null, { rebuild: true });
}

// A change (null: undo the change of that path): remember it, and after
// DEBOUNCE_MS without another, apply them all and re-run.
function queueChange(path, valueText, { rebuild = false } = {}) {
  state.pending.set(path, valueText);
  state.rebuildControls = state.rebuildControls || rebuild;
  markChangedControls();
  $(".results").classList.add("stale");
  updateStatus();
  clearTimeout(state.timer);
  state.timer = setTimeout(() => {
    // One flush at a time, in order.
    state.flushing = state.flushing.then(flushChanges, flushChanges);
  }, DEBOUNCE_MS);
}

// Apply the pending changes. state.changes holds every change in the order it
// applies, one per path (a path set again moves to the end), and the scenario
// in the engine is always the file with exactly those changes: new paths are
// set on it directly; a path set again or undone rebuilds it from the file.
// So the story's overrides, the link and what the page shows always agree.
async function flushChanges() {
  const pending = [...state.pending];
  state.pending.clear();
  if (!pending.length) return;
  state.gen++;
  const load = loadGen;
  const rebuild = pending.some(([path, value]) => value === null || state.changes.has(path));
  for (const [path, value] of pending) {
    state.changes.delete(path);
    if (value !== null) state.changes.set(path, value);
  }
  const pathsBefore = state.story.parameters.map((p) => p.path).join("\n");
  let id = state.id, story = state.story;
  let toApply = pending.filter(([, value]) => value !== null);
  if (rebuild) {
    const fresh = await Engine.call("load_scenario", state.text, state.fileName);
    if (!fresh.ok) return showError(fresh.error);
    id = fresh.id;
    story = fresh.story;
    toApply = [...state.changes];
  }
  const errors = [];
  for (const [path, value] of toApply) {
    const answer = await Engine.call("set_parameter", id, path, value);
    if (answer.ok) story = answer.story;
    else {
      errors.push(`${path} = ${value}: ${answer.error}`);
      state.changes.delete(path);
    }
  }
  if (load !== loadGen) {  // a new scenario was loaded meanwhile
    if (id !== state.id) Engine.call("free_scenario", id);
    return;
  }
  if (id !== state.id) {
    Engine.call("free_scenario", state.id);
    state.id = id;
  }
  state.story = story;
  if (errors.length) showError(errors.join("\n"));
  // A new strategy kind brings other parameters; an undone or refused change
  // must show the file's value again: rebuild the controls then.
  const pathsAfter = state.story.parameters.map((p) => p.path).join("\n");
  if (pathsBefore !== pathsAfter || state.rebuildControls || errors.length) renderControls();
  state.rebuildControls = false;
  markChangedControls();
  renderStory();
  updateLink();
  markReplayStale();
  markPlayStale();
  await runNow();
}

// ---------------------------------------------------------------------------
// Runs: the baseline (untouched copy, per seed) and the current settings
// ---------------------------------------------------------------------------

async function runNow() {
  const gen = ++state.gen;
  const seed = state.seed;
  const overrides = overridesOf(state.story);
  $(".results").classList.add("stale");
  updateStatus();
  const started = performance.now();
  if (!state.baselines.has(seed)) {
    const run = await Engine.call("run_without_analysis", state.baseId, REPLICATES, Number(seed));
    if (run.ok) state.baselines.set(seed, run);
    else if (gen === state.gen) return showError(`The run failed: ${run.error}`);
  }
  const baseline = state.baselines.get(seed);
  // Without changes the current run is the baseline itself.
  const run = overrides.length ? await Engine.call("run_without_analysis", state.id, REPLICATES, Number(seed)) : baseline;
  if (gen !== state.gen) return;  // a newer change is on its way
  if (!run || !run.ok) return showError(`The run failed: ${run ? run.error : "no answer"}`);
  state.current = { run, seed, overrides };
  renderResults(run, baseline, (performance.now() - started) / 1000);
  $(".results").classList.remove("stale");
  updateStatus();
}

// ---------------------------------------------------------------------------
// Results: agreement, differences, histograms, utilities
// ---------------------------------------------------------------------------

function renderResults(run, baseline, wallSeconds) {
  const agreement = metric(run, "agreement");
  const box = $("#agreement");
  box.textContent = "";
  box.append(el("span", { class: "label" }, "Agreement "),
             el("span", { class: "big" }, pct(agreement.mean)),
             el("span", { class: "ci" }, ` (95% CI ${(100 * agreement.wilson_low).toFixed(1)}–${pct(agreement.wilson_high)})`));
  box.dataset.mean = String(agreement.mean);
  box.dataset.seed = state.current.seed;
  box.dataset.overrides = state.current.overrides.join(";");

  $("#run-info").textContent =
    `${run.replicates.toLocaleString("en")} replicates · seed ${state.current.seed} · ` +
    `${Number(run.seconds).toFixed(2)} s in the engine` +
    (run === baseline && wallSeconds < 0.05 ? " (the baseline, kept from before)" : ` · ${wallSeconds.toFixed(2)} s with the page`);

  renderDifference(run, baseline);
  renderHistograms(run, baseline);
  renderUtilities(run, baseline);
}

function renderDifference(run, baseline) {
  const box = $("#difference");
  box.textContent = "";
  const overrides = state.current.overrides;
  if (!overrides.length) {
    box.append(el("p", { class: "muted" }, "This is the baseline: the scenario as written. Change a judgement call on the left to see how the outcomes move."));
    return;
  }
  const now = metric(run, "agreement").mean, before = metric(baseline, "agreement").mean;
  const points = 100 * (now - before);
  const rows = state.story.issues.map((issue) => {
    const a = metric(baseline, "outcome." + issue.id)?.q50, b = metric(run, "outcome." + issue.id)?.q50;
    const discrete = issue.options && issue.options.length;
    const show = (v) => (discrete ? words(issue.options[Math.round(v)] ?? v) : fmt3(v));
    const shift = a === null || a === undefined || b === null || b === undefined ? "—"
      : discrete ? (Math.round(a) === Math.round(b) ? "same" : `${show(a)} → ${show(b)}`)
      : Math.abs(b - a) < 1e-12 ? "±0" : signed(b - a, 3).replace(/\.?0+$/, "");
    return el("tr", {}, el("td", {}, words(issue.id)), el("td", { class: "num" }, show(a)), el("td", { class: "num" }, show(b)),
              el("td", { class: "num" + (shiftClass(a, b) ? " moved" : "") }, shift));
  });
  append(box, [
    el("h3", {}, "Before and after your changes"),
    el("p", { class: "changes small" }, "Your changes: ", overrides.map((o) => el("code", {}, o)).reduce((acc, c) => acc.concat(acc.length ? [", ", c] : [c]), [])),
    el("p", { class: "delta" }, "Agreement ", el("strong", { id: "agreement-change", class: shiftClass(before, now) }, `${signed(points, 1)} points`),
       ` (${pct(before)} → ${pct(now)})`),
    el("table", { class: "compact" },
      el("thead", {}, el("tr", {}, el("th", {}, "median outcome"), el("th", {}, "baseline"), el("th", {}, "now"), el("th", {}, "shift"))),
      el("tbody", {}, rows))]);
}

const shiftClass = (a, b) => (a === null || b === null || a === undefined || b === undefined || Math.abs(b - a) < 1e-12 ? "" : b > a ? "up" : "down");

// An issue's outcomes as numbers (a discrete issue's as option indices); nulls dropped.
function issueValues(run, issue) {
  const col = column(run, issue.id);
  if (!col) return [];
  if (col.kind === "category") {
    return col.values.filter((code) => code !== null && code >= 0).map((code) => {
      const name = col.categories[code];
      const k = issue.options.indexOf(name);
      return k >= 0 ? k : Number(name);
    });
  }
  return col.values.filter((v) => v !== null && v !== undefined).map(Number);
}

// Shares per bin: continuous issues in `bins` bins over [min, max], discrete per option.
function histogram(values, issue, bins) {
  const discrete = issue.options && issue.options.length;
  const k = discrete ? issue.options.length : bins;
  const counts = new Array(k).fill(0);
  for (const v of values) {
    let b = discrete ? Math.round(v) : Math.floor(((v - issue.min) / (issue.max - issue.min)) * k);
    b = Math.max(0, Math.min(k - 1, b));
    counts[b]++;
  }
  return counts.map((c) => (values.length ? c / values.length : 0));
}

function renderHistograms(run, baseline) {
  const box = $("#histograms");
  box.textContent = "";
  for (const issue of state.story.issues) box.append(issueHistogram(issue, run, baseline));
}

function issueHistogram(issue, run, baseline) {
  const W = 330, H = 150, left = 34, right = 10, top = 8, bottom = 34;
  const discrete = issue.options && issue.options.length;
  const bins = discrete ? issue.options.length : 20;
  const now = histogram(issueValues(run, issue), issue, bins);
  const before = histogram(issueValues(baseline, issue), issue, bins);
  const ymax = Math.max(0.05, ...now, ...before);
  const pw = W - left - right, ph = H - top - bottom, bw = pw / bins;
  const x = (v) => left + ((v - issue.min) / (issue.max - issue.min || 1)) * pw;
  const y = (s) => top + ph - (s / ymax) * ph;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "histogram", role: "img", "aria-label": `outcomes of ${issue.label}` });

  // Axes and the share scale.
  svg.append(svgEl("line", { x1: left, y1: top + ph, x2: left + pw, y2: top + ph, class: "axis" }));
  for (const s of [0, ymax / 2, ymax]) {
    svg.append(svgEl("text", { x: left - 4, y: y(s) + 3, class: "tick", "text-anchor": "end" }, pct(s, 0)));
  }
  // Bars of this run.
  now.forEach((share, b) => {
    const gap = discrete ? bw * 0.2 : 0.5;
    svg.append(svgEl("rect", { x: left + b * bw + gap, y: y(share), width: Math.max(0, bw - 2 * gap), height: top + ph - y(share), class: "bar" },
      svgEl("title", {}, `${discrete ? words(issue.options[b]) : `${fmt3(issue.min + (b * (issue.max - issue.min)) / bins)}–${fmt3(issue.min + ((b + 1) * (issue.max - issue.min)) / bins)}`}: ${pct(share)}`)));
  });
  // The baseline as an outline.
  let path = `M ${left} ${y(0)}`;
  before.forEach((share, b) => { path += ` L ${left + b * bw} ${y(share)} L ${left + (b + 1) * bw} ${y(share)}`; });
  path += ` L ${left + pw} ${y(0)}`;
  svg.append(svgEl("path", { d: path, class: "baseline-outline" }));

  // Labels of the x axis; the status quo (dashed).
  if (discrete) {
    issue.options.forEach((name, b) => svg.append(svgEl("text", { x: left + (b + 0.5) * bw, y: H - bottom + 14, class: "tick", "text-anchor": "middle" }, words(name))));
  } else {
    for (const v of [issue.min, (issue.min + issue.max) / 2, issue.max]) {
      svg.append(svgEl("text", { x: x(v), y: H - bottom + 14, class: "tick", "text-anchor": "middle" }, fmt3(v)));
    }
    svg.append(svgEl("text", { x: left + pw / 2, y: H - 4, class: "tick unit", "text-anchor": "middle" }, shortUnit(issue)));
  }
  const sq = discrete ? (typeof issue.status_quo === "number" ? issue.status_quo : issue.options.indexOf(issue.status_quo)) : issue.status_quo;
  if (sq !== null && sq !== undefined && sq >= 0) {
    const sx = discrete ? left + (sq + 0.5) * bw : x(sq);
    svg.append(svgEl("line", { x1: sx, y1: top, x2: sx, y2: top + ph, class: "status-quo" }, svgEl("title", {}, "status quo")));
  }

  const medianNow = metric(run, "outcome." + issue.id)?.q50, medianBefore = metric(baseline, "outcome." + issue.id)?.q50;
  const show = (v) => (v === null || v === undefined ? "—" : discrete ? words(issue.options[Math.round(v)] ?? v) : fmt3(v));
  return el("figure", { class: "issue-figure", "data-issue": issue.id },
    el("figcaption", {}, el("strong", {}, issue.label),
       el("span", { class: "muted small" }, ` median ${show(medianNow)}` + (medianNow !== medianBefore ? ` (baseline ${show(medianBefore)})` : ""))),
    svg);
}

function renderUtilities(run, baseline) {
  const box = $("#utilities");
  box.textContent = "";
  const table = el("table", { class: "compact utilities" },
    el("thead", {}, el("tr", {}, el("th", {}, "actor"), el("th", {}, "mean utility (0–1; tick: baseline)"), el("th", {}, ""), el("th", {}, "beats its value of no deal"))));
  const body = el("tbody");
  for (const actor of state.story.actors) {
    const now = metric(run, "utility." + actor.id)?.mean, before = metric(baseline, "utility." + actor.id)?.mean;
    const beats = metric(run, "beats_reservation." + actor.id)?.mean;
    const bar = svgEl("svg", { viewBox: "0 0 200 14", class: "utility-bar" },
      svgEl("rect", { x: 0, y: 2, width: 200, height: 10, class: "track" }),
      svgEl("rect", { x: 0, y: 2, width: 200 * (now ?? 0), height: 10, class: "fill" }),
      before !== undefined && before !== null ? svgEl("line", { x1: 200 * before, x2: 200 * before, y1: 0, y2: 14, class: "tick-mark" }) : null);
    const delta = now !== undefined && before !== undefined && Math.abs(now - before) > 1e-12 ? ` (${signed(now - before, 3)})` : "";
    body.append(el("tr", {}, el("td", {}, actor.name), el("td", {}, bar),
      el("td", { class: "num" }, fmt3(now), el("span", { class: shiftClass(before, now) }, delta)),
      el("td", { class: "num" }, beats === undefined ? "—" : pct(beats))));
  }
  table.append(body);
  box.append(table);
}

// ---------------------------------------------------------------------------
// Events in words (Replay and Play)
// ---------------------------------------------------------------------------

// One issue value in words: "restored", "0.53 share of US/Western sanctions lifted".
function valueWords(issue, v) {
  if (!issue) return fmt3(v);
  if (issue.options && issue.options.length) return words(issue.options[Math.round(v)] ?? v);
  return `${fmt3(v)} ${shortUnit(issue)}`.trim();
}

// An offer in words, issues `ids` only (those on the table).
function offerWords(values, ids) {
  const all = state.story.issues;
  const shown = ids && ids.length ? ids : all.map((i) => i.id);
  return shown.map((id) => {
    const k = all.findIndex((i) => i.id === id);
    return `${words(id)} ${valueWords(all[k], values[k])}`;
  }).join("; ");
}

// "United States 0.82, Russia 0.60, …" in the scenario's order of actors.
function utilityList(object) {
  const ids = state.story.actors.map((a) => a.id).filter((id) => object && id in object);
  return ids.map((id) => `${actorName(id)} ${fmt2(object[id])}`).join(", ");
}

const OFFER_REASONS = {
  lowered_target: " (below its target: no offer worth its target keeps every public red line)",
  required_red_lines_only: " (no offer worth its value of no deal keeps every public red line: this one keeps those of the actors whose acceptance is required)",
};
const PASS_REASONS = {
  nothing_new: "no new offer is worth its target",
  red_lines: "no new offer worth its value of no deal keeps the red lines of those who must accept",
  at_target: "its strategy holds",
};
const PHASE_RESULTS = {
  agreed: "agreed",
  vetoed: "passed, then vetoed by a ratifier",
  deadline: "no proposal passed before the deadline",
  broke_down: "the talks broke down",
  not_reached: "not reached",
};

// An answer (response or ratification) in words.
function answerWords(ev) {
  const who = actorName(ev.actor);
  const verb = ev.event === "ratification" ? (ev.accepted ? "ratifies" : "vetoes it") : ev.accepted ? "accepts" : "rejects";
  let why = `utility ${fmt2(ev.utility)}`;
  if (!ev.accepted) {
    if (ev.reason === "below_reservation") why += ` below its value of no deal ${fmt2(ev.threshold)}`;
    else if (ev.reason === "below_target") why += ` below its target ${fmt2(ev.threshold)}`;
    else if (ev.reason === "below_later_phases") why += ` below what it expects from the later phases ${fmt2(ev.threshold)}`;
    else if (ev.reason === "red_line") why += `; it breaks its red line “${ev.red_line}”`;
  }
  return `${who} ${verb} (${why})`;
}

// All events of a trace as {ev, head, body, cls, phase}.
function narrate(events) {
  const items = [];
  let phase = null, phaseIssues = null, phaseNumber = 0;
  for (const ev of events) {
    let head = "", body = "", cls = ev.event;
    const name = actorName(ev.actor);
    switch (ev.event) {
      case "session":
        head = `Replicate ${ev.replicate} of seed ${ev.seed}`;
        body = "Values of no deal as drawn in this replicate: " + ev.actors.map((a) => `${a.name} ${fmt2(a.reservation_utility)}`).join(", ") + ".";
        break;
      case "phase_start":
        phaseNumber++;
        phase = ev.phase;
        phaseIssues = ev.issues;
        head = `Phase ${phaseNumber}: ${ev.label || ev.phase}`;
        body = `${listWords(ev.participants.map(actorName))} at the table` +
          (ev.ratifiers.length ? `, ratified by ${listWords(ev.ratifiers.map(actorName))}` : "") +
          `; on the table: ${listWords(ev.issues.map(words))}; ${words(ev.protocol)}, at most ${ev.max_rounds} rounds.`;
        break;
      case "agreement_zone":
        head = ev.exists ? "A deal is possible" : "No deal is possible";
        body = ev.exists
          ? `Some outcome keeps the red lines of ${listWords(ev.required.map(actorName))} and gives each more than its value of no deal (${utilityList(ev.fallbacks)}). The Nash bargaining point would give ${utilityList(ev.nash_utilities)}.`
          : `No outcome keeps the red lines of ${listWords(ev.required.map(actorName))} and gives each more than its value of no deal (${utilityList(ev.fallbacks)}).`;
        break;
      case "offer":
        head = ev.actor === null ? `Round ${ev.round} · the model forecasts` : `Round ${ev.round} · ${name} ${ev.amendment ? "moves an amendment" : "proposes"}`;
        body = offerWords(ev.offer, phaseIssues) + (OFFER_REASONS[ev.reason] || "");
        break;
      case "response":
      case "ratification":
        head = answerWords(ev);
        cls += ev.accepted ? " accept" : " reject";
        break;
      case "pass":
        head = `Round ${ev.round} · ${name} passes`;
        body = PASS_REASONS[ev.reason] || words(ev.reason || "");
        break;
      case "threat":
        head = `${name} threatens ${actorName(ev.target)} (${words(ev.instrument)})`;
        body = `${ev.ultimatum ? "An ultimatum, with its last offer. " : ""}${ev.backing ? "Backing the offer just made. " : ""}` +
          `If the talks fail it is carried out with probability ${fmt2(ev.credibility)} and costs ${actorName(ev.target)} ${fmt2(ev.drop)} of utility; backing down would cost ${name} ${fmt2(ev.audience_cost)}.`;
        break;
      case "side_payment":
        head = `${name} offers ${actorName(ev.target)} a side payment (${words(ev.instrument)})`;
        body = `Worth ${fmt2(ev.value)} to ${actorName(ev.target)} if the deal stands (at most ${fmt2(ev.budget)})${ev.backing ? "; backing another's offer" : ""}.`;
        break;
      case "shock":
        head = `Shock: ${ev.label || words(ev.shock)}`;
        body = `Round ${ev.round}.`;
        break;
      case "model_round":
        head = `Model round ${ev.round} on ${words(ev.issue)}`;
        body = `median position ${fmt3(ev.median)}, mean ${fmt3(ev.mean)}`;
        break;
      case "rounds_not_recorded":
        head = `Rounds ${ev.round}–${ev.last_round} are not recorded`;
        body = `${ev.moves} more moves; no proposal passed in them.`;
        break;
      case "phase_end":
        head = `Phase ${ev.phase} ends in round ${ev.round}: ${PHASE_RESULTS[ev.result] || words(ev.result)}`;
        cls += ev.result === "agreed" ? " accept" : " reject";
        break;
      case "threat_carried_out":
        head = `${name} carries out its threat (${words(ev.instrument)})`;
        body = `${actorName(ev.target)} loses ${fmt2(ev.drop)}; it costs ${name} ${fmt2(ev.cost)}.`;
        break;
      case "threat_backed_down":
        head = `${name} backs down from its threat (${words(ev.instrument)})`;
        body = `It pays an audience cost of ${fmt2(ev.audience_cost)}.`;
        break;
      case "outcome":
        if (ev.agreed) {
          head = `Deal, in ${ev.phase}, round ${ev.round}`;
          body = `${offerWords(ev.outcome, null)}. Utilities: ${utilityList(ev.utilities)}.` +
            (ev.nearest_deal ? ` Nearest named deal: ${words(ev.nearest_deal)}.` : "");
          cls += " accept";
        } else {
          head = "No deal";
          body = (ev.blocked_by.length ? `Blocked by ${listWords(ev.blocked_by.map(actorName))}. ` : "") +
            (ev.vetoed_by.length ? `Vetoed by ${listWords(ev.vetoed_by.map(actorName))}. ` : "") +
            `Each actor gets its value of no deal: ${utilityList(ev.utilities)}.`;
          cls += " reject";
        }
        break;
      default:
        head = words(ev.event);
        body = JSON.stringify(ev);
    }
    items.push({ ev, head, body, cls, phase: ev.phase || phase });
  }
  return items;
}

function eventItem(item, attrs = {}) {
  return el("li", Object.assign({ class: "event " + item.cls }, attrs),
    el("span", { class: "head" }, item.head), item.body ? el("span", { class: "body" }, " " + item.body) : null);
}

// ---------------------------------------------------------------------------
// Replay: one replicate, event by event, and the utility-space picture
// ---------------------------------------------------------------------------

const replay = { events: [], items: [], step: 0, seed: null, replicate: null, stale: false };

function resetReplay() {
  Object.assign(replay, { events: [], items: [], step: 0, seed: null, replicate: null, stale: false });
  $("#replay-log").textContent = "";
  $("#replay-current").textContent = "";
  $("#replay-plot").textContent = "";
  $("#replay-caption").textContent = "";
  $("#replay-step").textContent = "step 0 of 0";
}

// After a change of settings or seed the trace shown no longer matches: reload
// it when the Replay tab is next shown.
function markReplayStale() {
  if (replay.events.length) replay.stale = true;
}

async function loadReplay() {
  const replicate = Math.max(0, Math.floor(Number($("#replay-replicate").value) || 0));
  $("#replay-replicate").value = replicate;
  const answer = await Engine.call("trace", state.id, Number(state.seed), replicate);
  if (!answer.ok) return showError(`The trace failed: ${answer.error}`);
  Object.assign(replay, { events: answer.events, items: narrate(answer.events), step: 0, seed: state.seed, replicate, stale: false });
  showStep(0);
}

function showStep(step) {
  const n = replay.items.length;
  if (!n) return;
  replay.step = Math.max(0, Math.min(n - 1, step));
  const counter = $("#replay-step");
  counter.textContent = `step ${replay.step + 1} of ${n}`;
  counter.dataset.step = replay.step + 1;
  $("#replay-prev").disabled = replay.step === 0;
  $("#replay-first").disabled = replay.step === 0;
  $("#replay-next").disabled = replay.step === n - 1;
  $("#replay-last").disabled = replay.step === n - 1;

  const current = replay.items[replay.step];
  const box = $("#replay-current");
  box.textContent = "";
  append(box, [el("div", { class: "kind" }, words(current.ev.event)),
                el("div", { class: "head" }, current.head),
                current.body ? el("div", { class: "body" }, current.body) : null]);

  const log = $("#replay-log");
  log.textContent = "";
  replay.items.slice(0, replay.step + 1).forEach((item, k) => log.append(eventItem(item, k === replay.step ? { class: "event current " + item.cls } : {})));
  log.lastElementChild?.scrollIntoView({ block: "nearest" });
  drawUtilitySpace();
}

// The phase whose table the picture shows: the current event's, else the first.
function replayPhase() {
  const current = replay.items[replay.step];
  return current?.phase || replay.events.find((e) => e.event === "phase_start")?.phase || null;
}

// Fill the two actor selectors with the phase's participants, keeping a choice.
function updateAxisSelectors(participants) {
  const selects = [$("#replay-x"), $("#replay-y")];
  const key = participants.join(",");
  selects.forEach((select, k) => {
    const keep = select.value;
    if (select.dataset.key !== key) {
      select.textContent = "";
      for (const id of participants) select.append(el("option", { value: id }, actorName(id)));
      select.dataset.key = key;
    }
    select.value = participants.includes(keep) ? keep : participants[Math.min(k, participants.length - 1)];
  });
  if (selects[0].value === selects[1].value && participants.length > 1) {
    selects[1].value = participants.find((p) => p !== selects[0].value);
  }
}

// Points not dominated by any other, then their upper-right convex hull.
function upperRightHull(points) {
  const sorted = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => b.x - a.x || b.y - a.y);
  const front = [];
  let best = -Infinity;
  for (const p of sorted) if (p.y > best) (front.push(p), (best = p.y));
  front.reverse();  // x ascending, y descending
  const hull = [];
  const cross = (o, a, b) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  for (const p of front) {
    while (hull.length >= 2 && cross(hull[hull.length - 2], hull[hull.length - 1], p) >= 0) hull.pop();
    hull.push(p);
  }
  return hull;
}

// The run whose outcomes match the trace's settings (else the baseline).
function runForReplay() {
  const cur = state.current;
  if (cur && cur.seed === replay.seed && cur.overrides.join(";") === overridesOf(state.story).join(";")) return cur.run;
  return state.baselines.get(replay.seed) || cur?.run || null;
}

function drawUtilitySpace() {
  const box = $("#replay-plot");
  box.textContent = "";
  const phaseId = replayPhase();
  const start = replay.events.find((e) => e.event === "phase_start" && e.phase === phaseId);
  const participants = start ? start.participants : state.story.actors.map((a) => a.id);
  updateAxisSelectors(participants);
  const ax = $("#replay-x").value, ay = $("#replay-y").value;
  if (!ax || !ay) return;

  // What the picture needs: reservation lines, Nash point, offers so far, hull.
  const zone = replay.events.find((e) => e.event === "agreement_zone" && e.phase === phaseId);
  const outcome = replay.events.find((e) => e.event === "outcome");
  const session = replay.events.find((e) => e.event === "session");
  const reservation = (a) => zone?.fallbacks?.[a] ?? session?.actors.find((s) => s.id === a)?.reservation_utility ?? outcome?.reservation?.[a] ?? null;
  const rx = reservation(ax), ry = reservation(ay);
  const nash = zone?.nash_utilities && ax in zone.nash_utilities && ay in zone.nash_utilities ? { x: zone.nash_utilities[ax], y: zone.nash_utilities[ay] } : null;
  const shown = replay.events.slice(0, replay.step + 1);
  const offers = shown.filter((e) => e.event === "offer" && e.phase === phaseId && e.utilities)
    .map((e) => ({ x: e.utilities[ax], y: e.utilities[ay], who: e.actor, round: e.round }));
  const run = runForReplay();
  const ux = column(run, "utility_" + ax), uy = column(run, "utility_" + ay);
  const cloud = [];
  if (ux && uy) for (let k = 0; k < ux.values.length; k++) cloud.push({ x: ux.values[k], y: uy.values[k] });
  const allOffers = replay.events.filter((e) => e.event === "offer" && e.utilities).map((e) => ({ x: e.utilities[ax], y: e.utilities[ay] }));
  const hull = upperRightHull(allOffers.concat(cloud));
  const deal = replay.step === replay.events.length - 1 && outcome ? { x: outcome.utilities[ax], y: outcome.utilities[ay], agreed: outcome.agreed } : null;

  const S = 400, m = 46, P = S - m - 14;
  const X = (u) => m + u * P, Y = (u) => 14 + (1 - u) * P;
  const svg = svgEl("svg", { viewBox: `0 0 ${S} ${S}`, class: "utility-space", role: "img", "aria-label": `utility of ${actorName(ax)} against ${actorName(ay)}` });
  // Grid and axes.
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(svgEl("line", { x1: X(t), y1: Y(0), x2: X(t), y2: Y(1), class: "grid" }),
               svgEl("line", { x1: X(0), y1: Y(t), x2: X(1), y2: Y(t), class: "grid" }),
               svgEl("text", { x: X(t), y: Y(0) + 14, class: "tick", "text-anchor": "middle" }, String(t)),
               svgEl("text", { x: X(0) - 6, y: Y(t) + 4, class: "tick", "text-anchor": "end" }, String(t)));
  }
  svg.append(svgEl("text", { x: X(0.5), y: S - 4, class: "axis-label", "text-anchor": "middle" }, `utility of ${actorName(ax)} →`),
             svgEl("text", { x: 12, y: Y(0.5), class: "axis-label", "text-anchor": "middle", transform: `rotate(-90 12 ${Y(0.5)})` }, `utility of ${actorName(ay)} →`));
  // Deals both prefer to no deal (above both reservation lines).
  if (rx !== null && ry !== null) {
    svg.append(svgEl("rect", { x: X(rx), y: Y(1), width: X(1) - X(rx), height: Y(ry) - Y(1), class: "zone" }));
  }
  // The outcomes of the run, faint.
  for (const p of cloud) if (p.x !== null && p.y !== null) svg.append(svgEl("circle", { cx: X(p.x), cy: Y(p.y), r: 1.3, class: "cloud" }));
  // Estimated Pareto frontier.
  if (hull.length > 1) svg.append(svgEl("polyline", { points: hull.map((p) => `${X(p.x)},${Y(p.y)}`).join(" "), class: "frontier" }));
  // Reservation lines.
  if (rx !== null) svg.append(svgEl("line", { x1: X(rx), y1: Y(0), x2: X(rx), y2: Y(1), class: "reservation" }, svgEl("title", {}, `${actorName(ax)}'s value of no deal ${fmt2(rx)}`)),
                              svgEl("text", { x: X(rx) + 3, y: Y(1) + 10, class: "tick" }, `${actorName(ax)} ${fmt2(rx)}`));
  if (ry !== null) svg.append(svgEl("line", { x1: X(0), y1: Y(ry), x2: X(1), y2: Y(ry), class: "reservation" }, svgEl("title", {}, `${actorName(ay)}'s value of no deal ${fmt2(ry)}`)),
                              svgEl("text", { x: X(1) - 3, y: Y(ry) - 4, class: "tick", "text-anchor": "end" }, `${actorName(ay)} ${fmt2(ry)}`));
  // Offers so far, joined in order; the latest highlighted.
  if (offers.length > 1) svg.append(svgEl("polyline", { points: offers.map((p) => `${X(p.x)},${Y(p.y)}`).join(" "), class: "offer-path" }));
  offers.forEach((p, k) => {
    const last = k === offers.length - 1;
    svg.append(svgEl("circle", { cx: X(p.x), cy: Y(p.y), r: last ? 6 : 3.5, class: last ? "offer current" : "offer" },
      svgEl("title", {}, `round ${p.round}, ${actorName(p.who)}: ${fmt2(p.x)}, ${fmt2(p.y)}`)));
    const leftward = X(p.x) > S * 0.6;  // keep the label inside the picture
    if (last) svg.append(svgEl("text", { x: X(p.x) + (leftward ? -8 : 8), y: Y(p.y) - 8, class: "offer-label", "text-anchor": leftward ? "end" : "start" },
                               `${p.who ? actorName(p.who) : "forecast"}, round ${p.round}`));
  });
  // The Nash point.
  if (nash) {
    const cx = X(nash.x), cy = Y(nash.y);
    svg.append(svgEl("path", { d: `M ${cx} ${cy - 7} L ${cx + 7} ${cy} L ${cx} ${cy + 7} L ${cx - 7} ${cy} Z`, class: "nash" }, svgEl("title", {}, `Nash point: ${fmt2(nash.x)}, ${fmt2(nash.y)}`)),
               svgEl("text", { x: cx + 9, y: cy + 4, class: "nash-label" }, "Nash"));
  }
  if (deal) {
    svg.append(svgEl("circle", { cx: X(deal.x), cy: Y(deal.y), r: 8, class: deal.agreed ? "deal" : "no-deal" }, svgEl("title", {}, deal.agreed ? "the deal" : "no deal")));
  }
  box.append(svg);
  $("#replay-caption").textContent =
    `Each point: the utility of an offer of this phase to ${actorName(ax)} (x) and ${actorName(ay)} (y); the latest is larger. ` +
    `Lines: each one's value of no deal (${zone ? "at the start of the phase, from the agreement-zone analysis" : "as drawn in this replicate"}); green: deals both prefer to no deal. ` +
    `Diamond: the Nash bargaining point. Dashed: the Pareto frontier, estimated from the upper-right hull of this trace's offers and of the ` +
    `${cloud.length.toLocaleString("en")} outcomes of the run with these settings (grey dots), not computed exactly.`;
}

// ---------------------------------------------------------------------------
// Play: the student sits in one actor's seat
// ---------------------------------------------------------------------------

const play = { actor: null, replicate: 0, seed: null, decisions: [], answer: null };

function resetPlay() {
  const select = $("#play-actor");
  const keep = select.value;
  select.textContent = "";
  for (const a of state.story.actors) select.append(el("option", { value: a.id }, a.name));
  if (state.story.actors.some((a) => a.id === keep)) select.value = keep;
  Object.assign(play, { actor: null, decisions: [], answer: null });
  $("#play-seat").textContent = "";
  $("#play-turn").textContent = "";
  $("#play-log").textContent = "";
  $("#play-result").hidden = true;
  $("#play-undo").disabled = true;
}

// A game under way was played with other settings or another seed: it cannot go on.
function markPlayStale() {
  if (!play.answer || play.answer.done) return;
  play.answer = null;
  play.decisions = [];
  $("#play-undo").disabled = true;
  const turn = $("#play-turn");
  turn.textContent = "";
  turn.append(el("p", { class: "muted" }, "The settings or the seed changed: press Start to play again with them."));
}

async function startPlay() {
  play.actor = $("#play-actor").value;
  play.replicate = Math.max(0, Math.floor(Number($("#play-replicate").value) || 0));
  play.seed = state.seed;
  play.decisions = [];
  await playStep();
}

// Ask the engine for the state after the decisions so far.
async function playStep() {
  $("#play-turn").classList.add("stale");
  const answer = await Engine.call("play", state.id, Number(play.seed), play.replicate, play.actor, JSON.stringify(play.decisions));
  $("#play-turn").classList.remove("stale");
  if (!answer.ok) {
    showError(`Play: ${answer.error}`);
    if (play.decisions.length) play.decisions.pop();
    return;
  }
  play.answer = answer;
  renderPlay();
}

function decide(decision) {
  play.decisions.push(decision);
  playStep();
}

function renderPlay() {
  const answer = play.answer;
  const seat = answer.seat;
  $("#play-undo").disabled = play.decisions.length === 0;

  // What the seat knows.
  const seatBox = $("#play-seat");
  seatBox.textContent = "";
  append(seatBox, [
    el("h3", {}, `You are ${actorName(seat.actor)}`),
    el("p", { class: "small" }, `Replicate ${play.replicate} of seed ${play.seed}. Your value of no deal: `, el("strong", {}, fmt2(seat.reservation)),
       ". Utilities run from 0 to 1 (1: your ideal outcome)."),
    el("table", { class: "compact" },
      el("thead", {}, el("tr", {}, el("th", {}, "issue"), el("th", {}, "your ideal"), el("th", {}, "how much you care"))),
      el("tbody", {}, state.story.issues.map((issue, k) => el("tr", {},
        el("td", {}, words(issue.id)), el("td", {}, valueWords(issue, seat.ideal[k])),
        el("td", {}, svgEl("svg", { viewBox: "0 0 100 10", class: "salience-bar" }, svgEl("rect", { x: 0, y: 1, width: 100 * seat.salience[k], height: 8 })),
           " " + pct(seat.salience[k], 0)))))),
    seat.red_lines.length ? el("p", { class: "small" }, "Your red lines: ", seat.red_lines.map((r) => el("code", {}, r)).reduce((acc, c) => acc.concat(acc.length ? [", ", c] : [c]), []))
      : el("p", { class: "small muted" }, "You have no red lines.")]);

  // The events so far; the seat's own moves marked.
  const log = $("#play-log");
  log.textContent = "";
  for (const item of narrate(answer.events)) log.append(eventItem(item, item.ev.actor === seat.actor ? { class: "event mine " + item.cls } : {}));
  log.lastElementChild?.scrollIntoView({ block: "nearest" });

  const turn = $("#play-turn");
  turn.textContent = "";
  turn.dataset.decisions = String(play.decisions.length);  // how many moves this state answers
  $("#play-result").hidden = true;
  if (answer.done) return renderPlayResult();
  const awaiting = answer.awaiting;
  if (!awaiting) return;
  if (awaiting.kind === "offer") turn.append(offerForm(awaiting, answer));
  else turn.append(answerForm(awaiting));
}

// The values the form starts from: the last offer of this phase, else the seat's
// ideal on the table and the phase's status quo elsewhere.
function prefillOffer(awaiting, answer) {
  const events = answer.events;
  const lastHere = [...events].reverse().find((e) => e.event === "offer" && e.phase === awaiting.phase);
  if (lastHere) return lastHere.offer.slice();
  // Status quo of the phase: the drawn one, updated by earlier phases' agreements.
  const session = events.find((e) => e.event === "session");
  let base = session ? session.status_quo.slice() : state.story.issues.map((i) => i.status_quo);
  let lastOffer = null;
  for (const e of events) {
    if (e.event === "offer") lastOffer = e.offer;
    if (e.event === "phase_end" && e.result === "agreed" && lastOffer) base = lastOffer.slice();
  }
  const onTable = new Set(awaiting.issues_on_table);
  return state.story.issues.map((issue, k) => (onTable.has(issue.id) ? answer.seat.ideal[k] : base[k]));
}

function offerForm(awaiting, answer) {
  const values = prefillOffer(awaiting, answer);
  const inputs = [];
  const rows = awaiting.issues_on_table.map((id) => {
    const k = state.story.issues.findIndex((i) => i.id === id);
    const issue = state.story.issues[k];
    let input, shown;
    if (issue.options && issue.options.length) {
      input = el("select", { "data-issue": id }, issue.options.map((name, j) => el("option", { value: j, selected: j === Math.round(values[k]) }, words(name))));
      shown = el("output", {}, "");
    } else {
      input = el("input", { type: "range", "data-issue": id, min: issue.min, max: issue.max, step: "any", value: values[k] });
      shown = el("output", {}, valueWords(issue, values[k]));
      input.addEventListener("input", () => (shown.textContent = valueWords(issue, Number(input.value))));
    }
    inputs.push([k, input]);
    const ideal = answer.seat.ideal[k];
    return el("div", { class: "row" }, el("label", {}, issue.label), input, shown,
      el("div", { class: "note" }, `your ideal: ${valueWords(issue, ideal)}`));
  });
  const collect = () => {
    const offer = values.slice();
    for (const [k, input] of inputs) offer[k] = Number(input.value);
    return offer;
  };
  // Set the form to an offer (the agent's suggestion).
  const fill = (offer) => {
    for (const [k, input] of inputs) {
      input.value = offer[k];
      input.dispatchEvent(new Event("input"));
    }
  };
  return el("div", { class: "form" },
    el("h3", {}, `Your turn to propose — ${awaiting.phase}, round ${awaiting.round}`),
    el("p", { class: "small muted" }, "The form starts from the last offer on the table (or your ideal). Move the sliders, then propose, or pass."),
    rows,
    agentHint(awaiting, fill),
    el("div", { class: "buttons" },
      el("button", { type: "button", id: "play-propose", class: "primary", onclick: () => decide({ offer: collect() }) }, "Propose"),
      el("button", { type: "button", id: "play-pass", onclick: () => decide({ pass: true }) }, "Pass")));
}

function answerForm(awaiting) {
  const proposer = [...play.answer.events].reverse().find((e) => e.event === "offer" && e.phase === awaiting.phase);
  const who = proposer ? actorName(proposer.actor) : "the proposer";
  // The offer's utility to the seat: as the engine gives it, else from the offer's event.
  const utility = awaiting.utility ?? proposer?.utilities?.[play.answer.seat.actor] ?? null;
  return el("div", { class: "form" },
    el("h3", {}, `${who} proposes — ${awaiting.phase}, round ${awaiting.round}`),
    el("p", {}, offerWords(awaiting.offer, awaiting.issues_on_table)),
    el("p", {}, "Worth to you: ", el("strong", {}, fmt2(utility)), ` (your value of no deal: ${fmt2(play.answer.seat.reservation)})`),
    agentHint(awaiting),
    el("div", { class: "buttons" },
      el("button", { type: "button", id: "play-accept", class: "primary", onclick: () => decide({ accept: true }) }, "Accept"),
      el("button", { type: "button", id: "play-reject", onclick: () => decide({ accept: false }) }, "Reject")));
}

// What the engine's agent would do in the seat, hidden until asked. For an
// offer, `agent_would` says whether it would propose (awaiting.offer) or pass.
function agentHint(awaiting, fill) {
  const would = awaiting.agent_would;
  if (would === undefined || would === null) return null;
  let text, button = null;
  if (awaiting.kind === "answer") text = would ? "accept" : "reject";
  else if (would && awaiting.offer) {
    text = "propose: " + offerWords(awaiting.offer, awaiting.issues_on_table);
    if (fill) button = el("button", { type: "button", class: "small", onclick: () => fill(awaiting.offer) }, "Put its offer in the form");
  } else text = "pass";
  return el("details", { class: "hint small" }, el("summary", {}, "What would the agent in your seat do?"),
    el("p", {}, `It would ${text}.`), button);
}

// The end: the student's utility against the agents' in the same seat.
async function renderPlayResult() {
  const result = play.answer.result;
  const actor = play.actor;
  let run = null;
  const cur = state.current;
  if (cur && cur.seed === play.seed && cur.overrides.join(";") === overridesOf(state.story).join(";")) run = cur.run;
  else run = await Engine.call("run_without_analysis", state.id, REPLICATES, Number(play.seed));
  const col = column(run, "utility_" + actor);
  const values = col ? col.values.filter((v) => v !== null) : [];
  const mean = values.reduce((s, v) => s + v, 0) / (values.length || 1);
  const below = values.filter((v) => v < result.utility).length / (values.length || 1);
  const sameReplicate = col && play.replicate < col.values.length ? col.values[play.replicate] : null;

  const box = $("#play-result");
  box.textContent = "";
  append(box, [
    el("h3", {}, result.agreed ? "A deal" : "No deal"),
    el("p", { class: "verdict" },
      `You got ${fmt2(result.utility)}; the agent in your seat gets ${fmt2(mean)} on average; ${pct(below, 0)} of agents do worse.`),
    result.utility < play.answer.seat.reservation
      ? el("p", { class: "small warning" }, `That is below your value of no deal (${fmt2(play.answer.seat.reservation)}): walking away would have given you more.`) : null,
    sameReplicate !== null ? el("p", { class: "small" }, `In this very replicate the agent got ${fmt2(sameReplicate)}.`) : null,
    result.agreed ? el("p", { class: "small" }, "The deal: ", offerWords(result.outcome, null), ".") : null,
    el("p", { class: "small" }, "Everyone's utility: ", utilityList(result.utilities), "."),
    el("p", { class: "small muted" }, `The agents: ${values.length.toLocaleString("en")} replicates of seed ${play.seed} with the same settings, the engine in every seat.`),
    el("button", { type: "button", onclick: startPlay }, "Play again")]);
  box.dataset.utility = String(result.utility);
  box.hidden = false;
}

// ---------------------------------------------------------------------------
// Shareable link: #scenario=…&seed=…&set=path%3Dvalue…
// ---------------------------------------------------------------------------

function currentHash() {
  const params = new URLSearchParams();
  params.set("scenario", state.fileName);
  params.set("seed", state.seed);
  for (const o of overridesOf(state.story)) params.append("set", o);
  return params.toString();
}

function updateLink() {
  const base = location.href.split("#")[0];
  const note = $("#share-note");
  if (!state.shipped) {
    // A file from the user's computer is not in the page: no link can name it.
    state.lastHash = "";
    if (location.hash) history.replaceState(null, "", base);
    $("#share-link").value = "";
    $("#copy-link").disabled = true;
    note.textContent = `${state.fileName} was loaded from your computer: it cannot be shared by link.`;
    return;
  }
  const hash = currentHash();
  state.lastHash = hash;
  if (location.hash.slice(1) !== hash) {
    try { history.replaceState(null, "", "#" + hash); } catch (e) { location.hash = hash; }
  }
  $("#share-link").value = base + "#" + hash;
  $("#copy-link").disabled = false;
  note.textContent = "";
}

async function copyLink() {
  const input = $("#share-link");
  try {
    await navigator.clipboard.writeText(input.value);
  } catch (e) {
    input.select();
    document.execCommand("copy");
  }
  $("#share-note").textContent = "Link copied.";
  setTimeout(() => ($("#share-note").textContent = ""), 2500);
}

// Open what a hash names (or the default scenario).
async function openFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const scenarios = self.PARLEY_SCENARIOS || [];
  const wanted = params.get("scenario");
  let entry = scenarios.find((s) => s.file === wanted);
  if (wanted && !entry) showError(`The link names a scenario this page does not ship: ${wanted}`);
  entry = entry || scenarios.find((s) => s.file === DEFAULT_SCENARIO) || scenarios[0];
  if (!entry) return showError("No scenario is shipped with this page (scenarios.js is missing or empty): load a .toml file.");
  $("#scenario-select").value = entry.file;
  const seed = /^[0-9]+$/.test(params.get("seed") || "") ? params.get("seed") : null;
  await loadScenario(entry.text, entry.file, true, { seed, overrides: entry.file === wanted ? params.getAll("set") : [] });
}

// ---------------------------------------------------------------------------
// Tabs and start-up
// ---------------------------------------------------------------------------

function showTab(name) {
  for (const button of document.querySelectorAll(".tabs [data-tab]")) {
    button.setAttribute("aria-selected", String(button.dataset.tab === name));
  }
  for (const panel of ["whatif", "replay", "play"]) $("#panel-" + panel).hidden = panel !== name;
  // The replay loads its replicate when first shown (or again after a change).
  if (name === "replay" && state.id !== null && (!replay.events.length || replay.stale)) loadReplay();
}

function wire() {
  for (const button of document.querySelectorAll(".tabs [data-tab]")) button.addEventListener("click", () => showTab(button.dataset.tab));

  // The scenario: a shipped one, or a file from the user's computer.
  $("#scenario-select").addEventListener("change", (event) => {
    const entry = self.PARLEY_SCENARIOS.find((s) => s.file === event.target.value);
    if (entry) loadScenario(entry.text, entry.file, true);
  });
  $("#scenario-file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const text = await file.text();
    const ok = await loadScenario(text, file.name, false);
    if (ok) $("#scenario-select").value = "";
    event.target.value = "";
  });
  $("#seed").addEventListener("change", () => {
    const seed = String($("#seed").value).trim();
    if (!/^[0-9]+$/.test(seed)) return showError(`A seed is a whole number from 0 to 2^64 − 1, not “${seed}”.`);
    if (Number(seed) > Number.MAX_SAFE_INTEGER) showError(`Seed ${seed} is beyond 2^53: the page passes seeds as JavaScript numbers, which round it.`);
    state.seed = seed;
    updateLink();
    markReplayStale();
    markPlayStale();
    runNow();
  });
  $("#reset").addEventListener("click", () => loadScenario(state.text, state.fileName, state.shipped, { seed: state.seed }));

  $("#replay-load").addEventListener("click", loadReplay);
  $("#replay-next").addEventListener("click", () => showStep(replay.step + 1));
  $("#replay-prev").addEventListener("click", () => showStep(replay.step - 1));
  $("#replay-first").addEventListener("click", () => showStep(0));
  $("#replay-last").addEventListener("click", () => showStep(replay.items.length - 1));
  $("#replay-x").addEventListener("change", drawUtilitySpace);
  $("#replay-y").addEventListener("change", drawUtilitySpace);
  document.addEventListener("keydown", (event) => {
    if ($("#panel-replay").hidden || /INPUT|SELECT|TEXTAREA/.test(event.target.tagName)) return;
    if (event.key === "ArrowRight") showStep(replay.step + 1);
    if (event.key === "ArrowLeft") showStep(replay.step - 1);
  });

  $("#play-start").addEventListener("click", startPlay);
  $("#play-undo").addEventListener("click", () => {
    play.decisions.pop();
    playStep();
  });

  $("#copy-link").addEventListener("click", copyLink);
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) !== state.lastHash) openFromHash();
  });
}

async function init() {
  const select = $("#scenario-select");
  for (const s of self.PARLEY_SCENARIOS || []) select.append(el("option", { value: s.file }, s.file));
  select.append(el("option", { value: "", disabled: true }, "(a file from your computer)"));
  wire();
  updateStatus();
  try {
    await Engine.start();
  } catch (e) {
    showError(`The engine could not start: ${e.message}\nIs parley_engine.js next to this page? Build it with bash tools/build_web.sh.`);
    $("#engine-status").textContent = "no engine";
    return;
  }
  updateStatus();
  await openFromHash();
}

init();
