//! The clock the page times its results with, the same call on the page and in the Web Worker.

use wasm_bindgen::JsCast;

/// Milliseconds since the page (or, in the Web Worker, the worker) started.
pub fn now_ms() -> f64 {
    // The global `performance`: the window's on the page, the worker's in the worker.
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Records a named moment in the browser's performance timeline (`performance.mark`), read by
/// `tools/measure-interaction.mjs` to say where the time to the first result goes.
pub fn mark(name: &str) {
    if let Some(p) = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
    {
        let _ = p.mark(name);
    }
}
