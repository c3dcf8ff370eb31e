//! The model in a Web Worker, so that a long computation (a scalability sweep of many cells, the
//! iso-area search) never freezes the page.
//!
//! The worker is this same wasm module, started by `worker.js` in a dedicated worker once the
//! page's first result is drawn (so that it does not compete with it for the processor): the page
//! posts it its compiled `WebAssembly.Module` (nothing is downloaded or compiled twice), then the
//! preset bundle's JSON, and the worker answers each request `{id, query}` (the
//! scenario as its link form, read back by [`Scenario::from_page_query`]) with `{id, analysis,
//! report, ms}` (the [`Outcome`]'s report as a copy of its serde data model, the fields of the
//! CLI's JSON, numbers as the same `f64`s) or `{id, error}`. Every result after the page's first is computed here: a change made while the worker
//! is still starting waits for it. The page sends one request at a time and keeps only the newest
//! change while one is running or waiting, so a burst of edits costs one extra computation, not
//! one per keystroke. Only where the worker cannot run at all does the page compute itself.

use nvmcalc::library::PresetBundle;
use nvmcalc::outcome::{run, Outcome};
use nvmcalc::scenario::Analysis;
use nvmcalc::study::reproduce::{deepnvm, Reproduction};
use nvmcalc::{Library, Scenario};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::platform::clock;

fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &key.into(), &value.into());
}

/// A report crosses between the worker and the page as a structured-clone copy of its serde
/// data model (the same fields as the JSON export), not as JSON text: numbers cross as the
/// very same `f64`s, and the page needs no JSON number parser (measured in session 16: the
/// page's wasm 629 → 615 KB gzip with `nvmcalc`'s `exact_json` feature left out).
fn set_report(msg: &js_sys::Object, report: &impl Serialize) {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match report.serialize(&serializer) {
        Ok(v) => set(msg, "report", v),
        Err(e) => set(
            msg,
            "error",
            format!("internal: the report does not cross: {e}"),
        ),
    }
}

/// Reads back [`set_report`]'s report; `what` names it in the error.
fn get_report<T: DeserializeOwned>(msg: &JsValue, what: &str) -> Result<T, String> {
    let v = js_sys::Reflect::get(msg, &"report".into()).unwrap_or(JsValue::UNDEFINED);
    serde_wasm_bindgen::from_value(v)
        .map_err(|e| format!("internal: the {what} report does not read back: {e}"))
}

fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(obj, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

fn get_f64(obj: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(obj, &key.into())
        .ok()
        .and_then(|v| v.as_f64())
}

/// Worker side: called by `worker.js` once the module is initialised in the worker.
#[wasm_bindgen]
pub fn worker_main() {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return;
    };
    // The first message carries the page's preset bundle; every later one a request.
    let library: Rc<RefCell<Option<Library>>> = Rc::new(RefCell::new(None));
    {
        let reply_scope = scope.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                if get_str(&data, "kind").as_deref() == Some("presets") {
                    let json = get_str(&data, "bundle").unwrap_or_default();
                    let loaded = PresetBundle::from_json(&json).and_then(|b| b.library());
                    let msg = js_sys::Object::new();
                    match loaded.map_err(|e| e.to_string()) {
                        Ok(l) => {
                            *library.borrow_mut() = Some(l);
                            set(&msg, "kind", "ready");
                        }
                        Err(e) => {
                            set(&msg, "kind", "failed");
                            set(&msg, "error", e);
                        }
                    }
                    let _ = reply_scope.post_message(&msg);
                    return;
                }
                let guard = library.borrow();
                let Some(library) = guard.as_ref() else {
                    return; // no presets yet: the page sends none before `ready`
                };
                if get_str(&data, "kind").as_deref() == Some("reproduce") {
                    let msg = js_sys::Object::new();
                    set(&msg, "kind", "reproduction");
                    let start = clock::now_ms();
                    let result = deepnvm(library);
                    set(&msg, "ms", clock::now_ms() - start);
                    match result {
                        Ok(r) => set_report(&msg, &r),
                        Err(e) => set(&msg, "error", e.to_string()),
                    }
                    let _ = reply_scope.post_message(&msg);
                    return;
                }
                let id = get_f64(&data, "id").unwrap_or(-1.0);
                let query = get_str(&data, "query").unwrap_or_default();
                let msg = js_sys::Object::new();
                set(&msg, "kind", "result");
                set(&msg, "id", id);
                let start = clock::now_ms();
                let decoded = Scenario::from_page_query(&query, library);
                let result = if decoded.notices.is_empty() {
                    run(library, &decoded.scenario, &[]).map_err(|e| e.to_string())
                } else {
                    // The page wrote this query itself: a notice is a bug, not a user error.
                    Err(format!(
                        "internal: the worker could not read the page's scenario ({})",
                        decoded
                            .notices
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ))
                };
                set(&msg, "ms", clock::now_ms() - start);
                match result {
                    Ok(o) => {
                        set(&msg, "analysis", decoded.scenario.analysis.word());
                        set_report(&msg, &o);
                    }
                    Err(e) => set(&msg, "error", e),
                }
                let _ = reply_scope.post_message(&msg);
            });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // Only now can the worker hear the page: ask for the presets (a message posted before
        // the handler was set could be lost while the module was still loading).
        let msg = js_sys::Object::new();
        set(&msg, "kind", "started");
        let _ = scope.post_message(&msg);
    }
}

/// A result as the page shows it.
pub struct Answer {
    /// The outcome, or why there is none.
    pub outcome: Result<Outcome, String>,
    /// Milliseconds the model took (in the worker, or on the page).
    pub ms: f64,
    /// Whether it ran in the worker.
    pub in_worker: bool,
}

/// The callback waiting for the reproduction, with its result and milliseconds.
type OnReproduction = Box<dyn FnOnce(Result<Reproduction, String>, f64)>;

/// What the page does with the worker's news (set by [`Client::listen`]).
struct Handlers {
    /// Each answer.
    answer: Box<dyn Fn(Answer)>,
    /// Whether a request is running or waiting.
    busy: Box<dyn Fn(bool)>,
    /// The worker stopped with a request unanswered: the page computes it itself.
    lost: Box<dyn Fn()>,
}

#[derive(Default)]
struct ClientState {
    worker: Option<web_sys::Worker>,
    /// The worker's handler is set (it said `started`).
    started: bool,
    /// The worker could not start or stopped: the page computes.
    failed: bool,
    /// The preset bundle's JSON, until it is posted.
    presets: Option<String>,
    /// The worker has its library.
    ready: bool,
    handlers: Option<std::rc::Rc<Handlers>>,
    /// The reproduction's callback, and whether its request was posted.
    reproduction: Option<OnReproduction>,
    reproduction_posted: bool,
    next_id: f64,
    in_flight: Option<f64>,
    /// The newest scenario not yet posted.
    pending: Option<String>,
}

/// The page's side: sends scenarios to the worker one at a time and hands each answer to the
/// page's handlers. Requests made before the worker is ready wait for it; only where it cannot
/// run (no module workers, a load error) does [`Client::submit`] report `false`, and the page
/// computes itself.
#[derive(Clone, Default)]
pub struct Client {
    state: Rc<RefCell<ClientState>>,
}

impl Client {
    /// A client whose worker is not started yet ([`Client::spawn`]); requests wait for it.
    pub fn new() -> Client {
        Client::default()
    }

    /// Starts `worker.js` next to the page and posts it this page's compiled module (once: a
    /// worker that started, or failed to, is not started again).
    pub fn spawn(&self) {
        {
            let s = self.state.borrow();
            if s.worker.is_some() || s.failed {
                return;
            }
        }
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let Ok(worker) = web_sys::Worker::new_with_options("./worker.js", &options) else {
            self.lose();
            return;
        };
        // `worker.js` waits for this first message: the module the page compiled.
        let msg = js_sys::Object::new();
        set(&msg, "kind", "module");
        set(&msg, "module", wasm_bindgen::module());
        if worker.post_message(&msg).is_err() {
            self.lose();
            return;
        }
        let client = self;
        let me = client.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                match get_str(&data, "kind").as_deref() {
                    Some("started") => {
                        me.state.borrow_mut().started = true;
                        me.send_presets();
                    }
                    Some("ready") => {
                        me.state.borrow_mut().ready = true;
                        // For tests and the curious: `<body data-worker="ready">`.
                        set_body("data-worker", "ready");
                        me.flush();
                    }
                    // The page loaded these presets itself: this cannot happen but by a bug.
                    Some("failed") => me.lose(),
                    Some("reproduction") => {
                        let waiting = {
                            let mut s = me.state.borrow_mut();
                            s.reproduction_posted = false;
                            s.reproduction.take()
                        };
                        if let Some(done) = waiting {
                            let ms = get_f64(&data, "ms").unwrap_or(0.0);
                            let result = match get_str(&data, "error") {
                                Some(e) => Err(e),
                                None => get_report::<Reproduction>(&data, "the reproduction"),
                            };
                            done(result, ms);
                        }
                    }
                    Some("result") => me.answered(&data),
                    _ => {}
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // A worker that fails (no module workers, a load error) is dropped: the page computes.
        let me = client.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_ev: web_sys::Event| {
            me.lose();
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();

        client.state.borrow_mut().worker = Some(worker);
    }

    /// Hands the worker the preset bundle's JSON (posted once the worker has started).
    pub fn set_presets(&self, bundle_json: String) {
        self.state.borrow_mut().presets = Some(bundle_json);
        self.send_presets();
    }

    /// Sets what the page does with each answer (`answer`), with whether a request is running or
    /// waiting (`busy`), and when the worker stops with a request unanswered (`lost`).
    pub fn listen(
        &self,
        answer: impl Fn(Answer) + 'static,
        busy: impl Fn(bool) + 'static,
        lost: impl Fn() + 'static,
    ) {
        self.state.borrow_mut().handlers = Some(Rc::new(Handlers {
            answer: Box::new(answer),
            busy: Box::new(busy),
            lost: Box::new(lost),
        }));
    }

    fn send_presets(&self) {
        let mut s = self.state.borrow_mut();
        let (Some(worker), true) = (s.worker.clone(), s.started) else {
            return;
        };
        let Some(json) = s.presets.take() else {
            return;
        };
        let msg = js_sys::Object::new();
        set(&msg, "kind", "presets");
        set(&msg, "bundle", json);
        let _ = worker.post_message(&msg);
    }

    /// Posts what waited for the worker to be ready.
    fn flush(&self) {
        let next = {
            let mut s = self.state.borrow_mut();
            if s.in_flight.is_some() {
                None
            } else {
                s.pending.take()
            }
        };
        if let Some(q) = next {
            if !self.post(&q) {
                self.lose();
                return;
            }
        }
        let worker = {
            let mut s = self.state.borrow_mut();
            let post = s.reproduction.is_some() && !s.reproduction_posted;
            s.reproduction_posted |= post;
            s.worker.clone().filter(|_| post)
        };
        if let Some(w) = worker {
            let msg = js_sys::Object::new();
            set(&msg, "kind", "reproduce");
            if w.post_message(&msg).is_err() {
                self.lose();
            }
        }
    }

    fn answered(&self, data: &JsValue) {
        let id = get_f64(data, "id");
        let (current, handlers) = {
            let s = self.state.borrow();
            (s.in_flight, s.handlers.clone())
        };
        if id != current {
            return;
        }
        let ms = get_f64(data, "ms").unwrap_or(0.0);
        let outcome = match get_str(data, "error") {
            Some(e) => Err(e),
            None => {
                let analysis = get_str(data, "analysis")
                    .and_then(|w| Analysis::from_word(&w))
                    .unwrap_or_default();
                match analysis {
                    Analysis::IsoCapacity => {
                        get_report(data, analysis.label()).map(Outcome::IsoCapacity)
                    }
                    Analysis::IsoArea => get_report(data, analysis.label()).map(Outcome::IsoArea),
                    Analysis::Scaling => get_report(data, analysis.label()).map(Outcome::Scaling),
                    Analysis::Details => get_report(data, analysis.label()).map(Outcome::Details),
                    Analysis::Workloads => {
                        get_report(data, analysis.label()).map(Outcome::Workloads)
                    }
                }
            }
        };
        let next = {
            let mut s = self.state.borrow_mut();
            s.in_flight = None;
            s.pending.take()
        };
        if let Some(h) = &handlers {
            (h.answer)(Answer {
                outcome,
                ms,
                in_worker: true,
            });
        }
        match next {
            Some(q) => {
                if !self.post(&q) {
                    self.lose();
                }
            }
            None => {
                if let Some(h) = &handlers {
                    (h.busy)(false);
                }
            }
        }
    }

    /// The worker is gone: drop it; a request left unanswered is the page's to compute, a
    /// waiting reproduction gets an error.
    fn lose(&self) {
        let (unanswered, reproduction, handlers) = {
            let mut s = self.state.borrow_mut();
            if let Some(w) = s.worker.take() {
                w.terminate();
            }
            s.failed = true;
            s.ready = false;
            s.reproduction_posted = false;
            let unanswered = s.in_flight.take().is_some() | s.pending.take().is_some();
            (unanswered, s.reproduction.take(), s.handlers.clone())
        };
        if let Some(done) = reproduction {
            done(
                Err("The background worker stopped; run the reproduction again.".into()),
                0.0,
            );
        }
        if let Some(h) = handlers {
            (h.busy)(false);
            if unanswered {
                (h.lost)();
            }
        }
    }

    fn post(&self, query: &str) -> bool {
        let mut s = self.state.borrow_mut();
        let Some(worker) = s.worker.clone() else {
            return false;
        };
        s.next_id += 1.0;
        let id = s.next_id;
        let msg = js_sys::Object::new();
        set(&msg, "id", id);
        set(&msg, "query", query);
        if worker.post_message(&msg).is_err() {
            return false;
        }
        s.in_flight = Some(id);
        true
    }

    /// Runs the DeepNVM++ reproduction in the worker (once it is ready) and hands the result to
    /// `done`; `false` (and `done` is not called) when there is no worker or one is already
    /// running.
    pub fn reproduce(
        &self,
        done: impl FnOnce(Result<Reproduction, String>, f64) + 'static,
    ) -> bool {
        {
            let mut s = self.state.borrow_mut();
            if s.failed || s.reproduction.is_some() {
                return false;
            }
            s.reproduction = Some(Box::new(done));
        }
        if self.state.borrow().ready {
            self.flush();
        }
        true
    }

    /// Sends the scenario (its full link form) to the worker; while one runs, or while the worker
    /// is starting, keeps only the newest. `false` when there is no worker: compute on the page.
    pub fn submit(&self, query: String) -> bool {
        {
            let mut s = self.state.borrow_mut();
            if s.failed {
                return false;
            }
            if !s.ready || s.in_flight.is_some() {
                s.pending = Some(query);
                return true;
            }
        }
        self.post(&query)
    }
}

/// Sets an attribute of `<body>` (read by the tests and the measurement script).
pub fn set_body(key: &str, value: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute(key, value);
    }
}
