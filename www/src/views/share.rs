//! The share panel: the link of the current view with a copy button, and the `<iframe>` snippet
//! that embeds it (`embed=1`: the result only) with its own. Where the browser gives no
//! clipboard, the text is selected for the reader to copy.

use leptos::prelude::*;
use nvmcalc::scenario::MAX_QUERY_BYTES;

use crate::platform::embed;
use wasm_bindgen::{JsCast, JsValue};

/// The page's address without its query: `https://host/sub/path/` (works under any sub-path).
fn page_base() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The absolute link of a query (without `?`).
pub fn absolute_link(query: &str) -> String {
    format!("{}?{query}", page_base())
}

/// The `<iframe>` snippet that embeds `link` (already with `embed=1`), titled `title`, first
/// `height_px` high, then as high as the embedded page says it is (the listener script).
pub fn iframe_snippet(link: &str, title: &str, height_px: u32) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    format!(
        "<iframe data-nvmcalc src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height_px}\" \
         style=\"border:0\" loading=\"lazy\"></iframe>\n{}",
        esc(link),
        esc(title),
        embed::LISTENER_SCRIPT
    )
}

/// The height an embed of the current view needs, in CSS pixels: from the top of the results
/// to the bottom of the chart, plus the line with the link back (the result only, at this
/// page's column width; the listener script then fits the frame to the page it embeds).
fn embed_height_px() -> u32 {
    const FALLBACK_PX: u32 = 900;
    const LINK_LINE_PX: f64 = 64.0;
    let element = |id: &str| {
        web_sys::window()?
            .document()?
            .query_selector(id)
            .ok()
            .flatten()?
            .dyn_into::<web_sys::HtmlElement>()
            .ok()
    };
    let (Some(main), Some(chart)) = (
        element("#results-view"),
        element("#results-view figure.chart"),
    ) else {
        return FALLBACK_PX;
    };
    let height =
        f64::from(chart.offset_top() + chart.offset_height() - main.offset_top()) + LINK_LINE_PX;
    if height.is_finite() && height > 200.0 {
        // Whole tens of pixels, at most 6000.
        ((height / 10.0).ceil() * 10.0).min(6000.0) as u32
    } else {
        FALLBACK_PX
    }
}

/// Puts `text` on the clipboard; `status` gets what happened. The Clipboard API exists only in
/// secure contexts (https, localhost): elsewhere, and when the browser refuses, the text is
/// selected in `field` so that Ctrl+C (⌘C) copies it.
fn copy(text: String, field: Option<web_sys::HtmlElement>, status: RwSignal<String>) {
    let select = move || {
        if let Some(f) = &field {
            let _ = f.focus();
            if let Some(t) = f.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                t.select();
            } else if let Some(i) = f.dyn_ref::<web_sys::HtmlInputElement>() {
                i.select();
            }
        }
    };
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        select();
        status.set(
            "This browser offers no clipboard to this page (it needs https or localhost): the \
             text is selected, press Ctrl+C (⌘C) to copy it."
                .into(),
        );
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => status.set("Copied to the clipboard.".into()),
            Err(_) => {
                select();
                status.set(
                    "The browser refused the clipboard: the text is selected, press Ctrl+C (⌘C) \
                     to copy it."
                        .into(),
                );
            }
        }
    });
}

/// The share panel: the link of this view and a copy button; the embed snippet and its copy
/// button. `query` is the shareable query of the current state (without `embed`), `title` a
/// one-line description of the view (the iframe's accessible title).
#[component]
pub fn SharePanel(
    query: Signal<String>,
    embed_query: Signal<String>,
    title: Signal<String>,
    /// How many times the chart was drawn: the view's height is measured after each draw.
    redrawn: ReadSignal<u32>,
) -> impl IntoView {
    let link = Signal::derive(move || absolute_link(&query.get()));
    let height = RwSignal::new(900_u32);
    Effect::new(move |_| {
        redrawn.track();
        height.set(embed_height_px());
    });
    let snippet = Signal::derive(move || {
        iframe_snippet(
            &absolute_link(&embed_query.get()),
            &title.get(),
            height.get(),
        )
    });
    let link_status = RwSignal::new(String::new());
    let embed_status = RwSignal::new(String::new());
    let link_ref = NodeRef::<leptos::html::Input>::new();
    let snippet_ref = NodeRef::<leptos::html::Textarea>::new();
    let copy_link = move |_| {
        let field = link_ref
            .get()
            .map(|e| e.unchecked_into::<web_sys::HtmlElement>());
        copy(link.get_untracked(), field, link_status);
    };
    let copy_snippet = move |_| {
        let field = snippet_ref
            .get()
            .map(|e| e.unchecked_into::<web_sys::HtmlElement>());
        copy(snippet.get_untracked(), field, embed_status);
    };
    // A new state makes an old "copied" stale.
    Effect::new(move |_| {
        let _ = query.get();
        link_status.set(String::new());
        embed_status.set(String::new());
    });
    view! {
        <section id="share" class="share" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share and embed"</h2>
            <label class="field" for="share-link">
                "Link to this view (every setting, the custom cells compared included)"
            </label>
            <div class="copy-row">
                <input id="share-link" type="text" readonly prop:value=link node_ref=link_ref />
                <button id="copy-link" type="button" on:click=copy_link>"Copy link"</button>
            </div>
            <p id="copy-link-status" class="hint" role="status">{move || link_status.get()}</p>
            {move || {
                let n = query.with(String::len);
                (n > MAX_QUERY_BYTES).then(|| view! {
                    <p id="link-too-long" class="field-error" role="alert">
                        {format!(
                            "This link is {n} bytes: a link may carry {MAX_QUERY_BYTES}, so it would open the default view. Shorten the names or sources of your custom cells, or compare fewer of them."
                        )}
                    </p>
                })
            }}
            <details id="embed-dialog" class="embed-dialog">
                <summary>"Embed this view in a course page"</summary>
                <p class="hint">
                    "Paste this into an HTML page: it shows this result only (table and chart, no controls), with a link back to the full calculator. Readers' changes stay in their copy. The frame starts at the height this view needs here; the script under it fits the frame to the result wherever it is shown (paste the script once per page)."
                </p>
                <label class="field" for="embed-snippet">"<iframe> snippet"</label>
                <textarea id="embed-snippet" rows="4" readonly prop:value=snippet node_ref=snippet_ref></textarea>
                <button id="copy-embed" type="button" on:click=copy_snippet>"Copy snippet"</button>
                <p id="copy-embed-status" class="hint" role="status">{move || embed_status.get()}</p>
            </details>
        </section>
    }
}
