//! Reading input text, knowing no domain: the field reader every preset parser uses, the typed
//! preset errors (file, line, field, value, what is accepted), TOML parsing that collects every
//! problem, and percent/query decoding for share links. The bottom of the core: it imports nothing
//! of the crate but [`crate::units`].

mod error;
mod field;
mod query;

pub(crate) use error::shorten;
pub use error::{PresetError, PresetErrors};
pub use field::is_id;
pub(crate) use field::FieldReader;
pub use query::{percent_decode, percent_encode};

/// Largest preset file accepted (bytes); larger ones are refused with a reason.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

pub(crate) fn parse_toml(
    path: &str,
    text: &str,
    errors: &mut Vec<PresetError>,
) -> Option<toml::Table> {
    match text.parse::<toml::Table>() {
        Ok(t) => Some(t),
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            errors.push(PresetError {
                file: path.into(),
                line,
                field: String::new(),
                value: String::new(),
                problem: format!("not valid TOML: {}", e.message()),
            });
            None
        }
    }
}

/// The parsed value when no problem was collected, else every problem.
pub(crate) fn all_or_errors<T>(
    value: Option<T>,
    errors: Vec<PresetError>,
) -> Result<T, PresetErrors> {
    match value {
        Some(value) if errors.is_empty() => Ok(value),
        _ => Err(PresetErrors(errors)),
    }
}

/// The file name without folders and `.toml`; a preset's `id` must equal it.
pub(crate) fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".toml").unwrap_or(name)
}
