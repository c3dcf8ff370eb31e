//! A user's own cells: an NVSim `.cell` or a cell preset `.toml` imported as a custom cell, with
//! an id made from its file name and every problem named. Both end in the check every cell
//! passes ([`check_cell`]), with the ranges and limits of a cell preset file.

use crate::circuit::cell::{check_cell, CellSpec, IdRule, RawCell, Value};
use crate::input::PresetErrors;

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
    // The cell as it will be used, with its own id, source and node, through the one check.
    let mut raw = RawCell::of(&cell);
    raw.set("id", Value::Text(id.clone()));
    check_cell(&format!("{id}.toml"), &raw, IdRule::PresetFile)
        .map_err(|e| problems(file_name, "in the imported cell", &e))
}

/// Every problem on its own line, each naming `file_name` (and its line, where known).
fn problems(file_name: &str, what: &str, e: &PresetErrors) -> String {
    let lines: Vec<String> =
        e.0.iter()
            .map(|p| {
                let mut p = p.clone();
                p.file = file_name.to_string();
                format!("  {p}")
            })
            .collect();
    format!(
        "{} problem{} {what}:\n{}",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" },
        lines.join("\n")
    )
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
    let raw = RawCell::from_toml(file_name, text)
        .map_err(|e| problems(file_name, "in the cell preset file", &e))?;
    // The id inside, if it is a readable id; otherwise the file name's (the check then names
    // the `id` problem).
    let inner = match raw.get("id") {
        Some(Value::Text(id)) if crate::input::is_id(id) => Some(id.clone()),
        _ => None,
    };
    let id = inner.unwrap_or_else(|| id_from_file_name(file_name));
    let cell = check_cell(&format!("{id}.toml"), &raw, IdRule::PresetFile)
        .map_err(|e| problems(file_name, "in the cell preset file", &e))?;
    if taken.contains(&cell.id.as_str()) {
        return Err(format!(
            "{file_name}: its id `{}` is already used by a preset or an earlier import; change \
             `id = …` in the file",
            cell.id
        ));
    }
    Ok(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STT: &str = "-MemCellType: MRAM\n-CellArea (F^2): 54\n-CellAspectRatio: 0.54\n\
-ResistanceOn (ohm): 3000\n-ResistanceOff (ohm): 6000\n-ReadMode: current\n-ReadVoltage (V): 0.25\n\
-ResetMode: current\n-ResetCurrent (uA): 80\n-ResetPulse (ns): 10\n\
-AccessType: CMOS\n-AccessCMOSWidth (F): 8\n";

    #[test]
    fn an_imported_cell_ends_in_the_cell_check() {
        let cell = import_custom_cell("My STT.cell", STT, &[], Some(22)).unwrap();
        assert_eq!((cell.id.as_str(), cell.node_nm), ("my_stt", Some(22.0)));
        // The node chosen on import meets the range of `node_nm` too.
        let e = import_custom_cell("My STT.cell", STT, &[], Some(5000)).unwrap_err();
        assert_eq!(
            e,
            "1 problem in the imported cell:\n  My STT.cell: node_nm = 5000: must be a finite \
             number from 1 to 1000"
        );
        let e = import_custom_cell("x.cell", &STT.replace("0.25", "9"), &[], None).unwrap_err();
        assert!(
            e.contains("read.voltage_v = 9: must be a finite number"),
            "{e}"
        );
    }

    #[test]
    fn a_preset_file_is_read_once_and_named_by_its_id() {
        let text = include_str!("../../presets/cells/stt_16nm.toml");
        let cell = import_cell_preset("stt_16nm (2).toml", text, &[]).unwrap();
        assert_eq!(cell.id, "stt_16nm");
        let e = import_cell_preset("a.toml", "x = = 1", &[]).unwrap_err();
        assert!(
            e.starts_with("1 problem in the cell preset file:\n  a.toml:1: not valid TOML"),
            "{e}"
        );
        let e =
            import_cell_preset("b.toml", &text.replace("aspect_ratio", "ratio"), &[]).unwrap_err();
        assert!(e.contains("b.toml: aspect_ratio: missing"), "{e}");
    }
}
