//! The window as the charts need it: whether the page is in its dark colour scheme and how wide
//! the window is, each a signal that follows the browser's changes while the page is open.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether the page is in its dark colour scheme (`prefers-color-scheme: dark`), updated when
/// the reader or the system switches it.
pub fn dark_scheme() -> ReadSignal<bool> {
    let dark = RwSignal::new(false);
    if let Some(query) =
        web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
    {
        dark.set(query.matches());
        let q = query.clone();
        let on_change =
            wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || dark.set(q.matches()));
        let _ =
            query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
    dark.read_only()
}

/// The window's inner width in CSS pixels, updated when the window is resized (by a pixel or
/// more).
pub fn viewport_width() -> ReadSignal<f64> {
    let viewport_width = RwSignal::new(0.0_f64);
    if let Some(w) = web_sys::window() {
        viewport_width.set(w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(0.0));
        let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let width = w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
                if (width - viewport_width.get_untracked()).abs() >= 1.0 {
                    viewport_width.set(width);
                }
            }
        });
        let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        on_resize.forget();
    }
    viewport_width.read_only()
}
