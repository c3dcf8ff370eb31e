//! The raw cell: a cell as the flat list of its keys (`name`, `cell_area_um2`, `read.voltage_v`,
//! …) with their values, numbers or text, before any check. A cell preset file reads into one
//! ([`RawCell::from_toml`]), a [`CellSpec`] writes into one ([`RawCell::of`]), a custom cell is a
//! base preset's raw cell with some keys set or removed, and [`RawCell::to_toml`] writes one back
//! as a preset file. [`super::check_cell`] turns a raw cell into a `CellSpec`.
//!
//! Where a raw cell was read from a file it also keeps the line each key (and each `[table]`
//! header) was written on, so that messages can point at it.

use toml::Value as Toml;

use super::keys::{tables, READ_MODES};
use super::{Access, CellArea, CellDevice, CellSpec, Drive, Pulse, Read};
use crate::input::{parse_toml, PresetErrors};

/// The value of a cell key.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A number in the unit its key names.
    Number(f64),
    /// A word or a sentence.
    Text(String),
    /// Something a file wrote that is neither (a boolean, a list, a date, a nested table), kept as
    /// written so that a message can show it (`[…2 entries]`, `{…}`).
    Other(String),
}

impl Value {
    /// As people read it (numbers shortest round-trip, text unquoted).
    pub fn display(&self) -> String {
        match self {
            Value::Number(x) => number_text(*x),
            Value::Text(s) | Value::Other(s) => s.clone(),
        }
    }

    /// As a TOML value (a value of another type is written as text).
    fn toml(&self) -> String {
        match self {
            Value::Number(x) => number_text(*x),
            Value::Text(s) | Value::Other(s) => toml_string(s),
        }
    }
}

/// One key of a cell with its value; `path` is `key` or `table.key`.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// `name`, `cell_area_um2`, `read.voltage_v`, …
    pub path: String,
    /// Its value.
    pub value: Value,
}

/// A cell as flat keys and values, unchecked; each path at most once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawCell {
    entries: Vec<Entry>,
    /// The 1-based line each path (or table name, for its `[header]`) was written on.
    lines: Vec<(String, usize)>,
}

impl RawCell {
    /// The keys in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The keys in order, owned.
    pub fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    /// The value of `path`, if written.
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|e| e.path == path)
            .map(|e| &e.value)
    }

    /// Sets `path` to `value`, in place if written, else at the end.
    pub fn set(&mut self, path: &str, value: Value) {
        match self.entries.iter_mut().find(|e| e.path == path) {
            Some(e) => e.value = value,
            None => self.entries.push(Entry {
                path: path.to_string(),
                value,
            }),
        }
    }

    /// Removes `path`; its old value, if it was written.
    pub fn remove(&mut self, path: &str) -> Option<Value> {
        let i = self.entries.iter().position(|e| e.path == path)?;
        Some(self.entries.remove(i).value)
    }

    /// The line `path` (a key, or a table's header) was written on, for a cell read from a file.
    pub fn line(&self, path: &str) -> Option<usize> {
        self.lines.iter().find(|(p, _)| p == path).map(|(_, l)| *l)
    }

    /// Whether anything is written under the table `table` (or a value at its name, or, in a
    /// file, an empty `[table]`).
    pub fn has_table(&self, table: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.path == table || in_table(&e.path, table))
            || self.line(table).is_some()
    }

    /// Reads a cell preset file's text; `file` names it in messages. Only TOML syntax is checked
    /// here. The keys of a cell table (`[read]`) become `table.key` paths; any other table, and
    /// anything nested deeper, is kept as [`Value::Other`] for the check to refuse.
    pub fn from_toml(file: &str, text: &str) -> Result<RawCell, PresetErrors> {
        let mut errors = Vec::new();
        let Some(doc) = parse_toml(file, text, &mut errors) else {
            return Err(PresetErrors(errors));
        };
        let known = tables();
        let mut entries = Vec::new();
        for (key, value) in doc {
            match value {
                Toml::Table(table) if known.contains(&key.as_str()) => {
                    for (k, v) in table {
                        entries.push(Entry {
                            path: format!("{key}.{k}"),
                            value: scalar(v),
                        });
                    }
                }
                other => entries.push(Entry {
                    path: key,
                    value: scalar(other),
                }),
            }
        }
        Ok(RawCell {
            entries,
            lines: key_lines(text),
        })
    }

    /// The cell as the keys of its preset file, in file order (top-level keys, then each table).
    /// A preset's `derivation` is inside its notes.
    pub fn of(cell: &CellSpec) -> RawCell {
        let mut r = RawCell::default();
        r.text("id", &cell.id);
        r.text("name", &cell.name);
        r.text("kind", cell.kind_word());
        r.text("source", &cell.source);
        if let Some(n) = &cell.notes {
            r.text("notes", n);
        }
        if let Some(nm) = cell.node_nm {
            r.num("node_nm", nm);
        }
        match cell.area {
            CellArea::F2(a) => r.num("cell_area_f2", a),
            CellArea::Um2(a) => r.num("cell_area_um2", a),
        }
        r.num("aspect_ratio", cell.aspect_ratio);
        match &cell.device {
            CellDevice::Sram {
                access_width_f,
                nmos_width_f,
                pmos_width_f,
            } => {
                r.num("sram.access_width_f", *access_width_f);
                r.num("sram.nmos_width_f", *nmos_width_f);
                r.num("sram.pmos_width_f", *pmos_width_f);
            }
            CellDevice::Stt {
                mtj,
                access_width_f,
                access_voltage_drop_v,
                read,
                write,
            } => {
                r.num("mtj.r_parallel_ohm", mtj.r_parallel_ohm);
                r.num("mtj.r_antiparallel_ohm", mtj.r_antiparallel_ohm);
                r.text("access.type", "cmos");
                r.num("access.width_f", *access_width_f);
                r.num("access.voltage_drop_v", *access_voltage_drop_v);
                r.read(read);
                r.pulse("write", write);
            }
            CellDevice::Sot {
                mtj,
                read_access_width_f,
                write_access_width_f,
                heavy_metal_ohm,
                read,
                write,
            } => {
                r.num("mtj.r_parallel_ohm", mtj.r_parallel_ohm);
                r.num("mtj.r_antiparallel_ohm", mtj.r_antiparallel_ohm);
                r.num("sot.read_access_width_f", *read_access_width_f);
                r.num("sot.write_access_width_f", *write_access_width_f);
                r.num("sot.heavy_metal_ohm", *heavy_metal_ohm);
                r.read(read);
                r.pulse("write", write);
            }
            CellDevice::Resistive {
                r_on_ohm,
                r_off_ohm,
                access,
                access_voltage_drop_v,
                read,
                set,
                reset,
            } => {
                r.num("resistance.r_on_ohm", *r_on_ohm);
                r.num("resistance.r_off_ohm", *r_off_ohm);
                match access {
                    Access::Cmos { width_f } => {
                        r.text("access.type", "cmos");
                        r.num("access.width_f", *width_f);
                        r.num("access.voltage_drop_v", *access_voltage_drop_v);
                    }
                    Access::Diode { voltage_drop_v } => {
                        r.text("access.type", "diode");
                        r.num("access.voltage_drop_v", *voltage_drop_v);
                    }
                    Access::None => {
                        r.text("access.type", "none");
                        // A cross-point cell has no drop; one set in code is written out so
                        // that the check names it rather than the raw cell losing it.
                        if *access_voltage_drop_v != 0.0 {
                            r.num("access.voltage_drop_v", *access_voltage_drop_v);
                        }
                    }
                }
                r.read(read);
                r.pulse("set", set);
                r.pulse("reset", reset);
            }
            CellDevice::Fefet {
                r_on_ohm,
                r_off_ohm,
                width_f,
                read,
                write,
            } => {
                r.num("fefet.width_f", *width_f);
                r.num("fefet.r_on_ohm", *r_on_ohm);
                r.num("fefet.r_off_ohm", *r_off_ohm);
                r.read(read);
                r.pulse("write", write);
            }
        }
        r
    }

    /// Writes the cell as a preset file: `header` as comment lines, the top-level keys, then one
    /// `[table]` per table in first-seen order.
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        for e in self.entries.iter().filter(|e| !e.path.contains('.')) {
            out.push_str(&format!("{} = {}\n", e.path, e.value.toml()));
        }
        let mut tables: Vec<&str> = Vec::new();
        for e in &self.entries {
            if let Some((t, _)) = e.path.split_once('.') {
                if !tables.contains(&t) {
                    tables.push(t);
                }
            }
        }
        for t in tables {
            out.push_str(&format!("\n[{t}]\n"));
            for e in &self.entries {
                if let Some((tt, key)) = e.path.split_once('.') {
                    if tt == t {
                        out.push_str(&format!("{key} = {}\n", e.value.toml()));
                    }
                }
            }
        }
        out
    }

    fn num(&mut self, path: &str, x: f64) {
        self.set(path, Value::Number(x));
    }

    fn text(&mut self, path: &str, s: &str) {
        self.set(path, Value::Text(s.to_string()));
    }

    fn read(&mut self, r: &Read) {
        let mode = READ_MODES
            .iter()
            .find(|(_, m)| *m == r.mode)
            .map_or("current", |(w, _)| *w);
        self.text("read.mode", mode);
        let optional = [
            ("read.voltage_v", r.voltage_v),
            ("read.current_ua", r.current_ua),
            ("read.power_uw", r.power_uw),
            ("read.energy_pj", r.energy_pj),
            ("read.min_sense_mv", Some(r.min_sense_mv)),
            ("read.sense_latency_ns", r.sense_latency_ns),
            ("read.sense_energy_fj", r.sense_energy_fj),
        ];
        for (path, v) in optional {
            if let Some(v) = v {
                self.num(path, v);
            }
        }
    }

    fn pulse(&mut self, table: &str, p: &Pulse) {
        match p.drive {
            Drive::Current { current_ua } => self.num(&format!("{table}.current_ua"), current_ua),
            Drive::Voltage { voltage_v } => self.num(&format!("{table}.voltage_v"), voltage_v),
        }
        self.num(&format!("{table}.pulse_ns"), p.pulse_ns);
        if let Some(pj) = p.energy_pj {
            self.num(&format!("{table}.energy_pj"), pj);
        }
    }
}

/// The cell as the keys of its preset file ([`RawCell::of`]), as a list.
pub fn entries(cell: &CellSpec) -> Vec<Entry> {
    RawCell::of(cell).into_entries()
}

/// Whether `path` is a key of `table` (`read.mode` of `read`).
pub(super) fn in_table(path: &str, table: &str) -> bool {
    path.split_once('.').is_some_and(|(t, _)| t == table)
}

/// A TOML value as a raw value: strings are text, integers and floats numbers.
fn scalar(v: Toml) -> Value {
    match v {
        Toml::String(s) => Value::Text(s),
        Toml::Integer(i) => Value::Number(i as f64),
        Toml::Float(x) => Value::Number(x),
        Toml::Boolean(b) => Value::Other(b.to_string()),
        Toml::Datetime(d) => Value::Other(d.to_string()),
        Toml::Array(a) => Value::Other(format!("[…{} entries]", a.len())),
        Toml::Table(_) => Value::Other("{…}".into()),
    }
}

/// The line of every top-level key and of every key of a table, from the parser's spans.
fn key_lines(text: &str) -> Vec<(String, usize)> {
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let line = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let mut out = Vec::new();
    for (key, value) in doc.get_ref().iter() {
        out.push((key.get_ref().to_string(), line(key.span().start)));
        if let Some(table) = value.get_ref().as_table() {
            for (k, _) in table.iter() {
                out.push((
                    format!("{}.{}", key.get_ref(), k.get_ref()),
                    line(k.span().start),
                ));
            }
        }
    }
    out
}

/// A number as TOML reads it back exactly: shortest round-trip decimal, exponent form for very
/// large or small magnitudes (so it never overflows TOML's integers).
pub fn number_text(x: f64) -> String {
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e15).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_through_their_text() {
        for x in [
            0.025,
            2100.0,
            1e-6,
            1e12,
            1.5e-7,
            0.3,
            1e15,
            93.0,
            0.1 + 0.2,
        ] {
            let t = number_text(x);
            assert_eq!(t.parse::<f64>().unwrap(), x, "{t}");
            let parsed: toml::Table = toml::from_str(&format!("x = {t}")).unwrap();
            let back = match &parsed["x"] {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) => *f,
                other => panic!("{other:?}"),
            };
            assert_eq!(back, x, "{t}");
        }
    }

    #[test]
    fn toml_strings_escape_what_they_must() {
        let s = "a \"quoted\" \\ path\nnew line\u{1}";
        let parsed: toml::Table = toml::from_str(&format!("x = {}", toml_string(s))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some(s));
    }

    #[test]
    fn a_file_reads_flat_with_the_line_of_every_key() {
        let text = "id = \"a\"\nflag = true\n\n[read]\nmode = \"current\"\nlist = [1, 2]\n\
                    deep = { x = 1 }\n\n[sram]\n[colour]\nx = 1\n";
        let raw = RawCell::from_toml("a.toml", text).unwrap();
        assert_eq!(raw.get("id"), Some(&Value::Text("a".into())));
        assert_eq!(raw.get("flag"), Some(&Value::Other("true".into())));
        assert_eq!(raw.get("read.mode"), Some(&Value::Text("current".into())));
        assert_eq!(
            raw.get("read.list"),
            Some(&Value::Other("[…2 entries]".into()))
        );
        assert_eq!(raw.get("read.deep"), Some(&Value::Other("{…}".into())));
        assert_eq!(
            (raw.line("id"), raw.line("read"), raw.line("read.list")),
            (Some(1), Some(4), Some(6))
        );
        assert_eq!(raw.get("colour"), Some(&Value::Other("{…}".into())));
        assert!(raw.has_table("read") && raw.has_table("sram") && !raw.has_table("mtj"));
        let e = RawCell::from_toml("a.toml", "x = = 1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a.toml:1: not valid TOML"), "{e}");
    }

    #[test]
    fn set_and_remove_keep_one_entry_per_path() {
        let mut raw = RawCell::default();
        raw.set("a", Value::Number(1.0));
        raw.set("t.b", Value::Text("x".into()));
        raw.set("a", Value::Number(2.0));
        assert_eq!(raw.entries().len(), 2);
        assert_eq!(raw.get("a"), Some(&Value::Number(2.0)));
        assert_eq!(raw.remove("a"), Some(Value::Number(2.0)));
        assert_eq!(raw.remove("a"), None);
        assert_eq!(raw.to_toml("head"), "# head\n\n[t]\nb = \"x\"\n");
    }
}
