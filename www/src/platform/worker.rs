//! The model in a Web Worker, so that a long computation (a scalability sweep of many cells, the
//! iso-area search) never freezes the page.
//!
//! The worker is this same wasm module, started by `worker.js` in a dedicated worker: the page
//! posts it the preset texts it fetched (so nothing is fetched twice), and it answers each request `{id, query}` (the scenario as its link form, read back
//! by [`Scenario::from_page_query`]) with `{id, analysis, json, ms}` (the [`Outcome`] as the CLI's
//! JSON, which reads back bit-identical) or `{id, error}`. The page sends one request at a time
//! and keeps only the newest change while one is running, so a burst of edits costs one extra
//! computation, not one per keystroke.

use nvmcalc::outcome::{run, Outcome};
use nvmcalc::scenario::Analysis;
use nvmcalc::study::reproduce::{deepnvm, Reproduction};
use nvmcalc::{Library, Scenario};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::platform::{clock, load};

fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &key.into(), &value.into());
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
    // The first message carries the page's preset texts; every later one a request.
    let library: Rc<RefCell<Option<Library>>> = Rc::new(RefCell::new(None));
    {
        let reply_scope = scope.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                if get_str(&data, "kind").as_deref() == Some("presets") {
                    let texts = read_presets(&data);
                    let msg = js_sys::Object::new();
                    match texts.library() {
                        Ok(l) => {
                            *library.borrow_mut() = Some(l);
                            set(&msg, "kind", "ready");
                        }
                        Err(lines) => {
                            set(&msg, "kind", "failed");
                            set(&msg, "error", lines.join("\n"));
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
                        Ok(r) => set(&msg, "json", r.to_transfer_json()),
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
                        set(&msg, "json", o.to_json());
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

/// The `{index, files: [[path, text], …]}` of a `presets` message.
fn read_presets(data: &JsValue) -> load::PresetTexts {
    let files = js_sys::Reflect::get(data, &"files".into())
        .ok()
        .map(|f| js_sys::Array::from(&f))
        .map(|a| {
            a.iter()
                .filter_map(|pair| {
                    let pair = js_sys::Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect()
        })
        .unwrap_or_default();
    load::PresetTexts {
        index: get_str(data, "index").unwrap_or_default(),
        files,
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

struct ClientState {
    worker: Option<web_sys::Worker>,
    reproduction: Option<OnReproduction>,
    ready: bool,
    next_id: f64,
    in_flight: Option<f64>,
    pending: Option<String>,
}

/// The page's side: sends scenarios to the worker one at a time and hands each answer to
/// `on_answer`. Until the worker is ready (or where it cannot start) [`Client::submit`] reports
/// `false` and the page computes itself.
#[derive(Clone)]
pub struct Client {
    state: Rc<RefCell<ClientState>>,
}

impl Client {
    /// Starts `worker.js` next to the page. `on_answer` gets each answer; `on_busy` whether a
    /// request is running.
    pub fn start(
        presets: &load::PresetTexts,
        on_answer: impl Fn(Answer) + 'static,
        on_busy: impl Fn(bool) + 'static,
    ) -> Client {
        let state = Rc::new(RefCell::new(ClientState {
            worker: None,
            reproduction: None,
            ready: false,
            next_id: 0.0,
            in_flight: None,
            pending: None,
        }));
        let client = Client { state };
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let Ok(worker) = web_sys::Worker::new_with_options("./worker.js", &options) else {
            return client;
        };
        // The presets the page already fetched, sent when the worker says it has started: the
        // worker builds its library from them.
        let presets_msg = js_sys::Object::new();
        set(&presets_msg, "kind", "presets");
        set(&presets_msg, "index", presets.index.as_str());
        let files = js_sys::Array::new();
        for (path, text) in &presets.files {
            let pair = js_sys::Array::new();
            pair.push(&path.into());
            pair.push(&text.into());
            files.push(&pair);
        }
        set(&presets_msg, "files", files);
        let me = client.clone();
        let on_busy = Rc::new(on_busy);
        let busy = on_busy.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                match get_str(&data, "kind").as_deref() {
                    Some("started") => {
                        let worker = me.state.borrow().worker.clone();
                        if let Some(w) = worker {
                            let _ = w.post_message(&presets_msg);
                        }
                    }
                    Some("ready") => {
                        me.state.borrow_mut().ready = true;
                        // For tests and the curious: `<body data-worker="ready">`.
                        if let Some(body) = web_sys::window()
                            .and_then(|w| w.document())
                            .and_then(|d| d.body())
                        {
                            let _ = body.set_attribute("data-worker", "ready");
                        }
                    }
                    Some("failed") => me.state.borrow_mut().ready = false,
                    Some("reproduction") => {
                        let waiting = me.state.borrow_mut().reproduction.take();
                        if let Some(done) = waiting {
                            let ms = get_f64(&data, "ms").unwrap_or(0.0);
                            let result = match get_str(&data, "error") {
                                Some(e) => Err(e),
                                None => Reproduction::from_transfer_json(
                                    &get_str(&data, "json").unwrap_or_default(),
                                )
                                .map_err(|e| format!("internal: {e}")),
                            };
                            done(result, ms);
                        }
                    }
                    Some("result") => {
                        let id = get_f64(&data, "id");
                        let current = me.state.borrow().in_flight;
                        if id != current {
                            return;
                        }
                        let ms = get_f64(&data, "ms").unwrap_or(0.0);
                        let outcome = match get_str(&data, "error") {
                            Some(e) => Err(e),
                            None => {
                                let analysis = get_str(&data, "analysis")
                                    .and_then(|w| Analysis::from_word(&w))
                                    .unwrap_or_default();
                                let json = get_str(&data, "json").unwrap_or_default();
                                Outcome::from_json(analysis, &json)
                                    .map_err(|e| format!("internal: {e}"))
                            }
                        };
                        on_answer(Answer {
                            outcome,
                            ms,
                            in_worker: true,
                        });
                        let next = {
                            let mut s = me.state.borrow_mut();
                            s.in_flight = None;
                            s.pending.take()
                        };
                        match next {
                            Some(q) => {
                                me.post(&q);
                            }
                            None => busy(false),
                        }
                    }
                    _ => {}
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // A worker that fails (no module workers, a load error) is dropped: the page computes.
        let me = client.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_ev: web_sys::Event| {
            let mut s = me.state.borrow_mut();
            s.ready = false;
            s.worker = None;
            s.in_flight = None;
            drop(s);
            on_busy(false);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();

        client.state.borrow_mut().worker = Some(worker);
        client
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

    /// Runs the DeepNVM++ reproduction in the worker and hands the result to `done`; `false`
    /// (and `done` is not called) when no worker is ready or one is already running.
    pub fn reproduce(
        &self,
        done: impl FnOnce(Result<Reproduction, String>, f64) + 'static,
    ) -> bool {
        let mut s = self.state.borrow_mut();
        let (Some(worker), true, None) = (s.worker.clone(), s.ready, s.reproduction.as_ref())
        else {
            return false;
        };
        let msg = js_sys::Object::new();
        set(&msg, "kind", "reproduce");
        if worker.post_message(&msg).is_err() {
            return false;
        }
        s.reproduction = Some(Box::new(done));
        true
    }

    /// Sends the scenario (its full link form) to the worker; while one runs, keeps only the
    /// newest. `false` when no worker is ready: compute on the page.
    pub fn submit(&self, query: String) -> bool {
        {
            let mut s = self.state.borrow_mut();
            if !s.ready || s.worker.is_none() {
                return false;
            }
            if s.in_flight.is_some() {
                s.pending = Some(query);
                return true;
            }
        }
        self.post(&query)
    }
}
