//! A user's own cells: an NVSim `.cell` or a cell preset `.toml` imported as a custom cell, with
//! an id made from its file name and every problem named.

use crate::circuit::cell::CellSpec;
/// A preset-style id from a file name: the stem (no folders, no extension), lower-cased, every
/// character outside `[a-z0-9_]` replaced by `_`, runs of `_` collapsed, trimmed of `_`, with a
/// leading letter (`custom_` is put in front of a digit or an empty stem), at most 48 characters.
/// `"My STT (v2).cell"` → `my_stt_v2`.
pub fn id_from_file_name(file_name: &str) -> String {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => name,
    };
    let mut id = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '_'
        };
        if c == '_' && (id.is_empty() || id.ends_with('_')) {
            continue;
        }
        id.push(c);
    }
    let mut id = id.trim_end_matches('_').to_string();
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id = format!("custom_{id}").trim_end_matches('_').to_string();
    }
    id.chars()
        .take(48)
        .collect::<String>()
        .trim_end_matches('_')
        .to_string()
}

/// Imports a user's NVSim `.cell` text as a custom cell with the id [`id_from_file_name`] gives;
/// `taken` ids (the library's presets, earlier imports) are refused with a message saying how to
/// rename. The cell keeps its file name as its name and says it is user-supplied. A cell that
/// states no process node (`-ProcessNode`) gets `node_nm_if_unstated`, if given, and a note
/// saying so; otherwise the cache configuration must name a node.
pub fn import_custom_cell(
    file_name: &str,
    text: &str,
    taken: &[&str],
    node_nm_if_unstated: Option<u32>,
) -> Result<CellSpec, String> {
    let id = id_from_file_name(file_name);
    if taken.contains(&id.as_str()) {
        return Err(format!(
            "{file_name}: its id `{id}` (from the file name) is already used by a preset or an \
             earlier import; rename the file"
        ));
    }
    if text.len() > crate::input::MAX_FILE_BYTES {
        return Err(format!(
            "{file_name}: {} bytes; .cell files are limited to {} bytes",
            text.len(),
            crate::input::MAX_FILE_BYTES
        ));
    }
    let parsed = crate::nvsim::format::parse_cell(file_name, text).map_err(|e| {
        let lines: Vec<String> = e.0.iter().map(|p| format!("  {p}")).collect();
        format!(
            "{} problem{} in the .cell text:\n{}",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" },
            lines.join("\n")
        )
    })?;
    let mut cell = crate::nvsim::cell_from_nvsim(file_name, &parsed).map_err(|e| e.to_string())?;
    cell.id = id;
    cell.source =
        format!("User-supplied NVSim cell file {file_name} (not a shipped, cited preset).");
    if let (None, Some(nm)) = (cell.node_nm, node_nm_if_unstated) {
        cell.node_nm = Some(f64::from(nm));
        let note = format!(
            "The .cell states no process node; it is placed at {nm} nm as chosen on import."
        );
        cell.notes = Some(match cell.notes.take() {
            Some(n) => format!("{note} {n}"),
            None => note,
        });
    }
    Ok(cell)
}

/// Imports a cell preset file (`.toml`, as `presets/cells/` holds and as the page exports) that a
/// user supplies: the `id` inside names the cell whatever the file is called (browsers rename
/// downloads: `my_stt (1).toml`); `taken` ids are refused with a message saying how to rename.
/// Every problem of the file is listed with its line, key, value and what is accepted.
pub fn import_cell_preset(file_name: &str, text: &str, taken: &[&str]) -> Result<CellSpec, String> {
    if text.len() > crate::input::MAX_FILE_BYTES {
        return Err(format!(
            "{file_name}: {} bytes; cell preset files are limited to {} bytes",
            text.len(),
            crate::input::MAX_FILE_BYTES
        ));
    }
    // The id inside, if it is a readable id; otherwise the file name's (the reader then names
    // the `id` problem).
    let inner = text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("id").and_then(|v| v.as_str()).map(str::to_string))
        .filter(|id| crate::input::is_id(id));
    let id = inner.unwrap_or_else(|| id_from_file_name(file_name));
    let cell =
        crate::circuit::cell::parse_cell_preset(&format!("{id}.toml"), text).map_err(|e| {
            let lines: Vec<String> =
                e.0.iter()
                    .map(|p| {
                        let mut p = p.clone();
                        p.file = file_name.to_string();
                        format!("  {p}")
                    })
                    .collect();
            format!(
                "{} problem{} in the cell preset file:\n{}",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" },
                lines.join("\n")
            )
        })?;
    if taken.contains(&cell.id.as_str()) {
        return Err(format!(
            "{file_name}: its id `{}` is already used by a preset or an earlier import; change \
             `id = …` in the file",
            cell.id
        ));
    }
    Ok(cell)
}
