//! Cell preset files (`presets/cells/<id>.toml`): one bitcell, every number with its unit in the
//! key and its source in the file. [`parse_cell_preset`] collects every problem in the file
//! (unknown keys included) with its line, the field path, the value and what is accepted.
//!
//! # Format
//!
//! Top level (every kind):
//!
//! | key | | |
//! |---|---|---|
//! | `id` | required | equal to the file name without `.toml` |
//! | `name` | required | shown to people |
//! | `kind` | required | `sram`, `stt_mram`, `sot_mram`, `reram`, `pcm`, `fefet` |
//! | `source` | required | the papers every number comes from |
//! | `notes` | optional | caveats, assumptions |
//! | `derivation` | optional | arithmetic behind inferred numbers (kept in the cell's notes) |
//! | `node_nm` | optional; required with `cell_area_um2` | node the cell was characterised at, 1–1000 |
//! | `cell_area_f2` / `cell_area_um2` | exactly one | 1–1000 F² / 0.001–10 µm² |
//! | `aspect_ratio` | required | height / width, 0.05–20 |
//!
//! Tables per kind (each listed table is required; any other cell table is refused):
//!
//! | kind | tables |
//! |---|---|
//! | `sram` | `[sram]` `access_width_f`, `nmos_width_f`, `pmos_width_f` |
//! | `stt_mram` | `[mtj]`, `[access]` (CMOS: `width_f`, optional `voltage_drop_v`, optional `type = "cmos"`), `[read]`, `[write]` |
//! | `sot_mram` | `[mtj]`, `[sot]` `read_access_width_f`, `write_access_width_f`, `heavy_metal_ohm`, `[read]`, `[write]` |
//! | `reram`, `pcm` | `[resistance]` `r_on_ohm`, `r_off_ohm`; `[access]` `type = "cmos" \| "diode" \| "none"` (+ `width_f` for CMOS, `voltage_drop_v` required for a diode, optional for CMOS); `[read]`, `[set]`, `[reset]` |
//! | `fefet` | `[fefet]` `width_f`, `r_on_ohm`, `r_off_ohm`; `[read]`, `[write]` (voltage only) |
//!
//! `[mtj]`: `r_parallel_ohm`, `r_antiparallel_ohm` (100 Ω–1 MΩ, antiparallel > parallel).
//! `[read]`: `mode = "current" | "voltage"`, `voltage_v` (0.01–5; required for current sensing),
//! `current_ua` (0.01–10000; voltage sensing needs it or `voltage_v`), optional `power_uw`
//! (1e-6–1e5) and `energy_pj` (1e-6–1000), `min_sense_mv` (1–1000, required), optional
//! `sense_latency_ns` (0.01–100) and `sense_energy_fj` (0.01–100000): the sense amplifier's delay
//! and energy per sensed bit where a circuit simulation of the cell's sense path gives them (they
//! replace the array model's own sense-amplifier figures).
//! `[write]`, `[set]`, `[reset]`: exactly one of `current_ua` (0.01–10000) or `voltage_v`
//! (0.01–10), `pulse_ns` (0.01–10000), optional `energy_pj` (1e-6–1000).
//! Widths in F are 0.5–100; resistive `r_on_ohm`/`r_off_ohm` 10 Ω–10 GΩ, FeFET 100 Ω–1 TΩ
//! (off > on); `heavy_metal_ohm` 1 Ω–100 kΩ; `voltage_drop_v` 0–5.

use super::{Access, CellArea, CellDevice, CellSpec, Drive, Mtj, Pulse, Read, ReadMode};
use crate::circuit::metrics::MemoryKind;
use crate::input::{all_or_errors, parse_toml, FieldReader, PresetError, PresetErrors};

/// Every kind-specific table a cell file may hold.
const TABLES: [&str; 10] = [
    "sram",
    "mtj",
    "access",
    "sot",
    "resistance",
    "read",
    "write",
    "set",
    "reset",
    "fefet",
];

/// The tables a kind requires (and the only ones it accepts).
fn tables_of(kind: MemoryKind) -> &'static [&'static str] {
    match kind {
        MemoryKind::Sram => &["sram"],
        MemoryKind::SttMram => &["mtj", "access", "read", "write"],
        MemoryKind::SotMram => &["mtj", "sot", "read", "write"],
        MemoryKind::Reram | MemoryKind::Pcm => &["resistance", "access", "read", "set", "reset"],
        MemoryKind::Fefet => &["fefet", "read", "write"],
    }
}

fn kind_word(kind: MemoryKind) -> &'static str {
    MemoryKind::ALL
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(w, _)| *w)
        .unwrap_or("sram")
}

const WIDTH_F: (f64, f64) = (0.5, 100.0);
const MTJ_OHM: (f64, f64) = (100.0, 1e6);
const RESISTIVE_OHM: (f64, f64) = (10.0, 1e10);
const FEFET_OHM: (f64, f64) = (100.0, 1e12);
const HEAVY_METAL_OHM: (f64, f64) = (1.0, 1e5);
const READ_V: (f64, f64) = (0.01, 5.0);
const WRITE_V: (f64, f64) = (0.01, 10.0);
const CURRENT_UA: (f64, f64) = (0.01, 10_000.0);
const PULSE_NS: (f64, f64) = (0.01, 10_000.0);
const ENERGY_PJ: (f64, f64) = (1e-6, 1000.0);
const POWER_UW: (f64, f64) = (1e-6, 1e5);
const SENSE_MV: (f64, f64) = (1.0, 1000.0);
const DROP_V: (f64, f64) = (0.0, 5.0);

/// The words of `[read] mode`.
const READ_MODES: [(&str, ReadMode); 2] = [
    ("current", ReadMode::Current),
    ("voltage", ReadMode::Voltage),
];

/// The words of `[access] type`: a CMOS transistor (1T1R), a diode (1D1R), none (cross-point).
const ACCESS_TYPES: [&str; 3] = ["cmos", "diode", "none"];

/// The words a text key of a cell file accepts (`read.mode` → current, voltage); `None` for
/// free text and numbers.
pub fn accepted_words(path: &str) -> Option<Vec<&'static str>> {
    match path {
        "kind" => Some(MemoryKind::ALL.iter().map(|(w, _)| *w).collect()),
        "read.mode" => Some(READ_MODES.iter().map(|(w, _)| *w).collect()),
        "access.type" => Some(ACCESS_TYPES.to_vec()),
        _ => None,
    }
}

/// The range a number key of a cell file accepts (`read.voltage_v` → 0.01–5), as the reader
/// checks it; `None` for text keys and unknown paths.
pub fn accepted_range(path: &str) -> Option<(f64, f64)> {
    let (table, key) = path.split_once('.').unwrap_or(("", path));
    Some(match (table, key) {
        ("", "node_nm") => (1.0, 1000.0),
        ("", "cell_area_f2") => (1.0, 1000.0),
        ("", "cell_area_um2") => (0.001, 10.0),
        ("", "aspect_ratio") => (0.05, 20.0),
        ("mtj", _) => MTJ_OHM,
        ("resistance", _) => RESISTIVE_OHM,
        ("fefet", "r_on_ohm" | "r_off_ohm") => FEFET_OHM,
        ("sot", "heavy_metal_ohm") => HEAVY_METAL_OHM,
        (_, k) if k.ends_with("width_f") => WIDTH_F,
        (_, "voltage_drop_v") => DROP_V,
        ("read", "voltage_v") => READ_V,
        ("write" | "set" | "reset", "voltage_v") => WRITE_V,
        (_, "current_ua") => CURRENT_UA,
        (_, "pulse_ns") => PULSE_NS,
        (_, "energy_pj") => ENERGY_PJ,
        ("read", "power_uw") => POWER_UW,
        ("read", "min_sense_mv") => SENSE_MV,
        ("read", "sense_latency_ns") => (0.01, 100.0),
        ("read", "sense_energy_fj") => (0.01, 1e5),
        _ => return None,
    })
}

/// Parses and validates one cell preset file. `file` names it in messages (`cells/stt_22nm.toml`);
/// the `id` inside must equal the file name without `.toml`. Every problem is returned.
pub fn parse_cell_preset(file: &str, text: &str) -> Result<CellSpec, PresetErrors> {
    let mut errors = Vec::new();
    let cell = read_cell(file, text, &mut errors);
    all_or_errors(cell, errors)
}

fn read_cell(file: &str, text: &str, errors: &mut Vec<PresetError>) -> Option<CellSpec> {
    let table = parse_toml(file, text, errors)?;
    let mut r = FieldReader::new(file, text, table, errors);
    let id = r.file_id();
    let name = r.non_empty_string("name");
    let kind = r.choice("kind", &MemoryKind::ALL);
    let source = r.non_empty_string("source");
    let notes = r.opt_string("notes");
    let derivation = r.opt_string("derivation");
    let node_given = r.has("node_nm");
    let node_nm = r.opt_number_in("node_nm", 1.0, 1000.0);
    let area = read_area(&mut r, node_given);
    let aspect_ratio = r.number_in("aspect_ratio", 0.05, 20.0);

    let device = match kind {
        Some(kind) => read_device(&mut r, kind),
        None => {
            // Without a valid kind the tables cannot be checked; accept them silently so that
            // the kind error is the one reported.
            for t in TABLES {
                let _ = r.opt_table(t);
            }
            None
        }
    };
    r.finish();

    let notes = match (notes, derivation) {
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
        node_nm,
        area: area?,
        aspect_ratio: aspect_ratio?,
        device: device?,
    })
}

/// Exactly one of `cell_area_f2` / `cell_area_um2`; a drawn area needs the node it was drawn at.
fn read_area(r: &mut FieldReader<'_>, node_given: bool) -> Option<CellArea> {
    const F2: &str = "cell_area_f2";
    const UM2: &str = "cell_area_um2";
    match (r.has(F2), r.has(UM2)) {
        (true, false) => r.number_in(F2, 1.0, 1000.0).map(CellArea::F2),
        (false, true) => {
            let area = r.number_in(UM2, 0.001, 10.0).map(CellArea::Um2);
            if !node_given {
                r.error_text(
                    "node_nm",
                    "",
                    "missing; cell_area_um2 is a drawn area at one node: add `node_nm = …`",
                );
            }
            area
        }
        (true, true) => {
            let _ = r.opt_positive(F2);
            let _ = r.opt_positive(UM2);
            r.error_text(
                UM2,
                "",
                "give either cell_area_f2 (scales with the node) or cell_area_um2 (a drawn area), \
                 not both",
            );
            None
        }
        (false, false) => {
            let _ = r.opt_positive(F2);
            let _ = r.opt_positive(UM2);
            r.error_text(
                "cell_area_f2 / cell_area_um2",
                "",
                "missing; add `cell_area_f2 = …` (1 to 1000) or `cell_area_um2 = …` (0.001 to 10)",
            );
            None
        }
    }
}

fn read_device(r: &mut FieldReader<'_>, kind: MemoryKind) -> Option<CellDevice> {
    let wanted = tables_of(kind);
    let list = wanted
        .iter()
        .map(|t| format!("[{t}]"))
        .collect::<Vec<_>>()
        .join(", ");
    let word = kind_word(kind);
    for t in TABLES {
        if !wanted.contains(&t) {
            r.refuse(
                t,
                &format!("kind = \"{word}\" has no [{t}] table; its tables are {list}"),
            );
        }
    }
    let mut all_present = true;
    for t in wanted {
        if !r.has(t) {
            all_present = false;
            r.error_text(
                t,
                "",
                &format!("missing; kind = \"{word}\" needs the table [{t}] ({list})"),
            );
        }
    }
    let device = match kind {
        MemoryKind::Sram => sram(r),
        MemoryKind::SttMram => stt(r),
        MemoryKind::SotMram => sot(r),
        MemoryKind::Reram | MemoryKind::Pcm => resistive(r),
        MemoryKind::Fefet => fefet(r),
    };
    if all_present {
        device
    } else {
        None
    }
}

fn sram(r: &mut FieldReader<'_>) -> Option<CellDevice> {
    let mut t = r.opt_table("sram")?;
    let access = t.number_in("access_width_f", WIDTH_F.0, WIDTH_F.1);
    let nmos = t.number_in("nmos_width_f", WIDTH_F.0, WIDTH_F.1);
    let pmos = t.number_in("pmos_width_f", WIDTH_F.0, WIDTH_F.1);
    t.finish();
    Some(CellDevice::Sram {
        access_width_f: access?,
        nmos_width_f: nmos?,
        pmos_width_f: pmos?,
    })
}

fn stt(r: &mut FieldReader<'_>) -> Option<CellDevice> {
    let mtj = r.opt_table("mtj").and_then(read_mtj);
    let access = r.opt_table("access").and_then(|t| read_access(t, true));
    let read = r.opt_table("read").and_then(read_read);
    let write = r.opt_table("write").and_then(|t| read_pulse(t, false));
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

fn sot(r: &mut FieldReader<'_>) -> Option<CellDevice> {
    let mtj = r.opt_table("mtj").and_then(read_mtj);
    let sot = r.opt_table("sot").and_then(|mut t| {
        let read_w = t.number_in("read_access_width_f", WIDTH_F.0, WIDTH_F.1);
        let write_w = t.number_in("write_access_width_f", WIDTH_F.0, WIDTH_F.1);
        let hm = t.number_in("heavy_metal_ohm", HEAVY_METAL_OHM.0, HEAVY_METAL_OHM.1);
        t.finish();
        Some((read_w?, write_w?, hm?))
    });
    let read = r.opt_table("read").and_then(read_read);
    let write = r.opt_table("write").and_then(|t| read_pulse(t, false));
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

fn resistive(r: &mut FieldReader<'_>) -> Option<CellDevice> {
    let resistance = r.opt_table("resistance").and_then(|mut t| {
        let on = t.number_in("r_on_ohm", RESISTIVE_OHM.0, RESISTIVE_OHM.1);
        let off = t.number_in("r_off_ohm", RESISTIVE_OHM.0, RESISTIVE_OHM.1);
        let (on, off) = ordered(&mut t, ("r_on_ohm", on), ("r_off_ohm", off));
        t.finish();
        Some((on?, off?))
    });
    let access = r.opt_table("access").and_then(|t| read_access(t, false));
    let read = r.opt_table("read").and_then(read_read);
    let set = r.opt_table("set").and_then(|t| read_pulse(t, false));
    let reset = r.opt_table("reset").and_then(|t| read_pulse(t, false));
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

fn fefet(r: &mut FieldReader<'_>) -> Option<CellDevice> {
    let fefet = r.opt_table("fefet").and_then(|mut t| {
        let width = t.number_in("width_f", WIDTH_F.0, WIDTH_F.1);
        let on = t.number_in("r_on_ohm", FEFET_OHM.0, FEFET_OHM.1);
        let off = t.number_in("r_off_ohm", FEFET_OHM.0, FEFET_OHM.1);
        let (on, off) = ordered(&mut t, ("r_on_ohm", on), ("r_off_ohm", off));
        t.finish();
        Some((width?, on?, off?))
    });
    let read = r.opt_table("read").and_then(read_read);
    let write = r.opt_table("write").and_then(|t| read_pulse(t, true));
    let (width_f, r_on_ohm, r_off_ohm) = fefet?;
    Some(CellDevice::Fefet {
        r_on_ohm,
        r_off_ohm,
        width_f,
        read: read?,
        write: write?,
    })
}

/// An `[access]` table: the access device and the voltage lost across it while writing.
/// `cmos_only` for STT-MRAM, whose 1T-1MTJ cell always has a CMOS access transistor.
fn read_access(mut t: FieldReader<'_>, cmos_only: bool) -> Option<(Access, f64)> {
    let word = t.opt_string("type");
    let ty = match word.as_deref() {
        None if cmos_only => Some("cmos"),
        None => {
            t.error_text(
                "type",
                "",
                "missing; add `type = \"cmos\"` (1T1R), `\"diode\"` (1D1R) or `\"none\"` \
                 (cross-point)",
            );
            None
        }
        Some("cmos") => Some("cmos"),
        Some("diode") if !cmos_only => Some("diode"),
        Some("none") if !cmos_only => Some("none"),
        Some(other) => {
            let problem = if cmos_only {
                "an STT-MRAM cell (1T-1MTJ) has a CMOS access transistor: write `type = \"cmos\"` \
                 or leave the key out"
                    .to_string()
            } else {
                format!("must be one of: {}", ACCESS_TYPES.join(", "))
            };
            t.error_text("type", &format!("\"{other}\""), &problem);
            None
        }
    };
    let result = match ty {
        Some("cmos") => {
            let has_drop = t.has("voltage_drop_v");
            let width_f = t.number_in("width_f", WIDTH_F.0, WIDTH_F.1);
            let drop = t.opt_number_in("voltage_drop_v", DROP_V.0, DROP_V.1);
            let drop_ok = drop.is_some() || !has_drop;
            width_f
                .filter(|_| drop_ok)
                .map(|width_f| (Access::Cmos { width_f }, drop.unwrap_or(0.0)))
        }
        Some("diode") => {
            t.refuse(
                "width_f",
                "width_f applies to type = \"cmos\" only; a diode is described by voltage_drop_v",
            );
            t.number_in("voltage_drop_v", DROP_V.0, DROP_V.1)
                .map(|voltage_drop_v| (Access::Diode { voltage_drop_v }, voltage_drop_v))
        }
        Some(_) => {
            for key in ["width_f", "voltage_drop_v"] {
                t.refuse(
                    key,
                    "a cross-point cell (type = \"none\") has no access device; remove this key",
                );
            }
            Some((Access::None, 0.0))
        }
        None => {
            let _ = t.opt_positive("width_f");
            let _ = t.opt_non_negative("voltage_drop_v");
            None
        }
    };
    t.finish();
    result
}

fn read_mtj(mut t: FieldReader<'_>) -> Option<Mtj> {
    let p = t.number_in("r_parallel_ohm", MTJ_OHM.0, MTJ_OHM.1);
    let ap = t.number_in("r_antiparallel_ohm", MTJ_OHM.0, MTJ_OHM.1);
    let (p, ap) = ordered(&mut t, ("r_parallel_ohm", p), ("r_antiparallel_ohm", ap));
    t.finish();
    Some(Mtj {
        r_parallel_ohm: p?,
        r_antiparallel_ohm: ap?,
    })
}

/// Checks that the high resistance is above the low one; returns both (or `None` on failure).
fn ordered(
    t: &mut FieldReader<'_>,
    low: (&str, Option<f64>),
    high: (&str, Option<f64>),
) -> (Option<f64>, Option<f64>) {
    if let (Some(lo), Some(hi)) = (low.1, high.1) {
        if hi <= lo {
            t.error_text(
                high.0,
                &hi.to_string(),
                &format!("must be larger than {} ({lo})", low.0),
            );
            return (None, None);
        }
    }
    (low.1, high.1)
}

fn read_read(mut t: FieldReader<'_>) -> Option<Read> {
    let mode = t.choice("mode", &READ_MODES);
    let has_v = t.has("voltage_v");
    let has_i = t.has("current_ua");
    let voltage_v = t.opt_number_in("voltage_v", READ_V.0, READ_V.1);
    let current_ua = t.opt_number_in("current_ua", CURRENT_UA.0, CURRENT_UA.1);
    let power_uw = t.opt_number_in("power_uw", POWER_UW.0, POWER_UW.1);
    let energy_pj = t.opt_number_in("energy_pj", ENERGY_PJ.0, ENERGY_PJ.1);
    let min_sense_mv = t.number_in("min_sense_mv", SENSE_MV.0, SENSE_MV.1);
    let sense_latency_ns = t.opt_number_in("sense_latency_ns", 0.01, 100.0);
    let sense_energy_fj = t.opt_number_in("sense_energy_fj", 0.01, 1e5);
    let bad_sense = (t.has("sense_latency_ns") && sense_latency_ns.is_none())
        || (t.has("sense_energy_fj") && sense_energy_fj.is_none());
    match mode {
        Some(ReadMode::Current) if !has_v => t.error_text(
            "voltage_v",
            "",
            "missing; mode = \"current\" applies a read voltage across the cell: add \
             `voltage_v = …` (0.01 to 5)",
        ),
        Some(ReadMode::Voltage) if !has_v && !has_i => t.error_text(
            "current_ua",
            "",
            "missing; mode = \"voltage\" forces a read current (`current_ua = …`) or, for \
             voltage-divider sensing, applies a read voltage (`voltage_v = …`)",
        ),
        _ => {}
    }
    t.finish();
    let mode = mode?;
    let ok = match mode {
        ReadMode::Current => voltage_v.is_some(),
        ReadMode::Voltage => voltage_v.is_some() || current_ua.is_some(),
    };
    if !ok || bad_sense || (has_v && voltage_v.is_none()) || (has_i && current_ua.is_none()) {
        return None;
    }
    Some(Read {
        mode,
        voltage_v,
        current_ua,
        power_uw,
        energy_pj,
        min_sense_mv: min_sense_mv?,
        sense_latency_ns,
        sense_energy_fj,
    })
}

/// A `[write]`, `[set]` or `[reset]` table; `voltage_only` for a FeFET gate pulse.
fn read_pulse(mut t: FieldReader<'_>, voltage_only: bool) -> Option<Pulse> {
    let has_i = t.has("current_ua");
    let has_v = t.has("voltage_v");
    let drive = match (has_i, has_v) {
        (true, _) if voltage_only => {
            t.refuse(
                "current_ua",
                "a FeFET is written by a gate-voltage pulse; give voltage_v instead",
            );
            let _ = t.opt_number_in("voltage_v", WRITE_V.0, WRITE_V.1);
            None
        }
        (true, false) => {
            let _ = t.opt_positive("voltage_v"); // absent; listed as accepted
            t.number_in("current_ua", CURRENT_UA.0, CURRENT_UA.1)
                .map(|current_ua| Drive::Current { current_ua })
        }
        (false, true) => {
            if !voltage_only {
                let _ = t.opt_positive("current_ua"); // absent; listed as accepted
            }
            t.number_in("voltage_v", WRITE_V.0, WRITE_V.1)
                .map(|voltage_v| Drive::Voltage { voltage_v })
        }
        (true, true) => {
            let _ = t.opt_positive("current_ua");
            let _ = t.opt_positive("voltage_v");
            t.error_text(
                "voltage_v",
                "",
                "give either current_ua (a current-driven pulse) or voltage_v (a voltage-driven \
                 pulse), not both",
            );
            None
        }
        (false, false) => {
            let _ = t.opt_positive("current_ua");
            let _ = t.opt_positive("voltage_v");
            let accepted = if voltage_only {
                "missing; add `voltage_v = …` (0.01 to 10)"
            } else {
                "missing; add `current_ua = …` (0.01 to 10000) or `voltage_v = …` (0.01 to 10)"
            };
            let key = if voltage_only {
                "voltage_v"
            } else {
                "current_ua / voltage_v"
            };
            t.error_text(key, "", accepted);
            None
        }
    };
    let pulse_ns = t.number_in("pulse_ns", PULSE_NS.0, PULSE_NS.1);
    let energy_pj = t.opt_number_in("energy_pj", ENERGY_PJ.0, ENERGY_PJ.1);
    t.finish();
    Some(Pulse {
        drive: drive?,
        pulse_ns: pulse_ns?,
        energy_pj,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STT: &str = r#"id = "t_cell"
name = "Test STT cell"
kind = "stt_mram"
source = "made up for a unit test"
notes = "a note"
derivation = "2 + 2 = 4"
node_nm = 22
cell_area_f2 = 100
aspect_ratio = 0.96

[mtj]
r_parallel_ohm = 2100
r_antiparallel_ohm = 5880

[access]
width_f = 10
voltage_drop_v = 0.15

[read]
mode = "current"
voltage_v = 0.25
min_sense_mv = 25

[write]
current_ua = 93
pulse_ns = 20
"#;

    const FILE: &str = "cells/t_cell.toml";

    fn parse(text: &str) -> Result<CellSpec, PresetErrors> {
        parse_cell_preset(FILE, text)
    }

    fn errors(text: &str) -> String {
        match parse(text) {
            Ok(c) => panic!("expected errors, got {c:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// The text with its `[table]` section (header to the next blank line) replaced by `with`.
    fn replace_table(text: &str, table: &str, with: &str) -> String {
        let header = format!("[{table}]\n");
        let start = text.find(&header).unwrap();
        let end = text[start..]
            .find("\n\n")
            .map_or(text.len(), |i| start + i + 2);
        format!("{}{with}{}", &text[..start], &text[end..])
    }

    #[test]
    fn a_good_stt_preset_parses_exactly() {
        let c = parse(STT).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.id, "t_cell");
        assert_eq!(c.kind, MemoryKind::SttMram);
        assert_eq!(c.node_nm, Some(22.0));
        assert_eq!(c.area, CellArea::F2(100.0));
        assert_eq!(c.aspect_ratio, 0.96);
        assert_eq!(c.notes.as_deref(), Some("a note\nDerivation: 2 + 2 = 4"));
        assert_eq!(
            c.device,
            CellDevice::Stt {
                mtj: Mtj {
                    r_parallel_ohm: 2100.0,
                    r_antiparallel_ohm: 5880.0
                },
                access_width_f: 10.0,
                access_voltage_drop_v: 0.15,
                read: Read {
                    mode: ReadMode::Current,
                    voltage_v: Some(0.25),
                    current_ua: None,
                    power_uw: None,
                    energy_pj: None,
                    min_sense_mv: 25.0,
                    sense_latency_ns: None,
                    sense_energy_fj: None,
                },
                write: Pulse {
                    drive: Drive::Current { current_ua: 93.0 },
                    pulse_ns: 20.0,
                    energy_pj: None,
                },
            }
        );
        // The access type may be written out; the drop defaults to 0 V.
        let text = STT.replace("voltage_drop_v = 0.15\n", "type = \"cmos\"\n");
        let c = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            c.device,
            CellDevice::Stt {
                access_voltage_drop_v,
                ..
            } if access_voltage_drop_v == 0.0
        ));
    }

    const HEAD: &str = "id = \"t_cell\"\nname = \"T\"\nsource = \"made up\"\naspect_ratio = 1\n";

    const READ: &str = "[read]\nmode = \"current\"\nvoltage_v = 0.4\nmin_sense_mv = 80\n\n";

    #[test]
    fn every_kind_parses() {
        let sram = format!(
            "{HEAD}kind = \"sram\"\nnode_nm = 16\ncell_area_um2 = 0.074\n\n[sram]\naccess_width_f = 1.31\nnmos_width_f = 2.08\npmos_width_f = 1.23\n"
        );
        let c = parse(&sram).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.kind, MemoryKind::Sram);
        assert_eq!(c.area, CellArea::Um2(0.074));
        assert_eq!(
            c.device,
            CellDevice::Sram {
                access_width_f: 1.31,
                nmos_width_f: 2.08,
                pmos_width_f: 1.23
            }
        );

        let sot = format!(
            "{HEAD}kind = \"sot_mram\"\ncell_area_f2 = 114\n\n[mtj]\nr_parallel_ohm = 2000\nr_antiparallel_ohm = 5000\n\n[sot]\nread_access_width_f = 3.8\nwrite_access_width_f = 7.6\nheavy_metal_ohm = 500\n\n{READ}[write]\nvoltage_v = 0.675\npulse_ns = 0.4\n"
        );
        let c = parse(&sot).unwrap_or_else(|e| panic!("{e}"));
        let CellDevice::Sot {
            read_access_width_f,
            write_access_width_f,
            heavy_metal_ohm,
            write,
            ..
        } = c.device
        else {
            panic!("{:?}", c.device)
        };
        assert_eq!(
            (read_access_width_f, write_access_width_f, heavy_metal_ohm),
            (3.8, 7.6, 500.0)
        );
        assert_eq!(write.drive, Drive::Voltage { voltage_v: 0.675 });
        assert_eq!(write.pulse_ns, 0.4);

        let pcm = format!(
            "{HEAD}kind = \"pcm\"\ncell_area_f2 = 25\n\n[resistance]\nr_on_ohm = 10000\nr_off_ohm = 1000000\n\n[access]\ntype = \"diode\"\nvoltage_drop_v = 0.4\n\n[read]\nmode = \"voltage\"\ncurrent_ua = 10\nenergy_pj = 0.5\npower_uw = 3\nmin_sense_mv = 80\n\n[set]\ncurrent_ua = 37\npulse_ns = 150\n\n[reset]\ncurrent_ua = 73\npulse_ns = 40\nenergy_pj = 1.2\n"
        );
        let c = parse(&pcm).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.kind, MemoryKind::Pcm);
        let CellDevice::Resistive {
            access,
            access_voltage_drop_v,
            read,
            set,
            reset,
            ..
        } = c.device
        else {
            panic!("{:?}", c.device)
        };
        assert_eq!(
            access,
            Access::Diode {
                voltage_drop_v: 0.4
            }
        );
        assert_eq!(access_voltage_drop_v, 0.4);
        assert_eq!(read.current_ua, Some(10.0));
        assert_eq!((read.energy_pj, read.power_uw), (Some(0.5), Some(3.0)));
        assert_eq!(set.drive, Drive::Current { current_ua: 37.0 });
        assert_eq!(reset.energy_pj, Some(1.2));

        let reram = pcm.replace("kind = \"pcm\"", "kind = \"reram\"").replace(
            "type = \"diode\"\nvoltage_drop_v = 0.4",
            "type = \"cmos\"\nwidth_f = 10",
        );
        let c = parse(&reram).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.kind, MemoryKind::Reram);
        assert!(matches!(
            c.device,
            CellDevice::Resistive {
                access: Access::Cmos { width_f },
                access_voltage_drop_v,
                ..
            } if width_f == 10.0 && access_voltage_drop_v == 0.0
        ));
        let crosspoint = pcm.replace("type = \"diode\"\nvoltage_drop_v = 0.4", "type = \"none\"");
        let c = parse(&crosspoint).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            c.device,
            CellDevice::Resistive {
                access: Access::None,
                ..
            }
        ));

        let fefet = format!(
            "{HEAD}kind = \"fefet\"\ncell_area_f2 = 52\n\n[fefet]\nwidth_f = 4\nr_on_ohm = 70000\nr_off_ohm = 2e10\n\n{READ}[write]\nvoltage_v = 3.5\npulse_ns = 10\nenergy_pj = 0.0029\n"
        );
        let c = parse(&fefet).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.device,
            CellDevice::Fefet {
                r_on_ohm: 70000.0,
                r_off_ohm: 2e10,
                width_f: 4.0,
                read: Read {
                    mode: ReadMode::Current,
                    voltage_v: Some(0.4),
                    current_ua: None,
                    power_uw: None,
                    energy_pj: None,
                    min_sense_mv: 80.0,
                    sense_latency_ns: None,
                    sense_energy_fj: None,
                },
                write: Pulse {
                    drive: Drive::Voltage { voltage_v: 3.5 },
                    pulse_ns: 10.0,
                    energy_pj: Some(0.0029),
                },
            }
        );
    }

    #[test]
    fn missing_source_and_id_mismatch_are_named() {
        let e = errors(&STT.replace("source = \"made up for a unit test\"\n", ""));
        assert!(e.contains("cells/t_cell.toml: source: missing"), "{e}");
        let e = errors(&STT.replace("source = \"made up for a unit test\"", "source = \" \""));
        assert!(
            e.contains("cells/t_cell.toml:4: source = \"\": must not be empty"),
            "{e}"
        );
        let e = errors(&STT.replace("id = \"t_cell\"", "id = \"other\""));
        assert!(
            e.contains("cells/t_cell.toml:1: id = \"other\": must equal the file name without .toml (\"t_cell\")"),
            "{e}"
        );
    }

    #[test]
    fn exactly_one_area_key() {
        let e = errors(&STT.replace(
            "cell_area_f2 = 100",
            "cell_area_f2 = 100\ncell_area_um2 = 0.05",
        ));
        assert!(
            e.contains("cells/t_cell.toml:9: cell_area_um2: give either cell_area_f2"),
            "{e}"
        );
        let e = errors(&STT.replace("cell_area_f2 = 100\n", ""));
        assert!(
            e.contains(
                "cells/t_cell.toml: cell_area_f2 / cell_area_um2: missing; add `cell_area_f2 = …`"
            ),
            "{e}"
        );
        let e = errors(
            &STT.replace("cell_area_f2 = 100", "cell_area_um2 = 0.0486")
                .replace("node_nm = 22\n", ""),
        );
        assert!(
            e.contains("cells/t_cell.toml: node_nm: missing; cell_area_um2 is a drawn area"),
            "{e}"
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let e = errors(&STT.replace("pulse_ns = 20", "pulse_ns = 20\npulse_width_ns = 3"));
        assert!(
            e.contains("cells/t_cell.toml:27: write.pulse_width_ns = 3: unknown key (misspelt?); accepted keys here: current_ua, energy_pj, pulse_ns, voltage_v"),
            "{e}"
        );
        let e = errors(&format!("{STT}colour = \"red\"\n"));
        assert!(e.contains("write.colour = \"red\": unknown key"), "{e}");
        let e = errors(&format!("tmr_percent = 180\n{STT}"));
        assert!(
            e.contains("cells/t_cell.toml:1: tmr_percent = 180: unknown key"),
            "{e}"
        );
    }

    #[test]
    fn a_characterised_sense_path_is_read() {
        let text = STT.replace(
            "min_sense_mv = 25",
            "min_sense_mv = 25\nsense_latency_ns = 0.3\nsense_energy_fj = 20",
        );
        let cell = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        let CellDevice::Stt { read, .. } = cell.device else {
            panic!("an STT cell");
        };
        assert_eq!(read.sense_latency_ns, Some(0.3));
        assert_eq!(read.sense_energy_fj, Some(20.0));
    }

    #[test]
    fn out_of_range_values_name_file_line_field_and_range() {
        let cases = [
            ("cell_area_f2 = 100", "cell_area_f2 = 0.5", "cells/t_cell.toml:8: cell_area_f2 = 0.5: must be a finite number from 1 to 1000"),
            ("aspect_ratio = 0.96", "aspect_ratio = -1", "cells/t_cell.toml:9: aspect_ratio = -1: must be a finite number from 0.05 to 20"),
            ("r_parallel_ohm = 2100", "r_parallel_ohm = 10", "cells/t_cell.toml:12: mtj.r_parallel_ohm = 10: must be a finite number from 100 to 1000000"),
            ("width_f = 10", "width_f = 0", "cells/t_cell.toml:16: access.width_f = 0: must be a finite number from 0.5 to 100"),
            ("voltage_v = 0.25", "voltage_v = 50", "cells/t_cell.toml:21: read.voltage_v = 50: must be a finite number from 0.01 to 5"),
            ("min_sense_mv = 25", "min_sense_mv = nan", "cells/t_cell.toml:22: read.min_sense_mv = nan: must be a finite number from 1 to 1000"),
            ("min_sense_mv = 25", "min_sense_mv = 25\nsense_latency_ns = 0", "cells/t_cell.toml:23: read.sense_latency_ns = 0: must be a finite number from 0.01 to 100"),
            ("min_sense_mv = 25", "min_sense_mv = 25\nsense_energy_fj = -3", "cells/t_cell.toml:23: read.sense_energy_fj = -3: must be a finite number from 0.01 to 100000"),
            ("current_ua = 93", "current_ua = 1e6", "cells/t_cell.toml:25: write.current_ua = 1000000: must be a finite number from 0.01 to 10000"),
            ("pulse_ns = 20", "pulse_ns = 0", "cells/t_cell.toml:26: write.pulse_ns = 0: must be a finite number from 0.01 to 10000"),
            ("node_nm = 22", "node_nm = 0", "cells/t_cell.toml:7: node_nm = 0: must be a finite number from 1 to 1000"),
        ];
        for (from, to, expected) in cases {
            let e = errors(&STT.replace(from, to));
            assert!(e.contains(expected), "{to}\n{e}");
        }
        let e = errors(&STT.replace("r_antiparallel_ohm = 5880", "r_antiparallel_ohm = 2000"));
        assert!(
            e.contains("cells/t_cell.toml:13: mtj.r_antiparallel_ohm = 2000: must be larger than r_parallel_ohm (2100)"),
            "{e}"
        );
        // Every problem in the file is reported together.
        let e = errors(
            &STT.replace("pulse_ns = 20", "pulse_ns = 0")
                .replace("width_f = 10", "width_f = 0"),
        );
        assert!(e.starts_with("2 problems"), "{e}");
    }

    #[test]
    fn tables_of_another_kind_are_refused_and_missing_ones_named() {
        let e = errors(&format!("{STT}\n[sram]\naccess_width_f = 1\n"));
        assert!(
            e.contains("cells/t_cell.toml:28: sram: kind = \"stt_mram\" has no [sram] table; its tables are [mtj], [access], [read], [write]"),
            "{e}"
        );
        let e = errors(&STT.replace("[write]", "[set]"));
        assert!(
            e.contains("set: kind = \"stt_mram\" has no [set] table"),
            "{e}"
        );
        assert!(
            e.contains(
                "cells/t_cell.toml: write: missing; kind = \"stt_mram\" needs the table [write]"
            ),
            "{e}"
        );
        let sram = STT.replace("kind = \"stt_mram\"", "kind = \"sram\"");
        let e = errors(&sram);
        for t in ["mtj", "access", "read", "write"] {
            assert!(
                e.contains(&format!(
                    "{t}: kind = \"sram\" has no [{t}] table; its tables are [sram]"
                )),
                "{t}\n{e}"
            );
        }
        assert!(
            e.contains("sram: missing; kind = \"sram\" needs the table [sram]"),
            "{e}"
        );
        // A bad kind is reported once, without a cascade of table errors.
        let e = errors(&STT.replace("kind = \"stt_mram\"", "kind = \"mram\""));
        assert!(
            e.contains("cells/t_cell.toml:3: kind = \"mram\": must be one of: sram, stt_mram, sot_mram, reram, pcm, fefet"),
            "{e}"
        );
        assert!(e.starts_with("1 problem "), "{e}");
    }

    #[test]
    fn pulse_read_and_access_rules() {
        let e = errors(&STT.replace("current_ua = 93", "current_ua = 93\nvoltage_v = 1"));
        assert!(e.contains("write.voltage_v: give either current_ua"), "{e}");
        let e = errors(&STT.replace("current_ua = 93\n", ""));
        assert!(
            e.contains("write.current_ua / voltage_v: missing; add `current_ua = …` (0.01 to 10000) or `voltage_v = …` (0.01 to 10)"),
            "{e}"
        );
        let e = errors(&STT.replace("voltage_v = 0.25\n", ""));
        assert!(
            e.contains("read.voltage_v: missing; mode = \"current\" applies a read voltage"),
            "{e}"
        );
        let e = errors(&STT.replace("mode = \"current\"\nvoltage_v = 0.25", "mode = \"voltage\""));
        assert!(
            e.contains("read.current_ua: missing; mode = \"voltage\" forces a read current"),
            "{e}"
        );
        let e = errors(&STT.replace("mode = \"current\"", "mode = \"amps\""));
        assert!(
            e.contains("read.mode = \"amps\": must be one of: current, voltage"),
            "{e}"
        );
        let e = errors(&STT.replace("width_f = 10", "type = \"diode\"\nwidth_f = 10"));
        assert!(
            e.contains(
                "access.type = \"diode\": an STT-MRAM cell (1T-1MTJ) has a CMOS access transistor"
            ),
            "{e}"
        );

        let fefet = format!(
            "{HEAD}kind = \"fefet\"\ncell_area_f2 = 52\n\n[fefet]\nwidth_f = 4\nr_on_ohm = 70000\nr_off_ohm = 2e10\n\n{READ}[write]\ncurrent_ua = 3\npulse_ns = 10\n"
        );
        let e = errors(&fefet);
        assert!(
            e.contains("write.current_ua = 3: a FeFET is written by a gate-voltage pulse; give voltage_v instead"),
            "{e}"
        );
        let e = errors(&fefet.replace("r_off_ohm = 2e10", "r_off_ohm = 5e12"));
        assert!(e.contains("fefet.r_off_ohm = 5000000000000: must be a finite number from 100 to 1000000000000"), "{e}");

        let pcm = format!(
            "{HEAD}kind = \"pcm\"\ncell_area_f2 = 25\n\n[resistance]\nr_on_ohm = 10000\nr_off_ohm = 1000000\n\n[access]\ntype = \"none\"\nwidth_f = 2\n\n{READ}[set]\ncurrent_ua = 37\npulse_ns = 150\n\n[reset]\ncurrent_ua = 73\npulse_ns = 40\n"
        );
        let e = errors(&pcm);
        assert!(
            e.contains(
                "access.width_f = 2: a cross-point cell (type = \"none\") has no access device"
            ),
            "{e}"
        );
        let e = errors(&pcm.replace("type = \"none\"\nwidth_f = 2", "type = \"diode\""));
        assert!(e.contains("access.voltage_drop_v: missing"), "{e}");
        let e = errors(&pcm.replace("type = \"none\"\n", ""));
        assert!(
            e.contains("access.type: missing; add `type = \"cmos\"`"),
            "{e}"
        );
        let e = errors(&pcm.replace("type = \"none\"\nwidth_f = 2", "type = \"cmos\""));
        assert!(e.contains("access.width_f: missing"), "{e}");
        let e = errors(&replace_table(&pcm, "reset", ""));
        assert!(
            e.contains("reset: missing; kind = \"pcm\" needs the table [reset]"),
            "{e}"
        );
        let e = errors(&pcm.replace("r_off_ohm = 1000000", "r_off_ohm = 10000"));
        assert!(
            e.contains("resistance.r_off_ohm = 10000: must be larger than r_on_ohm (10000)"),
            "{e}"
        );
    }
}
