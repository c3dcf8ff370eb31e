//! Reads the page's query string and keeps it in step with the scenario (no reload): a change of
//! analysis is a new history entry (so Back returns to the previous analysis), every other change
//! replaces the current one (no history spam).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The current query string, with its leading `?` (empty when there is none).
pub fn current_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

fn set_query(query: &str, new_entry: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}?{query}");
    let _ = if new_entry {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// Replaces the address bar's query with `query` (without `?`), keeping the path.
pub fn replace_query(query: &str) {
    set_query(query, false);
}

/// Makes `query` (without `?`) a new history entry, keeping the path.
pub fn push_query(query: &str) {
    set_query(query, true);
}

/// Calls `moved` whenever Back or Forward moves to another of the page's history entries (the
/// query is then [`current_query`]). Registered once for the page's lifetime.
pub fn on_history_move(moved: impl FnMut() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut moved = moved;
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| moved());
    let _ = window.add_event_listener_with_callback("popstate", handler.as_ref().unchecked_ref());
    // The page keeps the listener for its whole life.
    handler.forget();
}
