//! Files the reader downloads, as `data:` URLs for a link's `href`: a text (JSON, CSV, a cell
//! preset file) or the chart's canvas as PNG.

/// A `data:` URL holding `text` (for a download link).
pub fn data_href(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

/// A `data:` URL of `canvas` as PNG (`None` when the browser cannot encode it).
pub fn png_href(canvas: &web_sys::HtmlCanvasElement) -> Option<String> {
    canvas.to_data_url_with_type("image/png").ok()
}
