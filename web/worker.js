// worker.js — runs parley's engine (parley_engine.js, WebAssembly inside) off the
// page's thread. Messages in: {id, call, args}; out: {id, result} where `result`
// is the engine's answer, parsed when it is JSON text (outcomes_csv stays text),
// or {id, error} when the call itself threw. One {ready: true} (or {ready: false,
// error}) is posted once the engine has been created.
//
// The worker's body is the function parleyWorkerMain, so that app.js can also
// build this worker from a Blob (see app.js, "engine connection") where the
// browser forbids `new Worker("worker.js")`, as Chromium does for file:// pages.

function parleyWorkerMain() {
  "use strict";
  let engine = null;
  const queue = [];  // messages that arrive before the engine is ready

  // Call one engine function; parse a JSON answer.
  function answer(message) {
    const { id, call, args } = message;
    try {
      const fn = engine[call];
      if (typeof fn !== "function") throw new Error("the engine has no function " + call);
      let result = fn.apply(engine, args || []);
      if (typeof result === "string") {
        const head = result.trimStart()[0];
        if (head === "{" || head === "[") {
          try {
            result = JSON.parse(result);
          } catch (e) {
            /* not JSON after all (e.g. a CSV): keep the text */
          }
        }
      }
      self.postMessage({ id, result });
    } catch (e) {
      self.postMessage({ id, error: String((e && e.message) || e) });
    }
  }

  self.onmessage = (event) => {
    if (engine) answer(event.data);
    else queue.push(event.data);
  };

  createParleyEngine().then(
    (created) => {
      engine = created;
      // The data files the shipped scenarios name (actors tables), from scenarios.js.
      for (const file of self.PARLEY_FILES || []) engine.add_file(file.path, file.text);
      self.postMessage({ ready: true });
      while (queue.length) answer(queue.shift());
    },
    (e) => self.postMessage({ ready: false, error: String((e && e.message) || e) })
  );
}

// Started as a real worker file: load the scenarios and the engine next to it.
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  importScripts("scenarios.js", "parley_engine.js");
  parleyWorkerMain();
}
