// browser_test.mjs — drives parley's web page in headless Chromium (puppeteer-core,
// Debian's /usr/bin/chromium) and checks it end to end:
//   1. the flagship scenario loads and its baseline run shows;
//   2. a what-if change gives the engine's number (EXPECTED.json, from the native CLI);
//   3. the replay steps forward;
//   4. a student plays Ukraine's seat to the end screen;
//   5. the page works from file:// too.
//
//   node web/test/browser_test.mjs --site build/web --expected EXPECTED.json --screenshots DIR
//
// EXPECTED.json: {"baseline_agreement": x, "changed_agreement": y, "path": "actors.ukraine.reservation_utility",
//                 "value": 0.6, "replicates": 2000, "seed": S}
// The site is served by a small static HTTP server on 127.0.0.1 (a free port).
// Exit 0 when every step passes, 1 with a message otherwise.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const TIMEOUT_MS = 180_000;   // one wait (a run of 2,000 replicates takes seconds)
const MAX_PLAY_MOVES = 300;   // bound on the moves of step 4
const TOLERANCE = 1e-9;

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { chromium: process.env.CHROMIUM || "/usr/bin/chromium" };
  for (let k = 0; k < argv.length; k++) {
    const key = argv[k];
    const take = () => {
      if (k + 1 >= argv.length) usage(`${key} needs a value`);
      return argv[++k];
    };
    if (key === "--site") args.site = take();
    else if (key === "--expected") args.expected = take();
    else if (key === "--screenshots") args.screenshots = take();
    else if (key === "--chromium") args.chromium = take();
    else if (key === "--help" || key === "-h") usage();
    else usage(`unknown argument ${key}`);
  }
  if (!args.site || !args.expected || !args.screenshots) usage("--site, --expected and --screenshots are required");
  return args;
}

function usage(message) {
  if (message) console.error(`browser_test: ${message}`);
  console.error("usage: node web/test/browser_test.mjs --site build/web --expected EXPECTED.json --screenshots DIR [--chromium /usr/bin/chromium]");
  process.exit(message ? 1 : 0);
}

// ---------------------------------------------------------------------------
// A tiny static HTTP server for the site folder
// ---------------------------------------------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".toml": "text/plain; charset=utf-8",
};

function serve(root) {
  const rootAbs = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(rootAbs, "." + rel);
    if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "cache-control": "no-store" });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// ---------------------------------------------------------------------------
// Checks and reporting
// ---------------------------------------------------------------------------

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};
const log = (message) => console.log(message);
let passed = 0;

async function step(name, body) {
  log(`\n== ${name}`);
  await body();
  passed++;
  log(`PASS ${name}`);
}

// Wait for a condition evaluated in the page, with a clear message on time-out.
async function waitFor(page, what, fn, ...args) {
  try {
    await page.waitForFunction(fn, { timeout: TIMEOUT_MS, polling: 200 }, ...args);
  } catch (e) {
    const error = await page.$eval("#error", (box) => (box.hidden ? "" : box.innerText)).catch(() => "");
    fail(`timed out waiting for ${what}${error ? `; the page's error box says: ${error}` : ""}`);
  }
}

// The page's error box, if shown, is a failure.
async function noErrorBox(page) {
  const error = await page.$eval("#error", (box) => (box.hidden ? "" : box.innerText));
  if (error) fail(`the page shows an error: ${error.trim()}`);
}

async function agreementMean(page) {
  return page.$eval("#agreement", (box) => Number(box.dataset.mean));
}

function watch(page, label, pageErrors) {
  page.on("pageerror", (e) => {
    pageErrors.push(`${label}: ${e.message}`);
    log(`  [${label} page error] ${e.message}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warn") log(`  [${label} console.${message.type()}] ${message.text()}`);
  });
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const site = path.resolve(args.site);
  if (!fs.existsSync(path.join(site, "index.html"))) fail(`${site}/index.html does not exist (build the site: bash tools/build_web.sh)`);
  if (!fs.existsSync(path.join(site, "parley_engine.js"))) fail(`${site}/parley_engine.js does not exist (build the site: bash tools/build_web.sh)`);
  const expected = JSON.parse(fs.readFileSync(args.expected, "utf8"));
  for (const key of ["changed_agreement", "path", "value", "seed"]) {
    if (!(key in expected)) fail(`${args.expected} has no "${key}"`);
  }
  if (expected.replicates !== undefined && expected.replicates !== 2000) fail(`the page runs 2000 replicates; ${args.expected} says ${expected.replicates}`);
  if (!fs.existsSync(args.chromium)) fail(`no Chromium at ${args.chromium} (apt-get install -y chromium, or --chromium PATH)`);
  fs.mkdirSync(args.screenshots, { recursive: true });
  const shot = async (page, name) => {
    const file = path.join(args.screenshots, name);
    await page.screenshot({ path: file, fullPage: true });
    log(`  screenshot ${file}`);
  };

  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}/`;
  log(`serving ${site} at ${base}`);
  const browser = await puppeteer.launch({
    executablePath: args.chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const pageErrors = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    watch(page, "http", pageErrors);
    let defaultBaseline = null;
    let baseline = null;

    await step("1. the flagship loads and its baseline run shows", async () => {
      await page.goto(base + "index.html", { waitUntil: "load" });
      await waitFor(page, "the baseline run", () => {
        const box = document.querySelector("#agreement");
        return box && box.dataset.mean !== undefined && box.dataset.overrides === "" && document.body.dataset.busy === "0";
      });
      const selected = await page.$eval("#scenario-select", (s) => s.value);
      if (selected !== "ukraine_2025.toml") fail(`the default scenario is ${selected}, not ukraine_2025.toml`);
      const name = await page.$eval("#story-name", (h) => h.textContent);
      log(`  scenario: ${name}`);
      const phases = await page.$$eval(".phases li", (items) => items.map((li) => li.textContent));
      if (phases.length < 2) fail(`the story shows ${phases.length} phases, expected the flagship's two`);
      log(`  ${phases[0]}`);
      await noErrorBox(page);
      defaultBaseline = await agreementMean(page);
      log(`  ${await page.$eval("#agreement", (b) => b.textContent)} at seed ${await page.$eval("#seed", (s) => s.value)} (data-mean ${defaultBaseline})`);

      // Run at the seed of EXPECTED.json.
      const seed = String(expected.seed);
      if ((await page.$eval("#seed", (s) => s.value)) !== seed) {
        await page.$eval("#seed", (input, s) => {
          input.value = s;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }, seed);
        await waitFor(page, `the baseline run at seed ${seed}`, (s) => {
          const box = document.querySelector("#agreement");
          return box.dataset.seed === s && box.dataset.overrides === "" && document.body.dataset.busy === "0";
        }, seed);
      }
      baseline = await agreementMean(page);
      log(`  ${await page.$eval("#agreement", (b) => b.textContent)} at seed ${seed} (data-mean ${baseline})`);
      if ("baseline_agreement" in expected) {
        if (!(Math.abs(baseline - expected.baseline_agreement) <= TOLERANCE)) {
          fail(`baseline agreement ${baseline} differs from the engine's ${expected.baseline_agreement} (seed ${seed})`);
        }
        log(`  equals the native engine's ${expected.baseline_agreement}`);
      }
      await shot(page, "01-loaded.png");
    });

    await step(`2. what if ${expected.path} = ${expected.value}`, async () => {
      const selector = `[data-path="${expected.path}"]`;
      if (!(await page.$(selector))) fail(`no control with data-path="${expected.path}"`);
      await page.$eval(selector, (input, value) => {
        const details = input.closest("details");
        if (details) details.open = true;
        input.scrollIntoView({ block: "center" });
        input.value = String(value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }, expected.value);
      const shown = await page.$eval(selector, (input) => input.value);
      if (Number(shown) !== Number(expected.value)) fail(`the control took ${shown}, not ${expected.value}`);
      await waitFor(page, "the run with the change", (p) => {
        const box = document.querySelector("#agreement");
        return (box.dataset.overrides || "").split(";").some((o) => o.startsWith(p + "=")) && document.body.dataset.busy === "0";
      }, expected.path);
      const overrides = await page.$eval("#agreement", (b) => b.dataset.overrides);
      const mine = overrides.split(";").find((o) => o.startsWith(expected.path + "="));
      if (Number(mine.slice(expected.path.length + 1)) !== Number(expected.value)) fail(`the engine was given ${mine}`);
      const changed = await agreementMean(page);
      log(`  ${await page.$eval("#agreement", (b) => b.textContent)} (data-mean ${changed}; overrides ${overrides})`);
      if (!(Math.abs(changed - expected.changed_agreement) <= TOLERANCE)) {
        fail(`agreement ${changed} differs from the engine's ${expected.changed_agreement}`);
      }
      log(`  equals the native engine's ${expected.changed_agreement}`);
      if (changed === baseline) fail(`the agreement did not change from the baseline ${baseline}`);
      const change = await page.$eval("#agreement-change", (s) => s.textContent).catch(() => null);
      if (!change) fail("no before/after difference is shown");
      log(`  difference shown: agreement ${change}`);
      const histograms = await page.$$eval("#histograms svg", (s) => s.length);
      if (histograms < 1) fail("no outcome histograms");
      if (!(await page.evaluate(() => location.hash.includes("set=")))) fail("the link (URL hash) does not carry the change");
      await noErrorBox(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, "02-what-if.png");
    });

    await step("3. replay: three steps forward", async () => {
      await page.click("#tab-replay");
      await waitFor(page, "the replay to load", () => /^step 1 of [0-9]+$/.test(document.querySelector("#replay-step").textContent));
      const before = await page.$eval("#replay-step", (s) => s.textContent);
      for (let k = 0; k < 3; k++) await page.click("#replay-next");
      const after = await page.$eval("#replay-step", (s) => s.textContent);
      log(`  ${before} -> ${after}`);
      const [, n] = before.match(/of ([0-9]+)/);
      if (after !== `step 4 of ${n}`) fail(`after three steps the counter says "${after}", expected "step 4 of ${n}"`);
      const current = await page.$eval("#replay-current", (b) => b.innerText.replace(/\s+/g, " "));
      log(`  current event: ${current}`);
      if (!(await page.$("#replay-plot svg"))) fail("no utility-space picture");
      await noErrorBox(page);
      await shot(page, "03-replay.png");
    });

    await step("4. play as Ukraine to the end", async () => {
      await page.click("#tab-play");
      await page.select("#play-actor", "ukraine");
      await page.click("#play-start");
      let moves = 0;
      for (;;) {
        await waitFor(page, `the engine's answer after ${moves} moves`, (k) => {
          const turn = document.querySelector("#play-turn");
          return document.body.dataset.busy === "0" && turn.dataset.decisions === String(k) &&
            (document.querySelector("#play-propose, #play-accept") || !document.querySelector("#play-result").hidden);
        }, moves);
        if (await page.$eval("#play-result", (r) => !r.hidden)) break;
        if (moves >= MAX_PLAY_MOVES) fail(`no end screen after ${MAX_PLAY_MOVES} moves`);
        const asked = (await page.$("#play-propose")) ? "offer" : "answer";
        let button;
        if (asked === "offer") button = "#play-propose";
        else button = moves < 3 ? "#play-reject" : "#play-accept";  // three moves, then accept to the end
        if (moves < 3 || moves % 10 === 0) log(`  move ${moves + 1}: asked for an ${asked}, clicks ${button}`);
        await page.click(button);
        moves++;
      }
      const result = await page.$eval("#play-result", (r) => r.innerText.replace(/\s+/g, " ").trim());
      log(`  after ${moves} moves: ${result}`);
      if (moves < 1) fail("the game ended before the student moved");
      if (!/You got [0-9.]+; the agent in your seat gets [0-9.]+ on average; [0-9]+% of agents do worse/.test(result)) {
        fail(`the end screen does not compare the student with the agents: ${result}`);
      }
      await noErrorBox(page);
      await shot(page, "04-play.png");
    });

    await step("5. the page from file://", async () => {
      const local = await browser.newPage();
      await local.setViewport({ width: 1400, height: 1000 });
      watch(local, "file", pageErrors);
      const url = pathToFileURL(path.join(site, "index.html")).href;
      await local.goto(url, { waitUntil: "load" });
      await waitFor(local, "the flagship's story and baseline from file://", () => {
        const box = document.querySelector("#agreement");
        return document.querySelector("#story-name") && box && box.dataset.mean !== undefined && document.body.dataset.busy === "0";
      });
      const name = await local.$eval("#story-name", (h) => h.textContent);
      const mean = await agreementMean(local);
      const status = await local.$eval("#engine-status", (s) => s.textContent);
      log(`  ${url}: ${name}; ${await local.$eval("#agreement", (b) => b.textContent)}; ${status}`);
      if (mean !== defaultBaseline) fail(`from file:// the baseline agreement is ${mean}, over http ${defaultBaseline}`);
      await noErrorBox(local);
      await shot(local, "05-file.png");
      await local.close();
    });

    if (pageErrors.length) fail(`uncaught errors in the page:\n  ${pageErrors.join("\n  ")}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().then(
  () => {
    log(`\n${passed} passed, 0 failed`);
    process.exit(0);
  },
  (e) => {
    console.error(`\nFAIL: ${e instanceof Failure ? e.message : e.stack || e}`);
    log(`${passed} passed, 1 failed`);
    process.exit(1);
  }
);
