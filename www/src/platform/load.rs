//! Fetches the preset index and every file it names (relative to the page, so hosting under a
//! sub-path works) and hands the texts to the core for validation.

use futures::future::join_all;
use nvmcalc::library::{Index, INDEX_FILE};
use nvmcalc::Library;
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

/// The preset files as fetched: the index text and each file's (path, text). The page hands
/// them to its Web Worker, which so never fetches them a second time.
#[derive(Clone, Debug, Default)]
pub struct PresetTexts {
    /// `presets/index.toml`.
    pub index: String,
    /// (path in the index, text) of every file the index names.
    pub files: Vec<(String, String)>,
}

impl PresetTexts {
    /// Validates the texts into a library (the core's checks; one line per problem).
    pub fn library(&self) -> Result<Library, LoadError> {
        let index = Index::parse(&self.index)
            .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        Library::load(&index, &self.files)
            .map_err(|e| e.0.iter().map(ToString::to_string).collect())
    }
}

/// Loads and validates the whole preset library, keeping the texts.
pub async fn load_library() -> Result<(Library, PresetTexts), LoadError> {
    let index_text = fetch_text(&format!("{PRESETS_DIR}/{INDEX_FILE}"))
        .await
        .map_err(|e| vec![e])?;
    let index = Index::parse(&index_text)
        .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
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
        Ok(library) => Ok((
            library,
            PresetTexts {
                index: index_text,
                files,
            },
        )),
        Err(e) => {
            let mut lines: Vec<String> = e.0.iter().map(ToString::to_string).collect();
            lines.extend(fetch_errors);
            Err(lines)
        }
    }
}

async fn fetch_text_owned(url: String) -> Result<String, String> {
    fetch_text(&url).await
}
