//! An embedded page (`embed=1` in an `<iframe>`) tells the page around it how tall it is, so that
//! the frame can fit it without a scroll bar of its own: it posts `{nvmcalc: "height", height}`
//! (CSS pixels) to its parent whenever its height changes. The share panel's snippet carries the
//! few lines that listen for it ([`LISTENER_SCRIPT`]), and so does `www/course.html`.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The value of the message's `nvmcalc` field.
pub const HEIGHT_MESSAGE: &str = "height";

/// The script a page that embeds nvmcalc adds once: it sets the height of the `<iframe
/// data-nvmcalc>` whose page sent the message (heights outside 1…20000 px are ignored).
pub const LISTENER_SCRIPT: &str = "<script>addEventListener(\"message\",function(e){\
var d=e.data;if(!d||d.nvmcalc!==\"height\"||!(d.height>0&&d.height<20000))return;\
document.querySelectorAll(\"iframe[data-nvmcalc]\").forEach(function(f){\
if(f.contentWindow===e.source)f.style.height=Math.ceil(d.height)+\"px\";});});</script>";

/// The document's height in CSS pixels (the body's; the page sets no body margin).
pub fn document_height() -> Option<f64> {
    let body = web_sys::window()?.document()?.body()?;
    Some(f64::from(body.scroll_height()))
}

/// When this page is framed, posts its height to the parent now and whenever it changes.
pub fn report_height_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    if js_sys::Object::is(&parent, &window) {
        return; // not framed
    }
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    let last = std::cell::Cell::new(-1.0_f64);
    let post = Closure::<dyn FnMut()>::new(move || {
        let Some(height) = document_height() else {
            return;
        };
        if (height - last.get()).abs() < 1.0 {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"nvmcalc".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &JsValue::from_f64(height));
        // Only a height is sent, so any parent may read it.
        let _ = parent.post_message(&message, "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer calls it for the page's whole life.
    post.forget();
}
