//! The one check every cell passes: [`check_cell`] reads a [`RawCell`] against the table of cell
//! keys ([`super::keys::CELL_KEYS`]) and builds the [`CellSpec`], or returns every problem, each
//! naming the key, the value as written and what is accepted (and the file and line where the raw
//! cell came from a file). Cell preset files, custom cells (a preset's raw cell with changes) and
//! imported NVSim `.cell` files all end here, so they meet the same ranges and limits.
//!
//! Beyond each key's own range or words, the rules that tie keys together:
//! - the `kind` picks the tables (each required; a table of another kind is refused);
//! - exactly one of `cell_area_f2` / `cell_area_um2`; a drawn area (µm²) needs `node_nm`;
//! - `[access]`: STT-MRAM is CMOS only (`type` may be left out); ReRAM and PCM name the `type`:
//!   `cmos` needs `width_f` (`voltage_drop_v` optional, 0 V), `diode` needs `voltage_drop_v` and
//!   takes no `width_f`, `none` (cross-point) takes neither;
//! - `[read]`: `mode = "current"` needs `voltage_v`; `mode = "voltage"` needs `current_ua` or
//!   `voltage_v`;
//! - each pulse (`[write]`, `[set]`, `[reset]`): exactly one of `current_ua` / `voltage_v`; a
//!   FeFET is written by voltage only;
//! - the high resistance above the low one (`[mtj]`, `[resistance]`, `[fefet]`);
//! - any key the table does not give this kind is refused as unknown, with the accepted keys.

use super::keys::{cell_key, keys_of, tables, tables_of, Accepts, Words, READ_MODES};
use super::raw::{in_table, RawCell, Value};
use super::{Access, CellArea, CellDevice, CellSpec, Drive, Mtj, Pulse, Read, ReadMode};
use crate::circuit::metrics::MemoryKind;
use crate::input::{all_or_errors, file_stem, is_id, shorten, PresetError, PresetErrors};

/// What the check asks of the raw cell's `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdRule {
    /// A preset's: a snake_case id equal to the file name without `.toml`.
    PresetFile,
    /// Any text, kept as given (an NVSim import is named after its file, `sample_STTRAM.cell`).
    AsGiven,
}

/// Checks `raw` against the table of cell keys and builds the cell. `file` names the raw cell in
/// messages (`cells/stt_22nm.toml`); with [`IdRule::PresetFile`] the `id` must equal its name
/// without `.toml`. Every problem is returned.
pub fn check_cell(file: &str, raw: &RawCell, ids: IdRule) -> Result<CellSpec, PresetErrors> {
    let mut c = Checker {
        file,
        raw,
        errors: Vec::new(),
        seen: Vec::new(),
        kind: None,
    };
    let cell = c.cell(ids);
    all_or_errors(cell, c.errors)
}

/// A problem already recorded.
struct Bad;

struct Checker<'a> {
    file: &'a str,
    raw: &'a RawCell,
    errors: Vec<PresetError>,
    /// Paths read or reported; paths written but not seen are unknown keys.
    seen: Vec<String>,
    kind: Option<MemoryKind>,
}

impl<'a> Checker<'a> {
    fn cell(&mut self, ids: IdRule) -> Option<CellSpec> {
        let id = self.id(ids);
        let name = self.text("name");
        let kind = self.word("kind").and_then(|w| {
            MemoryKind::ALL
                .iter()
                .find(|(word, _)| *word == w)
                .map(|(_, k)| *k)
        });
        self.kind = kind;
        let source = self.text("source");
        let notes = self.opt_text("notes");
        let derivation = self.opt_text("derivation");
        let node_given = self.raw.get("node_nm").is_some();
        let node_nm = self.opt_number("node_nm");
        let area = self.area(node_given);
        let aspect_ratio = self.number("aspect_ratio");
        let device = match kind {
            Some(kind) => self.device(kind),
            None => {
                // Without a valid kind the tables cannot be checked; only their form is, so
                // that the kind's error is the one reported.
                for t in tables() {
                    if let Some(v) = self.raw.get(t) {
                        self.report(t, &shown(v), "must be a table ([section])");
                    }
                    self.see_table(t);
                }
                None
            }
        };
        self.finish_top();
        let notes = match (notes.ok()?, derivation.ok()?) {
            (Some(n), Some(d)) => Some(format!("{n}\nDerivation: {d}")),
            (Some(n), None) => Some(n),
            (None, Some(d)) => Some(format!("Derivation: {d}")),
            (None, None) => None,
        };
        Some(CellSpec {
            id: id?,
            name: name?,
            kind: kind?,
            source: source?,
            notes,
            node_nm: node_nm.ok()?,
            area: area?,
            aspect_ratio: aspect_ratio?,
            device: device?,
        })
    }

    // ---- reading one key ----

    /// The value of `path`, marking it seen.
    fn value(&mut self, path: &str) -> Option<&'a Value> {
        self.seen.push(path.to_string());
        self.raw.get(path)
    }

    fn report(&mut self, path: &str, value: &str, problem: &str) {
        self.errors.push(PresetError {
            file: self.file.to_string(),
            line: self.raw.line(path),
            field: path.to_string(),
            value: shorten(value),
            problem: problem.to_string(),
        });
    }

    fn missing(&mut self, path: &str, what: &str) {
        let leaf = path.rsplit('.').next().unwrap_or(path);
        self.report(path, "", &format!("missing; add `{leaf} = …` ({what})"));
    }

    /// A required number in its key's range.
    fn number(&mut self, path: &str) -> Option<f64> {
        match self.value(path) {
            None => {
                self.missing(path, "a number");
                None
            }
            Some(v) => self.in_range(path, v),
        }
    }

    /// An optional number in its key's range: `Ok(None)` when not written.
    fn opt_number(&mut self, path: &str) -> Result<Option<f64>, Bad> {
        match self.value(path) {
            None => Ok(None),
            Some(v) => self.in_range(path, v).map(Some).ok_or(Bad),
        }
    }

    fn in_range(&mut self, path: &str, v: &Value) -> Option<f64> {
        let (lo, hi) = range(path);
        match v {
            Value::Number(x) if x.is_finite() && (lo..=hi).contains(x) => Some(*x),
            _ => {
                let problem = format!("must be a finite number from {lo} to {hi}");
                self.report(path, &shown(v), &problem);
                None
            }
        }
    }

    /// A required, non-empty text within its key's length.
    fn text(&mut self, path: &str) -> Option<String> {
        match self.opt_text(path) {
            Ok(Some(s)) if s.trim().is_empty() => {
                self.report(path, "\"\"", "must not be empty");
                None
            }
            Ok(Some(s)) => Some(s),
            Ok(None) => {
                self.missing(path, "a string in quotes");
                None
            }
            Err(Bad) => None,
        }
    }

    /// An optional text within its key's length: `Ok(None)` when not written.
    fn opt_text(&mut self, path: &str) -> Result<Option<String>, Bad> {
        match self.value(path) {
            None => Ok(None),
            Some(Value::Text(s)) => {
                let s = s.clone();
                let max = match cell_key(path).map(|k| k.accepts) {
                    Some(Accepts::Text(Some(max))) => max,
                    _ => usize::MAX,
                };
                let n = s.chars().count();
                if n > max {
                    let problem = format!("must be at most {max} characters (it has {n})");
                    self.report(path, &format!("\"{s}\""), &problem);
                    return Err(Bad);
                }
                Ok(Some(s))
            }
            Some(other) => {
                self.report(path, &shown(other), "must be a string in quotes");
                Err(Bad)
            }
        }
    }

    /// A required word of its key's list.
    fn word(&mut self, path: &str) -> Option<&'static str> {
        let s = match self.opt_text(path) {
            Ok(Some(s)) => s,
            Ok(None) => {
                self.missing(path, "a string in quotes");
                return None;
            }
            Err(Bad) => return None,
        };
        let words = match cell_key(path).map(|k| k.accepts) {
            Some(Accepts::Words(w)) => w.list(),
            _ => Vec::new(),
        };
        match words.iter().find(|w| **w == s) {
            Some(w) => Some(*w),
            None => {
                let problem = format!("must be one of: {}", words.join(", "));
                self.report(path, &format!("\"{s}\""), &problem);
                None
            }
        }
    }

    /// Refuses `path` with `problem` if it is written.
    fn refuse(&mut self, path: &str, problem: &str) {
        if let Some(v) = self.value(path) {
            self.report(path, &shown(v), problem);
        }
    }

    // ---- the top level ----

    fn id(&mut self, ids: IdRule) -> Option<String> {
        let id = match self.opt_text("id") {
            Ok(Some(id)) => id,
            Ok(None) => {
                self.missing("id", "a string in quotes");
                return None;
            }
            Err(Bad) => return None,
        };
        if ids == IdRule::AsGiven {
            return Some(id);
        }
        if !is_id(&id) {
            self.report(
                "id",
                &format!("\"{id}\""),
                "must be a snake_case id: lower-case letters, digits and '_', starting with a \
                 letter, at most 64 characters",
            );
            return None;
        }
        let stem = file_stem(self.file);
        if id != stem {
            let problem = format!("must equal the file name without .toml (\"{stem}\")");
            self.report("id", &format!("\"{id}\""), &problem);
        }
        Some(id)
    }

    /// Exactly one of `cell_area_f2` / `cell_area_um2`; a drawn area needs the node it was drawn at.
    fn area(&mut self, node_given: bool) -> Option<CellArea> {
        const F2: &str = "cell_area_f2";
        const UM2: &str = "cell_area_um2";
        match (self.raw.get(F2).is_some(), self.raw.get(UM2).is_some()) {
            (true, false) => self.number(F2).map(CellArea::F2),
            (false, true) => {
                let area = self.number(UM2).map(CellArea::Um2);
                if !node_given {
                    self.report(
                        "node_nm",
                        "",
                        "missing; cell_area_um2 is a drawn area at one node: add `node_nm = …`",
                    );
                }
                area
            }
            (true, true) => {
                let _ = self.opt_number(F2);
                let _ = self.opt_number(UM2);
                self.report(
                    UM2,
                    "",
                    "give either cell_area_f2 (scales with the node) or cell_area_um2 (a drawn \
                     area), not both",
                );
                None
            }
            (false, false) => {
                self.seen.extend([F2.to_string(), UM2.to_string()]);
                let problem = format!(
                    "missing; add `{F2} = …` ({}) or `{UM2} = …` ({})",
                    range_text(F2),
                    range_text(UM2)
                );
                self.report("cell_area_f2 / cell_area_um2", "", &problem);
                None
            }
        }
    }

    /// Reports every top-level key and every table that nothing read.
    fn finish_top(&mut self) {
        // Top-level keys are the same for every kind.
        let mut accepted = keys_of("", self.kind.unwrap_or(MemoryKind::Sram));
        accepted.extend(self.kind.map_or_else(tables, tables_of));
        accepted.sort_unstable();
        let mut unknown: Vec<(String, String)> = Vec::new();
        for e in self.raw.entries() {
            if self.seen.contains(&e.path) {
                continue;
            }
            let (name, value) = match e.path.split_once('.') {
                Some((t, _)) if !t.is_empty() => (t.to_string(), "{…}".to_string()),
                // A path with no name at all is named by its quoted text.
                _ if e.path.trim_matches('.').is_empty() => {
                    (format!("\"{}\"", e.path), shown(&e.value))
                }
                _ => (e.path.clone(), shown(&e.value)),
            };
            if !unknown.iter().any(|(n, _)| *n == name) {
                unknown.push((name, value));
            }
        }
        unknown.sort();
        let problem = format!(
            "unknown key (misspelt?); accepted keys here: {}",
            accepted.join(", ")
        );
        for (name, value) in unknown {
            self.report(&name, &value, &problem);
        }
    }

    // ---- tables ----

    fn see_table(&mut self, table: &str) {
        let under: Vec<String> = self
            .raw
            .entries()
            .iter()
            .filter(|e| e.path == table || in_table(&e.path, table))
            .map(|e| e.path.clone())
            .collect();
        self.seen.extend(under);
    }

    /// Whether the table `table` can be read (written, and as a table); a value written at its
    /// name is reported.
    fn open_table(&mut self, table: &str) -> bool {
        if !self.raw.has_table(table) {
            return false;
        }
        match self.raw.get(table) {
            Some(v) => {
                self.see_table(table);
                self.report(table, &shown(v), "must be a table ([section])");
                false
            }
            None => true,
        }
    }

    /// Reads the table with `read`, then reports its keys that nothing read.
    fn in_table<T>(&mut self, table: &str, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if !self.open_table(table) {
            return None;
        }
        let out = read(self);
        let accepted = self.kind.map(|k| keys_of(table, k)).unwrap_or_default();
        let mut unknown: Vec<(String, String)> = self
            .raw
            .entries()
            .iter()
            .filter(|e| in_table(&e.path, table) && !self.seen.contains(&e.path))
            .map(|e| (e.path.clone(), shown(&e.value)))
            .collect();
        unknown.sort();
        let problem = format!(
            "unknown key (misspelt?); accepted keys here: {}",
            accepted.join(", ")
        );
        for (path, value) in unknown {
            self.seen.push(path.clone());
            self.report(&path, &value, &problem);
        }
        out
    }

    fn device(&mut self, kind: MemoryKind) -> Option<CellDevice> {
        let wanted = tables_of(kind);
        let list = wanted
            .iter()
            .map(|t| format!("[{t}]"))
            .collect::<Vec<_>>()
            .join(", ");
        let word = kind_word(kind);
        for t in tables() {
            if !wanted.contains(&t) && self.raw.has_table(t) {
                let value = self.raw.get(t).map(shown).unwrap_or_default();
                self.see_table(t);
                let problem =
                    format!("kind = \"{word}\" has no [{t}] table; its tables are {list}");
                self.report(t, &value, &problem);
            }
        }
        let mut all_present = true;
        for t in &wanted {
            if !self.raw.has_table(t) {
                all_present = false;
                let problem = format!("missing; kind = \"{word}\" needs the table [{t}] ({list})");
                self.report(t, "", &problem);
            }
        }
        let device = match kind {
            MemoryKind::Sram => self.sram(),
            MemoryKind::SttMram => self.stt(),
            MemoryKind::SotMram => self.sot(),
            MemoryKind::Reram | MemoryKind::Pcm => self.resistive(),
            MemoryKind::Fefet => self.fefet(),
        };
        device.filter(|_| all_present)
    }

    fn sram(&mut self) -> Option<CellDevice> {
        self.in_table("sram", |c| {
            let access = c.number("sram.access_width_f");
            let nmos = c.number("sram.nmos_width_f");
            let pmos = c.number("sram.pmos_width_f");
            Some(CellDevice::Sram {
                access_width_f: access?,
                nmos_width_f: nmos?,
                pmos_width_f: pmos?,
            })
        })
    }

    fn stt(&mut self) -> Option<CellDevice> {
        let mtj = self.in_table("mtj", Self::mtj);
        let access = self.in_table("access", |c| c.access(true));
        let read = self.in_table("read", Self::read);
        let write = self.in_table("write", |c| c.pulse("write", false));
        let (Access::Cmos { width_f }, drop) = access? else {
            return None;
        };
        Some(CellDevice::Stt {
            mtj: mtj?,
            access_width_f: width_f,
            access_voltage_drop_v: drop,
            read: read?,
            write: write?,
        })
    }

    fn sot(&mut self) -> Option<CellDevice> {
        let mtj = self.in_table("mtj", Self::mtj);
        let sot = self.in_table("sot", |c| {
            let read_w = c.number("sot.read_access_width_f");
            let write_w = c.number("sot.write_access_width_f");
            let hm = c.number("sot.heavy_metal_ohm");
            Some((read_w?, write_w?, hm?))
        });
        let read = self.in_table("read", Self::read);
        let write = self.in_table("write", |c| c.pulse("write", false));
        let (read_access_width_f, write_access_width_f, heavy_metal_ohm) = sot?;
        Some(CellDevice::Sot {
            mtj: mtj?,
            read_access_width_f,
            write_access_width_f,
            heavy_metal_ohm,
            read: read?,
            write: write?,
        })
    }

    fn resistive(&mut self) -> Option<CellDevice> {
        let resistance = self.in_table("resistance", |c| {
            c.ordered("resistance.r_on_ohm", "resistance.r_off_ohm")
        });
        let access = self.in_table("access", |c| c.access(false));
        let read = self.in_table("read", Self::read);
        let set = self.in_table("set", |c| c.pulse("set", false));
        let reset = self.in_table("reset", |c| c.pulse("reset", false));
        let (r_on_ohm, r_off_ohm) = resistance?;
        let (access, access_voltage_drop_v) = access?;
        Some(CellDevice::Resistive {
            r_on_ohm,
            r_off_ohm,
            access,
            access_voltage_drop_v,
            read: read?,
            set: set?,
            reset: reset?,
        })
    }

    fn fefet(&mut self) -> Option<CellDevice> {
        let fefet = self.in_table("fefet", |c| {
            let width = c.number("fefet.width_f");
            let (on, off) = c.ordered("fefet.r_on_ohm", "fefet.r_off_ohm")?;
            Some((width?, on, off))
        });
        let read = self.in_table("read", Self::read);
        let write = self.in_table("write", |c| c.pulse("write", true));
        let (width_f, r_on_ohm, r_off_ohm) = fefet?;
        Some(CellDevice::Fefet {
            r_on_ohm,
            r_off_ohm,
            width_f,
            read: read?,
            write: write?,
        })
    }

    fn mtj(&mut self) -> Option<Mtj> {
        let (p, ap) = self.ordered("mtj.r_parallel_ohm", "mtj.r_antiparallel_ohm")?;
        Some(Mtj {
            r_parallel_ohm: p,
            r_antiparallel_ohm: ap,
        })
    }

    /// Two resistances, each in range, the high one above the low one.
    fn ordered(&mut self, low: &str, high: &str) -> Option<(f64, f64)> {
        let lo = self.number(low);
        let hi = self.number(high);
        let (lo, hi) = (lo?, hi?);
        if hi <= lo {
            let leaf = low.rsplit('.').next().unwrap_or(low);
            let problem = format!("must be larger than {leaf} ({lo})");
            self.report(high, &hi.to_string(), &problem);
            return None;
        }
        Some((lo, hi))
    }

    /// The `[access]` table: the access device and the voltage lost across it while writing.
    /// `cmos_only` for STT-MRAM, whose 1T-1MTJ cell always has a CMOS access transistor.
    fn access(&mut self, cmos_only: bool) -> Option<(Access, f64)> {
        const TYPE: &str = "access.type";
        const WIDTH: &str = "access.width_f";
        const DROP: &str = "access.voltage_drop_v";
        let ty = match self.value(TYPE) {
            None if cmos_only => Some("cmos"),
            None => {
                self.report(
                    TYPE,
                    "",
                    "missing; add `type = \"cmos\"` (1T1R), `\"diode\"` (1D1R) or `\"none\"` \
                     (cross-point)",
                );
                None
            }
            Some(Value::Text(w)) => match (w.as_str(), cmos_only) {
                ("cmos", _) => Some("cmos"),
                ("diode", false) => Some("diode"),
                ("none", false) => Some("none"),
                (other, _) => {
                    let problem = if cmos_only {
                        "an STT-MRAM cell (1T-1MTJ) has a CMOS access transistor: write `type = \
                         \"cmos\"` or leave the key out"
                            .to_string()
                    } else {
                        format!("must be one of: {}", Words::AccessType.list().join(", "))
                    };
                    self.report(TYPE, &format!("\"{other}\""), &problem);
                    None
                }
            },
            Some(other) => {
                self.report(TYPE, &shown(other), "must be a string in quotes");
                None
            }
        };
        match ty {
            Some("cmos") => {
                let width_f = self.number(WIDTH);
                let drop = self.opt_number(DROP);
                Some((
                    Access::Cmos { width_f: width_f? },
                    drop.ok()?.unwrap_or(0.0),
                ))
            }
            Some("diode") => {
                self.refuse(
                    WIDTH,
                    "width_f applies to type = \"cmos\" only; a diode is described by voltage_drop_v",
                );
                self.number(DROP)
                    .map(|voltage_drop_v| (Access::Diode { voltage_drop_v }, voltage_drop_v))
            }
            Some(_) => {
                for path in [WIDTH, DROP] {
                    self.refuse(
                        path,
                        "a cross-point cell (type = \"none\") has no access device; remove this key",
                    );
                }
                Some((Access::None, 0.0))
            }
            None => {
                let _ = self.opt_number(WIDTH);
                let _ = self.opt_number(DROP);
                None
            }
        }
    }

    fn read(&mut self) -> Option<Read> {
        let mode = self.word("read.mode").and_then(|w| {
            READ_MODES
                .iter()
                .find(|(word, _)| *word == w)
                .map(|(_, m)| *m)
        });
        let has_v = self.raw.get("read.voltage_v").is_some();
        let has_i = self.raw.get("read.current_ua").is_some();
        let voltage_v = self.opt_number("read.voltage_v");
        let current_ua = self.opt_number("read.current_ua");
        let power_uw = self.opt_number("read.power_uw");
        let energy_pj = self.opt_number("read.energy_pj");
        let min_sense_mv = self.number("read.min_sense_mv");
        let sense_latency_ns = self.opt_number("read.sense_latency_ns");
        let sense_energy_fj = self.opt_number("read.sense_energy_fj");
        match mode {
            Some(ReadMode::Current) if !has_v => {
                let problem = format!(
                    "missing; mode = \"current\" applies a read voltage across the cell: add \
                     `voltage_v = …` ({})",
                    range_text("read.voltage_v")
                );
                self.report("read.voltage_v", "", &problem);
            }
            Some(ReadMode::Voltage) if !has_v && !has_i => self.report(
                "read.current_ua",
                "",
                "missing; mode = \"voltage\" forces a read current (`current_ua = …`) or, for \
                 voltage-divider sensing, applies a read voltage (`voltage_v = …`)",
            ),
            _ => {}
        }
        let (voltage_v, current_ua) = (voltage_v.ok()?, current_ua.ok()?);
        let ok = match mode? {
            ReadMode::Current => voltage_v.is_some(),
            ReadMode::Voltage => voltage_v.is_some() || current_ua.is_some(),
        };
        if !ok {
            return None;
        }
        Some(Read {
            mode: mode?,
            voltage_v,
            current_ua,
            power_uw: power_uw.ok()?,
            energy_pj: energy_pj.ok()?,
            min_sense_mv: min_sense_mv?,
            sense_latency_ns: sense_latency_ns.ok()?,
            sense_energy_fj: sense_energy_fj.ok()?,
        })
    }

    /// A `[write]`, `[set]` or `[reset]` table; `voltage_only` for a FeFET gate pulse.
    fn pulse(&mut self, table: &str, voltage_only: bool) -> Option<Pulse> {
        let current = format!("{table}.current_ua");
        let voltage = format!("{table}.voltage_v");
        let has_i = self.raw.get(&current).is_some();
        let has_v = self.raw.get(&voltage).is_some();
        let drive = match (has_i, has_v) {
            (true, _) if voltage_only => {
                self.refuse(
                    &current,
                    "a FeFET is written by a gate-voltage pulse; give voltage_v instead",
                );
                let _ = self.opt_number(&voltage);
                None
            }
            (true, false) => self
                .number(&current)
                .map(|current_ua| Drive::Current { current_ua }),
            (false, true) => self
                .number(&voltage)
                .map(|voltage_v| Drive::Voltage { voltage_v }),
            (true, true) => {
                let _ = self.opt_number(&current);
                let _ = self.opt_number(&voltage);
                self.report(
                    &voltage,
                    "",
                    "give either current_ua (a current-driven pulse) or voltage_v (a \
                     voltage-driven pulse), not both",
                );
                None
            }
            (false, false) => {
                self.seen.extend([current.clone(), voltage.clone()]);
                let v = range_text(&voltage);
                if voltage_only {
                    self.report(&voltage, "", &format!("missing; add `voltage_v = …` ({v})"));
                } else {
                    let i = range_text(&current);
                    let problem =
                        format!("missing; add `current_ua = …` ({i}) or `voltage_v = …` ({v})");
                    self.report(&format!("{table}.current_ua / voltage_v"), "", &problem);
                }
                None
            }
        };
        let pulse_ns = self.number(&format!("{table}.pulse_ns"));
        let energy_pj = self.opt_number(&format!("{table}.energy_pj"));
        Some(Pulse {
            drive: drive?,
            pulse_ns: pulse_ns?,
            energy_pj: energy_pj.ok()?,
        })
    }
}

/// The range of a number key; every path the check reads as a number is in the table.
fn range(path: &str) -> (f64, f64) {
    match cell_key(path).map(|k| k.accepts) {
        Some(Accepts::Range(lo, hi)) => (lo, hi),
        _ => {
            debug_assert!(false, "{path} has no range in the table of cell keys");
            (f64::NEG_INFINITY, f64::INFINITY)
        }
    }
}

/// `1 to 1000`, for messages.
fn range_text(path: &str) -> String {
    let (lo, hi) = range(path);
    format!("{lo} to {hi}")
}

fn kind_word(kind: MemoryKind) -> &'static str {
    MemoryKind::ALL
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("sram", |(w, _)| *w)
}

/// A value as a message shows it: text in quotes, numbers as written.
fn shown(v: &Value) -> String {
    match v {
        Value::Number(x) if x.is_nan() => "nan".into(),
        Value::Number(x) if x.is_infinite() => if *x > 0.0 { "inf" } else { "-inf" }.into(),
        Value::Number(x) => x.to_string(),
        Value::Text(s) => format!("\"{s}\""),
        Value::Other(s) => s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::circuit::cell::{parse_cell_preset, Presence, CELL_KEYS};

    /// Every shipped cell preset as `(file name, text)`.
    fn presets() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets/cells");
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| {
                let name = p.file_name().unwrap().to_str().unwrap().to_string();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        out.sort();
        assert!(out.len() >= 11, "{}", out.len());
        out
    }

    #[test]
    fn every_preset_round_trips_preset_raw_spec_raw() {
        for (name, text) in presets() {
            let spec = parse_cell_preset(&name, &text).unwrap_or_else(|e| panic!("{e}"));
            let raw = RawCell::of(&spec);
            let again = check_cell(&name, &raw, IdRule::PresetFile)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(again, spec, "{name}");
            assert_eq!(RawCell::of(&again), raw, "{name}");
            // The file's own keys are the raw cell's, but for the notes (with the derivation
            // inside) and the defaults a file may leave out.
            let file = RawCell::from_toml(&name, &text).unwrap();
            for e in file.entries() {
                if matches!(e.path.as_str(), "notes" | "derivation") {
                    continue;
                }
                assert_eq!(raw.get(&e.path), Some(&e.value), "{name}: {}", e.path);
            }
            for e in raw.entries() {
                let default = matches!(
                    (e.path.as_str(), &e.value),
                    ("notes", _)
                        | ("access.type", _)
                        | ("access.voltage_drop_v", Value::Number(0.0))
                );
                assert!(file.get(&e.path).is_some() || default, "{name}: {}", e.path);
            }
        }
    }

    #[test]
    fn the_check_requires_what_the_table_requires() {
        for (name, text) in presets() {
            let spec = parse_cell_preset(&name, &text).unwrap();
            let raw = RawCell::of(&spec);
            for key in CELL_KEYS.iter().filter(|k| k.kinds.contains(&spec.kind)) {
                let mut without = raw.clone();
                if without.remove(key.path).is_none() {
                    continue;
                }
                let result = check_cell(&name, &without, IdRule::PresetFile);
                match key.presence {
                    Presence::Required => {
                        let e = result.unwrap_err();
                        assert!(
                            e.0.iter()
                                .any(|p| p.field == key.path && p.problem.starts_with("missing")),
                            "{name}: {}: {e}",
                            key.path
                        );
                    }
                    Presence::Optional => {
                        assert!(result.is_ok(), "{name}: {}", key.path);
                    }
                    Presence::Rule(_) => {}
                }
            }
        }
    }

    #[test]
    fn an_nvsim_style_id_is_kept_as_given() {
        let (name, text) = presets().remove(0);
        let mut raw = RawCell::of(&parse_cell_preset(&name, &text).unwrap());
        raw.set("id", Value::Text("configs/sample_STTRAM.cell".into()));
        let e = check_cell("x.toml", &raw, IdRule::PresetFile).unwrap_err();
        assert!(e.to_string().contains("must be a snake_case id"), "{e}");
        let cell = check_cell("configs/sample_STTRAM.cell", &raw, IdRule::AsGiven).unwrap();
        assert_eq!(cell.id, "configs/sample_STTRAM.cell");
    }

    #[test]
    fn a_scalar_at_a_table_name_and_long_text_are_named() {
        let (name, text) = presets()
            .into_iter()
            .find(|(n, _)| n == "stt_16nm.toml")
            .unwrap();
        let mut raw = RawCell::of(&parse_cell_preset(&name, &text).unwrap());
        raw.set("mtj", Value::Number(3.0));
        raw.set("source", Value::Text("x".repeat(MAX + 1)));
        let e = check_cell(&name, &raw, IdRule::PresetFile)
            .unwrap_err()
            .to_string();
        assert!(e.contains("mtj = 3: must be a table ([section])"), "{e}");
        assert!(
            e.contains(&format!(
                "must be at most {MAX} characters (it has {})",
                MAX + 1
            )),
            "{e}"
        );
    }

    #[test]
    fn paths_with_no_name_are_named_by_their_text() {
        let (name, text) = presets().remove(0);
        let mut raw = RawCell::of(&parse_cell_preset(&name, &text).unwrap());
        raw.set(".", Value::Number(0.0));
        raw.set("", Value::Text("x".into()));
        let e = check_cell(&name, &raw, IdRule::PresetFile).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["\"\"", "\".\""], "{e}");
    }

    const MAX: usize = crate::circuit::cell::MAX_TEXT_CHARS;

    /// One change to a raw cell: a path (a table key or a junk one) and a value, or a removal.
    fn patch() -> impl Strategy<Value = (String, Option<Value>)> {
        let path = prop_oneof![
            4 => (0..CELL_KEYS.len()).prop_map(|i| CELL_KEYS[i].path.to_string()),
            1 => prop_oneof![
                Just("bogus".to_string()),
                Just("read".to_string()),
                Just("mtj.x".to_string()),
                Just("colour.x".to_string()),
                Just("a.b.c".to_string()),
                "[a-z_.]{0,12}",
            ],
        ];
        let value = prop_oneof![
            2 => Just(None),
            3 => (0.0f64..=1.0).prop_map(|u| Some(Value::Number(u))),
            2 => any::<f64>().prop_map(|x| Some(Value::Number(x))),
            1 => prop_oneof![
                Just(f64::NAN), Just(f64::INFINITY), Just(-0.0), Just(1e300), Just(-1.0)
            ].prop_map(|x| Some(Value::Number(x))),
            2 => prop_oneof![
                Just("current"), Just("voltage"), Just("cmos"), Just("diode"), Just("none"),
                Just("sram"), Just("stt_mram"), Just("sot_mram"), Just("reram"), Just("pcm"),
                Just("fefet"), Just(""), Just(" ")
            ].prop_map(|s| Some(Value::Text(s.to_string()))),
            1 => "\\PC{0,20}".prop_map(|s| Some(Value::Text(s))),
            1 => Just(Some(Value::Other("{…}".to_string()))),
        ];
        (path, value).prop_map(|(path, value)| {
            // A number between 0 and 1 is stretched over the key's range, so that many
            // patches are accepted and the rules between keys are reached.
            let value = match (value, accepted_range_of(&path)) {
                (Some(Value::Number(u)), Some((lo, hi))) if (0.0..=1.0).contains(&u) => {
                    Some(Value::Number(lo + u * (hi - lo)))
                }
                (v, _) => v,
            };
            (path, value)
        })
    }

    fn accepted_range_of(path: &str) -> Option<(f64, f64)> {
        crate::circuit::cell::accepted_range(path)
    }

    /// Words that say what to do: every refusal has one.
    const FIXES: [&str; 9] = [
        "must",
        "missing; ",
        "give either",
        "accepted keys here",
        "its tables are",
        "give voltage_v instead",
        "described by voltage_drop_v",
        "remove this key",
        "leave the key out",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Random patches of any preset never panic; a refusal names the key, the value where one
        /// is written and what is accepted; an accepted cell checks again to itself.
        #[test]
        fn random_patches_are_built_or_refused_with_reasons(
            preset in 0usize..64,
            patches in proptest::collection::vec(patch(), 0..6),
        ) {
            let all = presets();
            let (name, text) = &all[preset % all.len()];
            let mut raw = RawCell::of(&parse_cell_preset(name, text).unwrap());
            for (path, value) in &patches {
                match value {
                    Some(v) => raw.set(path, v.clone()),
                    None => { raw.remove(path); }
                }
            }
            match check_cell(name, &raw, IdRule::PresetFile) {
                Ok(cell) => {
                    let again = check_cell(name, &RawCell::of(&cell), IdRule::PresetFile);
                    prop_assert_eq!(again.as_ref(), Ok(&cell));
                    for e in RawCell::of(&cell).entries() {
                        if let Value::Number(x) = e.value {
                            prop_assert!(x.is_finite(), "{} = {}", e.path, x);
                        }
                    }
                }
                Err(errors) => {
                    prop_assert!(!errors.0.is_empty());
                    for p in &errors.0 {
                        prop_assert!(!p.field.is_empty(), "{}", p);
                        prop_assert!(FIXES.iter().any(|f| p.problem.contains(f)), "{}", p);
                        let written = raw.get(&p.field).is_some()
                            || raw.entries().iter().any(|e| in_table(&e.path, &p.field));
                        if written && !p.problem.starts_with("give either") {
                            prop_assert!(!p.value.is_empty() || raw.get(&p.field).is_none(), "{}", p);
                        }
                        if p.problem.starts_with("must be a finite number from") {
                            prop_assert!(raw.get(&p.field).is_some(), "{}", p);
                        }
                    }
                }
            }
        }
    }
}
