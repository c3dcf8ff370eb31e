//! The one table of cell keys ([`CELL_KEYS`]): every key a raw cell may hold, with its unit, what
//! it accepts, the memory kinds that have it, whether it must be given, and what it means.
//!
//! A key path is `key` (top level) or `table.key`; the table names group a kind's keys as a cell
//! preset file groups them in `[sections]`. Everything that lists cell keys reads this table: the
//! check that turns a raw cell into a [`super::CellSpec`] (ranges, words, which tables a kind
//! has), the unit and accepted-values columns of the page's cell editor ([`key_unit`],
//! [`accepted_range`], [`accepted_words`]) and the unknown-key messages ("accepted keys here").
//! The rules that tie keys together (exactly one area, a drive per pulse, the access device's
//! keys, high above low resistance) are the check's, and [`Presence::Rule`] says each in words.

use super::ReadMode;
use crate::circuit::metrics::MemoryKind;
use crate::circuit::metrics::MemoryKind::{Fefet, Pcm, Reram, SotMram, Sram, SttMram};

/// Most characters of a cell's `name` or `source` (a share link carries both).
pub const MAX_TEXT_CHARS: usize = 2000;

/// What a key accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Accepts {
    /// A finite number from the first to the second bound, both included, in the key's unit.
    Range(f64, f64),
    /// One word of a fixed list.
    Words(Words),
    /// Free text; `Some(n)`: at most `n` characters.
    Text(Option<usize>),
    /// A snake_case id (`stt_16nm`).
    Id,
}

/// The fixed word lists of text keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    /// The technology families ([`MemoryKind::ALL`]).
    Kind,
    /// How a cell is read ([`READ_MODES`]).
    ReadMode,
    /// The access device ([`ACCESS_TYPES`]).
    AccessType,
}

impl Words {
    /// The accepted words, in the order messages list them.
    pub fn list(self) -> Vec<&'static str> {
        match self {
            Words::Kind => MemoryKind::ALL.iter().map(|(w, _)| *w).collect(),
            Words::ReadMode => READ_MODES.iter().map(|(w, _)| *w).collect(),
            Words::AccessType => ACCESS_TYPES.to_vec(),
        }
    }
}

/// Whether a key must be given (for a kind that has it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always.
    Required,
    /// Never; left out, the cell has no such value (or the rule in the key's description).
    Optional,
    /// Depending on other keys, as the text says.
    Rule(&'static str),
}

/// One key of a raw cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellKey {
    /// `key` or `table.key`.
    pub path: &'static str,
    /// The unit of a number (`Ω`), `""` for ratios, words and text.
    pub unit: &'static str,
    /// What it accepts.
    pub accepts: Accepts,
    /// The memory kinds that have it.
    pub kinds: &'static [MemoryKind],
    /// Whether it must be given.
    pub presence: Presence,
    /// What it is, in a few words.
    pub about: &'static str,
}

impl CellKey {
    /// The table part of the path (`read` of `read.mode`); `None` at top level.
    pub fn table(&self) -> Option<&'static str> {
        self.path.split_once('.').map(|(t, _)| t)
    }

    /// The key within its table (`mode` of `read.mode`).
    pub fn leaf(&self) -> &'static str {
        self.path.split_once('.').map_or(self.path, |(_, k)| k)
    }
}

/// The words of `read.mode`.
pub const READ_MODES: [(&str, ReadMode); 2] = [
    ("current", ReadMode::Current),
    ("voltage", ReadMode::Voltage),
];

/// The words of `access.type`: a CMOS transistor (1T1R), a diode (1D1R), none (cross-point).
pub const ACCESS_TYPES: [&str; 3] = ["cmos", "diode", "none"];

const ALL: &[MemoryKind] = &[Sram, SttMram, SotMram, Reram, Pcm, Fefet];
const MRAM: &[MemoryKind] = &[SttMram, SotMram];
const RESISTIVE: &[MemoryKind] = &[Reram, Pcm];
const WITH_ACCESS: &[MemoryKind] = &[SttMram, Reram, Pcm];
const READ: &[MemoryKind] = &[SttMram, SotMram, Reram, Pcm, Fefet];
const WRITE: &[MemoryKind] = &[SttMram, SotMram, Fefet];

const WIDTH_F: Accepts = Accepts::Range(0.5, 100.0);
const MTJ_OHM: Accepts = Accepts::Range(100.0, 1e6);
const RESISTIVE_OHM: Accepts = Accepts::Range(10.0, 1e10);
const FEFET_OHM: Accepts = Accepts::Range(100.0, 1e12);
const WRITE_V: Accepts = Accepts::Range(0.01, 10.0);
const CURRENT_UA: Accepts = Accepts::Range(0.01, 10_000.0);
const PULSE_NS: Accepts = Accepts::Range(0.01, 10_000.0);
const ENERGY_PJ: Accepts = Accepts::Range(1e-6, 1000.0);

const F: &str = "F (feature size)";
const ONE_DRIVE: Presence = Presence::Rule("exactly one of current_ua / voltage_v");

const fn key(
    path: &'static str,
    unit: &'static str,
    accepts: Accepts,
    kinds: &'static [MemoryKind],
    presence: Presence,
    about: &'static str,
) -> CellKey {
    CellKey {
        path,
        unit,
        accepts,
        kinds,
        presence,
        about,
    }
}

/// Every cell key, top-level keys first, then each table in the order a kind lists its tables.
#[rustfmt::skip]
pub const CELL_KEYS: &[CellKey] = &[
    key("id", "", Accepts::Id, ALL, Presence::Required,
        "the preset id, equal to the file name without .toml"),
    key("name", "", Accepts::Text(Some(MAX_TEXT_CHARS)), ALL, Presence::Required,
        "the name shown to people"),
    key("kind", "", Accepts::Words(Words::Kind), ALL, Presence::Required,
        "the technology family"),
    key("source", "", Accepts::Text(Some(MAX_TEXT_CHARS)), ALL, Presence::Required,
        "the papers every number comes from"),
    key("notes", "", Accepts::Text(None), ALL, Presence::Optional,
        "caveats and assumptions"),
    key("derivation", "", Accepts::Text(None), ALL, Presence::Optional,
        "the arithmetic behind inferred numbers (kept in the cell's notes)"),
    key("node_nm", "nm", Accepts::Range(1.0, 1000.0), ALL,
        Presence::Rule("required with cell_area_um2"),
        "the node the cell was characterised at"),
    key("cell_area_f2", "F²", Accepts::Range(1.0, 1000.0), ALL,
        Presence::Rule("exactly one of cell_area_f2 / cell_area_um2"),
        "footprint in F² of the node it is built in (scales with the node)"),
    key("cell_area_um2", "µm²", Accepts::Range(0.001, 10.0), ALL,
        Presence::Rule("exactly one of cell_area_f2 / cell_area_um2"),
        "drawn footprint at node_nm (does not scale)"),
    key("aspect_ratio", "", Accepts::Range(0.05, 20.0), ALL, Presence::Required,
        "height / width of the footprint"),
    // 6T SRAM.
    key("sram.access_width_f", F, WIDTH_F, &[Sram], Presence::Required,
        "pass-gate transistor width"),
    key("sram.nmos_width_f", F, WIDTH_F, &[Sram], Presence::Required,
        "pull-down NMOS width"),
    key("sram.pmos_width_f", F, WIDTH_F, &[Sram], Presence::Required,
        "pull-up PMOS width"),
    // The MTJ of STT- and SOT-MRAM.
    key("mtj.r_parallel_ohm", "Ω", MTJ_OHM, MRAM, Presence::Required,
        "MTJ resistance in the parallel (low) state"),
    key("mtj.r_antiparallel_ohm", "Ω", MTJ_OHM, MRAM, Presence::Required,
        "MTJ resistance in the antiparallel (high) state, above r_parallel_ohm"),
    // SOT-MRAM's two transistors and heavy-metal line.
    key("sot.read_access_width_f", F, WIDTH_F, &[SotMram], Presence::Required,
        "read transistor width"),
    key("sot.write_access_width_f", F, WIDTH_F, &[SotMram], Presence::Required,
        "write transistor width"),
    key("sot.heavy_metal_ohm", "Ω", Accepts::Range(1.0, 1e5), &[SotMram], Presence::Required,
        "resistance of the heavy-metal line under the MTJ"),
    // ReRAM and PCM.
    key("resistance.r_on_ohm", "Ω", RESISTIVE_OHM, RESISTIVE, Presence::Required,
        "low-resistance state at the read bias"),
    key("resistance.r_off_ohm", "Ω", RESISTIVE_OHM, RESISTIVE, Presence::Required,
        "high-resistance state at the read bias, above r_on_ohm"),
    // FeFET.
    key("fefet.width_f", F, WIDTH_F, &[Fefet], Presence::Required,
        "FeFET width"),
    key("fefet.r_on_ohm", "Ω", FEFET_OHM, &[Fefet], Presence::Required,
        "channel resistance at the read bias, low-V_th state"),
    key("fefet.r_off_ohm", "Ω", FEFET_OHM, &[Fefet], Presence::Required,
        "channel resistance at the read bias, high-V_th state, above r_on_ohm"),
    // The access device of STT-MRAM (always CMOS), ReRAM and PCM.
    key("access.type", "", Accepts::Words(Words::AccessType), WITH_ACCESS,
        Presence::Rule("required for ReRAM and PCM; STT-MRAM: cmos, may be left out"),
        "the access device: a CMOS transistor, a diode, or none (cross-point)"),
    key("access.width_f", F, WIDTH_F, WITH_ACCESS,
        Presence::Rule("required for type = cmos, refused otherwise"),
        "access transistor width"),
    key("access.voltage_drop_v", "V", Accepts::Range(0.0, 5.0), WITH_ACCESS,
        Presence::Rule("optional for cmos (0 V), required for a diode, refused for none"),
        "voltage lost across the access device while writing"),
    // How a non-volatile cell is read.
    key("read.mode", "", Accepts::Words(Words::ReadMode), READ, Presence::Required,
        "current: a voltage is applied and the current sensed; voltage: the reverse"),
    key("read.voltage_v", "V", Accepts::Range(0.01, 5.0), READ,
        Presence::Rule("required for mode = current; mode = voltage needs it or current_ua"),
        "read voltage across the cell"),
    key("read.current_ua", "µA", CURRENT_UA, READ,
        Presence::Rule("mode = voltage needs it or voltage_v"),
        "read current forced through the cell"),
    key("read.power_uw", "µW", Accepts::Range(1e-6, 1e5), READ, Presence::Optional,
        "read power of one sensed cell, where the source gives it"),
    key("read.energy_pj", "pJ", ENERGY_PJ, READ, Presence::Optional,
        "read energy of one cell, where the source gives it"),
    key("read.min_sense_mv", "mV", Accepts::Range(1.0, 1000.0), READ, Presence::Required,
        "smallest voltage difference the sense amplifier resolves"),
    key("read.sense_latency_ns", "ns", Accepts::Range(0.01, 100.0), READ, Presence::Optional,
        "sense-amplifier delay from a circuit simulation (replaces the model's)"),
    key("read.sense_energy_fj", "fJ", Accepts::Range(0.01, 1e5), READ, Presence::Optional,
        "sense-amplifier energy per sensed bit from a circuit simulation (replaces the model's)"),
    // The one switching pulse of MRAM and FeFET cells.
    key("write.current_ua", "µA", CURRENT_UA, MRAM, ONE_DRIVE,
        "write current (a FeFET is written by voltage only)"),
    key("write.voltage_v", "V", WRITE_V, WRITE, ONE_DRIVE,
        "write voltage"),
    key("write.pulse_ns", "ns", PULSE_NS, WRITE, Presence::Required,
        "write pulse width"),
    key("write.energy_pj", "pJ", ENERGY_PJ, WRITE, Presence::Optional,
        "energy per written bit, where the source gives it (else derived)"),
    // SET (to low resistance) and RESET (to high resistance) of ReRAM and PCM.
    key("set.current_ua", "µA", CURRENT_UA, RESISTIVE, ONE_DRIVE,
        "SET current"),
    key("set.voltage_v", "V", WRITE_V, RESISTIVE, ONE_DRIVE,
        "SET voltage"),
    key("set.pulse_ns", "ns", PULSE_NS, RESISTIVE, Presence::Required,
        "SET pulse width"),
    key("set.energy_pj", "pJ", ENERGY_PJ, RESISTIVE, Presence::Optional,
        "energy per SET bit, where the source gives it (else derived)"),
    key("reset.current_ua", "µA", CURRENT_UA, RESISTIVE, ONE_DRIVE,
        "RESET current"),
    key("reset.voltage_v", "V", WRITE_V, RESISTIVE, ONE_DRIVE,
        "RESET voltage"),
    key("reset.pulse_ns", "ns", PULSE_NS, RESISTIVE, Presence::Required,
        "RESET pulse width"),
    key("reset.energy_pj", "pJ", ENERGY_PJ, RESISTIVE, Presence::Optional,
        "energy per RESET bit, where the source gives it (else derived)"),
];

/// The table's entry for `path`.
pub fn cell_key(path: &str) -> Option<&'static CellKey> {
    CELL_KEYS.iter().find(|k| k.path == path)
}

/// The unit a cell key is written in (`read.voltage_v` → `V`); `""` for ratios, words, text and
/// unknown paths.
pub fn key_unit(path: &str) -> &'static str {
    cell_key(path).map_or("", |k| k.unit)
}

/// The range a number key accepts (`read.voltage_v` → 0.01–5); `None` for text keys and unknown
/// paths.
pub fn accepted_range(path: &str) -> Option<(f64, f64)> {
    match cell_key(path)?.accepts {
        Accepts::Range(lo, hi) => Some((lo, hi)),
        _ => None,
    }
}

/// The words a text key accepts (`read.mode` → current, voltage); `None` for free text, numbers
/// and unknown paths.
pub fn accepted_words(path: &str) -> Option<Vec<&'static str>> {
    match cell_key(path)?.accepts {
        Accepts::Words(w) => Some(w.list()),
        _ => None,
    }
}

/// Every table name, in the table's order.
pub fn tables() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for t in CELL_KEYS.iter().filter_map(CellKey::table) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The tables a kind has (all required, the only ones it accepts), in the table's order.
pub fn tables_of(kind: MemoryKind) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for k in CELL_KEYS.iter().filter(|k| k.kinds.contains(&kind)) {
        if let Some(t) = k.table() {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The keys (leaf names, sorted) that `table` holds for `kind`; `table` `""` for the top level.
pub fn keys_of(table: &str, kind: MemoryKind) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = CELL_KEYS
        .iter()
        .filter(|k| k.kinds.contains(&kind) && k.table().unwrap_or("") == table)
        .map(CellKey::leaf)
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_well_formed() {
        for (i, k) in CELL_KEYS.iter().enumerate() {
            assert!(
                CELL_KEYS[..i].iter().all(|o| o.path != k.path),
                "{} twice",
                k.path
            );
            assert!(k.path.split('.').count() <= 2, "{}", k.path);
            assert!(!k.kinds.is_empty() && !k.about.is_empty(), "{}", k.path);
            if let Accepts::Range(lo, hi) = k.accepts {
                assert!(lo.is_finite() && hi.is_finite() && lo < hi, "{}", k.path);
            }
        }
    }

    #[test]
    fn every_kind_has_its_tables_in_order() {
        assert_eq!(tables_of(Sram), ["sram"]);
        assert_eq!(tables_of(SttMram), ["mtj", "access", "read", "write"]);
        assert_eq!(tables_of(SotMram), ["mtj", "sot", "read", "write"]);
        assert_eq!(
            tables_of(Reram),
            ["resistance", "access", "read", "set", "reset"]
        );
        assert_eq!(tables_of(Pcm), tables_of(Reram));
        assert_eq!(tables_of(Fefet), ["fefet", "read", "write"]);
        assert_eq!(tables().len(), 10);
    }

    #[test]
    fn units_ranges_and_words_come_from_the_table() {
        assert_eq!(key_unit("read.min_sense_mv"), "mV");
        assert_eq!(key_unit("read.voltage_v"), "V");
        assert_eq!(key_unit("access.voltage_drop_v"), "V");
        assert_eq!(key_unit("sram.nmos_width_f"), "F (feature size)");
        assert_eq!(key_unit("cell_area_f2"), "F²");
        assert_eq!(key_unit("aspect_ratio"), "");
        assert_eq!(key_unit("nope"), "");
        assert_eq!(accepted_range("read.voltage_v"), Some((0.01, 5.0)));
        assert_eq!(accepted_range("write.voltage_v"), Some((0.01, 10.0)));
        assert_eq!(accepted_range("fefet.r_off_ohm"), Some((100.0, 1e12)));
        assert_eq!(accepted_range("name"), None);
        assert_eq!(
            accepted_words("read.mode"),
            Some(vec!["current", "voltage"])
        );
        assert_eq!(
            accepted_words("kind").map(|w| w.len()),
            Some(MemoryKind::ALL.len())
        );
        assert_eq!(accepted_words("access.type"), Some(ACCESS_TYPES.to_vec()));
        assert_eq!(accepted_words("read.voltage_v"), None);
        assert_eq!(
            keys_of("write", Fefet),
            ["energy_pj", "pulse_ns", "voltage_v"]
        );
        assert_eq!(
            keys_of("write", SttMram),
            ["current_ua", "energy_pj", "pulse_ns", "voltage_v"]
        );
    }

    #[test]
    fn every_number_key_has_a_unit_or_is_a_ratio() {
        for k in CELL_KEYS {
            if matches!(k.accepts, Accepts::Range(..)) {
                assert!(!k.unit.is_empty() || k.path == "aspect_ratio", "{}", k.path);
            } else {
                assert!(k.unit.is_empty(), "{}", k.path);
            }
        }
    }
}
