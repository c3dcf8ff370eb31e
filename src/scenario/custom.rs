//! Cells a user makes: a preset with some values changed, or an imported NVSim `.cell`, written
//! as the *changes* from a cell preset of the same family. That form is short enough for a share
//! link (`cell=my_stt~stt_16nm~mtj.r_parallel_ohm:3000`), is what the page keeps in the browser's
//! storage, and says exactly which numbers are the user's and which the preset's sources give.
//!
//! A custom cell is resolved on its base preset's raw cell ([`RawCell`], the flat list of its
//! preset-file keys: `name`, `cell_area_um2`, `read.voltage_v`, …): each change sets or removes
//! one key, and the result goes through the one cell check ([`check_cell`]) that preset files go
//! through, so a bad value gets the same message, naming the key, the value and what is
//! accepted. [`to_preset_toml`] writes a cell as a preset file that the preset reader (and so
//! the CLI's `--presets` folder) reads back to the same cell.

use serde::Serialize;

pub use crate::circuit::cell::{entries, key_unit, Entry, Value, MAX_TEXT_CHARS};

use crate::circuit::cell::{check_cell, number_text, CellSpec, IdRule, RawCell};
use crate::input::{is_id, PresetErrors};

/// Most changes one custom cell may carry (a cell file has fewer than 40 keys).
pub const MAX_CHANGES: usize = 48;
/// Most custom cells in one scenario.
pub const MAX_CUSTOM_CELLS: usize = 8;

/// The cell as a preset file (`presets/cells/<id>.toml`) that [`parse_cell_preset`] reads back
/// to the same cell. The preset's `derivation`, if it had one, is kept inside `notes`.
pub fn to_preset_toml(cell: &CellSpec) -> String {
    RawCell::of(cell).to_toml(&format!(
        "{} — cell preset written by nvmcalc.\nUnits are in every key name; the source is in `source`, caveats in `notes`.\nTo use it: put it in presets/cells/ and list it in presets/index.toml, or import it in the page.",
        cell.name
    ))
}

/// A value as a change carries it: numbers keep their shortest exact text (so the type is `Eq`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Literal {
    /// A finite number, as its shortest round-trip decimal text.
    Number(String),
    /// Text.
    Text(String),
}

impl Literal {
    fn of(v: &Value) -> Literal {
        match v {
            Value::Number(x) => Literal::Number(number_text(*x)),
            Value::Text(s) | Value::Other(s) => Literal::Text(s.clone()),
        }
    }

    fn value(&self) -> Value {
        match self {
            // `+ 0.0` reads `-0` as 0, as the integer `-0` of a preset file reads.
            Literal::Number(t) => Value::Number(t.parse().unwrap_or(f64::NAN) + 0.0),
            Literal::Text(s) => Value::Text(s.clone()),
        }
    }
}

/// One change to the base preset: a key set to a value, or removed (`value: None`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// `key` or `table.key`.
    pub path: String,
    /// The new value; `None` removes the key.
    pub value: Option<Literal>,
}

/// A user's cell: its id, the cell preset it starts from, and the keys that differ.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct CustomCell {
    /// Its own id (not a preset's).
    pub id: String,
    /// The cell preset it is written against.
    pub base: String,
    /// The keys that differ from the base, in file order. Never `id` or `notes` (the notes of a
    /// custom cell are written from its changes).
    pub changes: Vec<Change>,
}

/// Why a custom cell cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CustomCellError {
    /// The link text is malformed.
    #[error("custom cell `{text}`: {problem}")]
    Malformed {
        /// The text (shortened).
        text: String,
        /// What is wrong and what is accepted.
        problem: String,
    },
    /// The id is a preset's: a custom cell needs its own.
    #[error("custom cell `{id}`: the id is a preset's; give the custom cell its own id")]
    PresetId {
        /// The id given.
        id: String,
    },
    /// The base names no cell preset.
    #[error("custom cell `{id}`: base `{base}` is not a loaded cell preset; accepted: {accepted}")]
    UnknownBase {
        /// The cell.
        id: String,
        /// The base given.
        base: String,
        /// The cell presets.
        accepted: String,
    },
    /// The changed cell fails the preset checks.
    #[error("custom cell `{id}` (preset `{base}` with changes): {problems}")]
    Invalid {
        /// The cell.
        id: String,
        /// Its base.
        base: String,
        /// Every problem, each naming its key, value and what is accepted.
        problems: String,
    },
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Whether `path` is `key` or `table.key`, each `[a-z][a-z0-9_]*`.
fn is_path(path: &str) -> bool {
    let mut parts = path.split('.');
    let ok = |p: &str| {
        matches!(p.chars().next(), Some('a'..='z'))
            && p.len() <= 40
            && p.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
    };
    match (parts.next(), parts.next(), parts.next()) {
        (Some(k), None, None) => ok(k),
        (Some(t), Some(k), None) => ok(t) && ok(k),
        _ => false,
    }
}

/// Keys a change never carries: the id is the cell's own, the notes are written from the changes.
const NOT_CHANGED: [&str; 2] = ["id", "notes"];

impl CustomCell {
    /// The changes that turn `base` into `cell` (id and notes aside), as a custom cell `cell.id`.
    pub fn between(base: &CellSpec, cell: &CellSpec) -> CustomCell {
        let from = entries(base);
        let to = entries(cell);
        let mut changes = Vec::new();
        for e in &to {
            if NOT_CHANGED.contains(&e.path.as_str()) {
                continue;
            }
            if from.iter().any(|f| f == e) {
                continue;
            }
            changes.push(Change {
                path: e.path.clone(),
                value: Some(Literal::of(&e.value)),
            });
        }
        for f in &from {
            if !NOT_CHANGED.contains(&f.path.as_str()) && !to.iter().any(|e| e.path == f.path) {
                changes.push(Change {
                    path: f.path.clone(),
                    value: None,
                });
            }
        }
        CustomCell {
            id: cell.id.clone(),
            base: base.id.clone(),
            changes,
        }
    }

    /// The cell preset among `presets` that writes `cell` with the fewest changes (same family
    /// first); `None` when `presets` is empty.
    pub fn nearest(cell: &CellSpec, presets: &[CellSpec]) -> Option<CustomCell> {
        presets
            .iter()
            .map(|p| {
                let c = CustomCell::between(p, cell);
                (p.kind != cell.kind, c.changes.len(), c)
            })
            .min_by_key(|(other_kind, n, _)| (*other_kind, *n))
            .map(|(_, _, c)| c)
    }

    /// The cell this describes: the base's raw cell with the changes, through the one cell check
    /// every preset passes; `base` must be the preset named by [`CustomCell::base`]. Its notes
    /// list the changes.
    pub fn resolve(&self, base: &CellSpec) -> Result<CellSpec, CustomCellError> {
        let mut raw = RawCell::of(base);
        for path in NOT_CHANGED {
            raw.remove(path);
        }
        raw.set("id", Value::Text(self.id.clone()));
        for c in &self.changes {
            match &c.value {
                Some(v) => raw.set(&c.path, v.value()),
                None => {
                    raw.remove(&c.path);
                }
            }
        }
        let file = format!("{}.toml", self.id);
        let mut cell =
            check_cell(&file, &raw, IdRule::PresetFile).map_err(|e| CustomCellError::Invalid {
                id: self.id.clone(),
                base: self.base.clone(),
                problems: problems_text(&e),
            })?;
        cell.notes = Some(self.describe(base));
        Ok(cell)
    }

    /// What this cell is, for its notes: the base and each change with the value it replaces.
    pub fn describe(&self, base: &CellSpec) -> String {
        let from = entries(base);
        let changes: Vec<String> = self
            .changes
            .iter()
            .map(|c| {
                let was = from
                    .iter()
                    .find(|e| e.path == c.path)
                    .map(|e| shorten(&e.value.display()));
                match (&c.value, was) {
                    (Some(v), Some(w)) => {
                        format!(
                            "{} = {} (preset: {w})",
                            c.path,
                            shorten(&v.value().display())
                        )
                    }
                    (Some(v), None) => {
                        format!("{} = {} (added)", c.path, shorten(&v.value().display()))
                    }
                    (None, _) => format!("{} removed", c.path),
                }
            })
            .collect();
        let what = if changes.is_empty() {
            "no changes".to_string()
        } else {
            changes.join("; ")
        };
        format!(
            "Custom cell: preset `{}` with {what}. Values not changed keep the preset's source.",
            self.base
        )
    }

    /// The paths this cell changes (removed keys included).
    pub fn changed_paths(&self) -> impl Iterator<Item = &str> {
        self.changes.iter().map(|c| c.path.as_str())
    }

    /// This cell with `path` set to `typed` (a number if it reads as a finite one, else text),
    /// or, when `typed` equals the base's value, with the change dropped. The result is not
    /// checked: call [`CustomCell::resolve`].
    pub fn with_value(&self, base: &CellSpec, path: &str, typed: &str) -> CustomCell {
        let typed = typed.trim();
        let literal = match typed.parse::<f64>() {
            Ok(x) if x.is_finite() && !typed.is_empty() => Literal::Number(number_text(x)),
            _ => Literal::Text(typed.to_string()),
        };
        let base_value = entries(base)
            .into_iter()
            .find(|e| e.path == path)
            .map(|e| Literal::of(&e.value));
        let mut next = self.clone();
        next.changes.retain(|c| c.path != path);
        if base_value.as_ref() != Some(&literal) {
            let change = Change {
                path: path.to_string(),
                value: Some(literal),
            };
            next.changes.push(change);
        }
        next
    }

    /// The link form: `id~base~path:value~path:'text~-path`, each part percent-encoded so that
    /// `~` only separates.
    pub fn to_link(&self) -> String {
        let mut parts = vec![encode(&self.id), encode(&self.base)];
        for c in &self.changes {
            parts.push(match &c.value {
                Some(Literal::Number(t)) => format!("{}:{}", c.path, encode(t)),
                Some(Literal::Text(s)) => format!("{}:'{}", c.path, encode(s)),
                None => format!("-{}", c.path),
            });
        }
        parts.join("~")
    }

    /// Reads the link form (the raw, still percent-encoded parameter value). The cell is not
    /// resolved against its base: call [`CustomCell::resolve`].
    pub fn from_link(raw: &str) -> Result<CustomCell, CustomCellError> {
        let bad = |problem: String| CustomCellError::Malformed {
            text: shorten(&decode(raw)),
            problem,
        };
        let mut parts = raw.split('~');
        let id = decode(parts.next().unwrap_or(""));
        let base = decode(parts.next().unwrap_or(""));
        if !is_id(&id) {
            return Err(bad(format!(
                "the id `{}` must be lower-case letters, digits and _, starting with a letter \
                 (written `id~base~key:value~…`)",
                shorten(&id)
            )));
        }
        if !is_id(&base) {
            return Err(bad(format!(
                "the base `{}` must be a cell preset id (written `id~base~key:value~…`)",
                shorten(&base)
            )));
        }
        let mut changes: Vec<Change> = Vec::new();
        for part in parts {
            if changes.len() == MAX_CHANGES {
                return Err(bad(format!("more than {MAX_CHANGES} changes")));
            }
            let change = if let Some(path) = part.strip_prefix('-') {
                Change {
                    path: decode(path),
                    value: None,
                }
            } else {
                let Some((path, value)) = part.split_once(':') else {
                    return Err(bad(format!(
                        "`{}` is not a change; write `key:number`, `key:'text` or `-key`",
                        shorten(&decode(part))
                    )));
                };
                let path = decode(path);
                let value = decode(value);
                let literal = match value.strip_prefix('\'') {
                    Some(t) if t.chars().count() > MAX_TEXT_CHARS => {
                        return Err(bad(format!(
                            "the text of `{path}` is longer than {MAX_TEXT_CHARS} characters"
                        )))
                    }
                    Some(t) => Literal::Text(t.to_string()),
                    None => match value.parse::<f64>() {
                        Ok(x) if x.is_finite() => Literal::Number(number_text(x)),
                        _ => {
                            return Err(bad(format!(
                                "`{path}` = `{}` is not a finite number (text is written \
                                 `{path}:'text`)",
                                shorten(&value)
                            )))
                        }
                    },
                };
                Change {
                    path,
                    value: Some(literal),
                }
            };
            if !is_path(&change.path) || NOT_CHANGED.contains(&change.path.as_str()) {
                return Err(bad(format!(
                    "`{}` is not a cell-file key that can change (`key` or `table.key`, not id \
                     or notes)",
                    shorten(&change.path)
                )));
            }
            if changes.iter().any(|c| c.path == change.path) {
                return Err(bad(format!("`{}` is changed twice", change.path)));
            }
            changes.push(change);
        }
        Ok(CustomCell { id, base, changes })
    }
}

fn problems_text(e: &PresetErrors) -> String {
    e.0.iter()
        .map(|p| {
            let mut s = String::new();
            if !p.field.is_empty() {
                s.push_str(&p.field);
                if !p.value.is_empty() {
                    s.push_str(&format!(" = {}", p.value));
                }
                s.push_str(": ");
            }
            s.push_str(&p.problem);
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Percent-encodes everything but `A–Z a–z 0–9 - _ .` (so `~`, `:`, `'` and `%` inside a part
/// never read as separators).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn decode(s: &str) -> String {
    crate::input::percent_decode(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::cell::{parse_cell_preset, CellDevice};

    fn stt() -> CellSpec {
        let text = include_str!("../../presets/cells/stt_16nm.toml");
        parse_cell_preset("stt_16nm.toml", text).unwrap()
    }

    #[test]
    fn every_number_key_of_every_family_has_a_unit_or_is_a_ratio_and_a_range() {
        for file in [
            include_str!("../../presets/cells/stt_16nm.toml"),
            include_str!("../../presets/cells/sot_16nm.toml"),
            include_str!("../../presets/cells/sram_16nm.toml"),
            include_str!("../../presets/cells/reram_22nm.toml"),
            include_str!("../../presets/cells/pcm_22nm.toml"),
            include_str!("../../presets/cells/fefet_22nm.toml"),
        ] {
            let id = file
                .lines()
                .find_map(|l| l.strip_prefix("id = \""))
                .unwrap()
                .trim_end_matches('"');
            let cell = parse_cell_preset(&format!("{id}.toml"), file).unwrap();
            for e in entries(&cell) {
                if let (Value::Text(w), Some(words)) =
                    (&e.value, crate::circuit::cell::accepted_words(&e.path))
                {
                    assert!(words.contains(&w.as_str()), "{} = {w}: {words:?}", e.path);
                }
                if let Value::Number(x) = e.value {
                    let (lo, hi) = crate::circuit::cell::accepted_range(&e.path)
                        .unwrap_or_else(|| panic!("{}: no range", e.path));
                    assert!((lo..=hi).contains(&x), "{} = {x}", e.path);
                    assert!(
                        !key_unit(&e.path).is_empty() || e.path == "aspect_ratio",
                        "{}",
                        e.path
                    );
                }
            }
        }
        assert_eq!(key_unit("read.min_sense_mv"), "mV");
        assert_eq!(key_unit("read.voltage_v"), "V");
        assert_eq!(key_unit("access.voltage_drop_v"), "V");
        assert_eq!(key_unit("sram.nmos_width_f"), "F (feature size)");
        assert_eq!(key_unit("cell_area_f2"), "F²");
    }

    #[test]
    fn a_preset_is_its_own_base_with_no_changes() {
        let c = stt();
        let custom = CustomCell::between(&c, &c);
        assert!(custom.changes.is_empty());
        let back = custom.resolve(&c).unwrap();
        assert_eq!(back.device, c.device);
        assert_eq!(back.area, c.area);
        assert!(back.notes.unwrap().contains("no changes"));
    }

    #[test]
    fn one_edit_is_one_change_and_resolves() {
        let base = stt();
        let custom = CustomCell {
            id: "my_stt".into(),
            base: base.id.clone(),
            changes: vec![],
        }
        .with_value(&base, "mtj.r_parallel_ohm", "3000");
        assert_eq!(custom.changes.len(), 1);
        let cell = custom.resolve(&base).unwrap();
        let CellDevice::Stt { mtj, .. } = cell.device else {
            panic!()
        };
        assert_eq!(mtj.r_parallel_ohm, 3000.0);
        assert_eq!(cell.id, "my_stt");
        assert!(cell
            .notes
            .unwrap()
            .contains("mtj.r_parallel_ohm = 3000 (preset: 2100)"));
        // Typing the preset's value back drops the change.
        let back = custom.with_value(&base, "mtj.r_parallel_ohm", "2100");
        assert!(back.changes.is_empty());
    }

    #[test]
    fn an_out_of_range_edit_names_the_key_value_and_range() {
        let base = stt();
        let custom = CustomCell {
            id: "my_stt".into(),
            base: base.id.clone(),
            changes: vec![],
        }
        .with_value(&base, "mtj.r_parallel_ohm", "7000");
        let e = custom.resolve(&base).unwrap_err().to_string();
        assert!(e.contains("r_antiparallel_ohm"), "{e}");
        let e = CustomCell {
            id: "x".into(),
            base: base.id.clone(),
            changes: vec![],
        }
        .with_value(&base, "write.pulse_ns", "-4")
        .resolve(&base)
        .unwrap_err()
        .to_string();
        assert!(e.contains("pulse_ns") && e.contains("-4"), "{e}");
        let e = CustomCell {
            id: "x".into(),
            base: base.id.clone(),
            changes: vec![],
        }
        .with_value(&base, "write.pulse_ns", "fast")
        .resolve(&base)
        .unwrap_err()
        .to_string();
        assert!(e.contains("pulse_ns"), "{e}");
    }

    #[test]
    fn link_form_round_trips_awkward_text() {
        let c = CustomCell {
            id: "my_cell".into(),
            base: "stt_16nm".into(),
            changes: vec![
                Change {
                    path: "name".into(),
                    value: Some(Literal::Text("R~1: 'x' & y=2 100% µ".into())),
                },
                Change {
                    path: "mtj.r_parallel_ohm".into(),
                    value: Some(Literal::Number("3000".into())),
                },
                Change {
                    path: "read.sense_latency_ns".into(),
                    value: None,
                },
            ],
        };
        let link = c.to_link();
        assert!(
            !link.contains('&') && !link.contains('=') && !link.contains(' '),
            "{link}"
        );
        assert_eq!(CustomCell::from_link(&link).unwrap(), c);
    }

    #[test]
    fn malformed_links_are_refused_with_reasons() {
        for (raw, needle) in [
            ("", "id"),
            ("My~stt_16nm", "id"),
            ("a~", "base"),
            ("a~b~mtj.r_parallel_ohm", "not a change"),
            ("a~b~mtj.r_parallel_ohm:NaN", "finite"),
            ("a~b~mtj.r_parallel_ohm:1e999", "finite"),
            ("a~b~id:'x", "can change"),
            ("a~b~a.b.c:1", "can change"),
            ("a~b~x:1~x:2", "twice"),
        ] {
            let e = CustomCell::from_link(raw).unwrap_err().to_string();
            assert!(e.contains(needle), "{raw}: {e}");
        }
    }
}
