//! Fetches the presets (relative to the page, so hosting under a sub-path works): the one-file
//! bundle built by `tools/build-web.sh` ([`nvmcalc::library::PresetBundle`]), or, where it is not
//! served, the index and every file it names; the core validates the texts.

use futures::future::join_all;
use nvmcalc::library::{Index, PresetBundle, BUNDLE_FILE, INDEX_FILE, SCHEMA_VERSION};
use nvmcalc::{Library, PresetErrors};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// The folder the presets are served from, relative to the page.
pub const PRESETS_DIR: &str = "presets";

/// Why the presets could not be loaded: one line per problem.
pub type LoadError = Vec<String>;

async fn fetch_text(url: &str) -> Result<String, String> {
    // The global `fetch`: the window's on the page, the worker's in the Web Worker.
    let global = js_sys::global();
    let fetch = js_sys::Reflect::get(&global, &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "this browser offers no fetch".to_string())?;
    let promise: js_sys::Promise = fetch
        .call1(&global, &url.into())
        .map_err(|e| format!("{url}: request failed ({})", js_message(&e)))?
        .dyn_into()
        .map_err(|_| format!("{url}: fetch returned no promise"))?;
    let response = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{url}: request failed ({})", js_message(&e)))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: not an HTTP response"))?;
    if !response.ok() {
        return Err(format!(
            "{url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let promise = response
        .text()
        .map_err(|e| format!("{url}: {}", js_message(&e)))?;
    let text = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{url}: {}", js_message(&e)))?;
    text.as_string()
        .ok_or_else(|| format!("{url}: body is not text"))
}

fn js_message(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Loads and validates the whole preset library: the bundle (`presets.json`, one request) when
/// it is served, else the index and every file it names. Returns the library and the bundle's
/// JSON, which the page hands to its Web Worker (so the worker fetches nothing).
pub async fn load_library() -> Result<(Library, String), LoadError> {
    let lines = |e: PresetErrors| e.0.iter().map(ToString::to_string).collect::<Vec<_>>();
    if let Ok(json) = fetch_text(BUNDLE_FILE).await {
        crate::platform::clock::mark("nvmcalc:presets-fetched");
        let library = PresetBundle::from_json(&json)
            .and_then(|b| b.library())
            .map_err(lines)?;
        return Ok((library, json));
    }
    // No bundle (a folder served as it is in the repository): one request per file.
    let index_text = fetch_text(&format!("{PRESETS_DIR}/{INDEX_FILE}"))
        .await
        .map_err(|e| vec![e])?;
    let index = Index::parse(&index_text).map_err(lines)?;
    let paths: Vec<String> = index.files().map(str::to_string).collect();
    let texts = join_all(
        paths
            .iter()
            .map(|p| fetch_text_owned(format!("{PRESETS_DIR}/{p}"))),
    )
    .await;
    let mut files = Vec::with_capacity(paths.len());
    let mut fetch_errors = Vec::new();
    for (path, text) in paths.into_iter().zip(texts) {
        match text {
            Ok(t) => files.push((path, t)),
            Err(e) => fetch_errors.push(e),
        }
    }
    match Library::load(&index, &files) {
        Ok(library) => {
            let bundle = PresetBundle {
                schema: SCHEMA_VERSION,
                index: index_text,
                files,
            };
            Ok((library, bundle.to_json()))
        }
        Err(e) => {
            let mut lines = lines(e);
            lines.extend(fetch_errors);
            Err(lines)
        }
    }
}

async fn fetch_text_owned(url: String) -> Result<String, String> {
    fetch_text(&url).await
}
