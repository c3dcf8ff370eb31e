//! Import of an NVSim memory-cell file (`.cell`, already parsed by [`crate::nvsim::format`]) as a
//! [`CellSpec`].
//!
//! | `-MemCellType` | becomes |
//! |---|---|
//! | `SRAM` | [`CellDevice::Sram`] |
//! | `MRAM` | [`CellDevice::Stt`] (NVSim's MRAM is STT-MRAM, 1T-1MTJ) |
//! | `PCRAM` | [`CellDevice::Resistive`], kind [`MemoryKind::Pcm`] |
//! | `memristor` | [`CellDevice::Resistive`], kind [`MemoryKind::Reram`] |
//! | `DRAM`, `eDRAM`, `FBRAM`, `SLCNAND`, `MLCNAND` | refused: nvmcalc has no cell model for them |
//!
//! Where a key is absent, NVSim's own default is used when it is a usable value, and the cell's
//! `notes` say so. NVSim's defaults (`MemCell::MemCell()` in SEAL-UCSB/NVSim `MemCell.cpp`):
//! `-ReadMode`, `-ResetMode`, `-SetMode`: `voltage`; `-MinSenseVoltage`: 80 mV
//! (`minSenseVoltage = 0.08` V — not 20 mV); `-VoltageDropAccessDevice`: 0 V; `-AccessType`: CMOS;
//! `-SRAMCellNMOSWidth`: 2.08 F and `-SRAMCellPMOSWidth`: 1.23 F (CACTI's 6T cell). NVSim's other
//! defaults are zero, which no circuit can use (a zero access width, resistance, write current or
//! pulse), so those keys are required here and their absence is an error naming the key.
//!
//! Choices where NVSim's file says more or other than a [`CellSpec`] holds:
//! - on/off resistances: `-ResistanceOnAtReadVoltage` / `-ResistanceOffAtReadVoltage` when given
//!   (the resistance the sense amplifier sees; NVSim also uses them as the cell's on/off
//!   resistance), else `-ResistanceOn` / `-ResistanceOff`;
//! - a read voltage or current of 0 means "not given", as in NVSim;
//! - an MRAM cell has one switching pulse: the RESET pulse; if the SET pulse differs, the larger
//!   drive, the longer pulse and the larger energy are kept and the notes say so;
//! - a BJT access device is imported as a two-terminal selector ([`Access::Diode`]) with the
//!   file's `-VoltageDropAccessDevice`;
//! - keys the cell model has no use for (capacitances, the other bias resistances, wordline boost,
//!   access-device leakage, `-ReadFloating`, SOI width, gate-oxide factor) are listed in the notes;
//! - `-ProcessNode` becomes `node_nm`; NVSim's scaling of resistances and currents to another node
//!   is not applied here (the array model decides what to do with a cell from another node).
//!
//! The converted cell then goes through the check every cell passes
//! ([`crate::circuit::cell::check_cell`]), so an imported cell meets the same ranges and rules as
//! a cell preset file; a value outside them is named by its cell key (`read.voltage_v = 7: must
//! be a finite number from 0.01 to 5`). A cross-point cell (`-AccessType: None`) takes no
//! `-VoltageDropAccessDevice`, as a preset's `type = "none"` takes no `voltage_drop_v`.

use thiserror::Error;

use crate::circuit::cell::{
    check_cell, Access, CellArea, CellDevice, CellSpec, Drive, IdRule, Mtj, Pulse, RawCell, Read,
    ReadMode,
};
use crate::circuit::metrics::MemoryKind;
use crate::input::PresetError;
use crate::nvsim::format::{AccessType, DriveMode, MemCellType, NvsimCell, WritePulse};

/// NVSim's default smallest sense voltage (`minSenseVoltage = 0.08` V in `MemCell.cpp`), mV.
pub const NVSIM_DEFAULT_MIN_SENSE_MV: f64 = 80.0;
/// NVSim's default SRAM pull-down width (CACTI's 6T cell), F.
pub const NVSIM_DEFAULT_SRAM_NMOS_WIDTH_F: f64 = 2.08;
/// NVSim's default SRAM pull-up width (CACTI's 6T cell), F.
pub const NVSIM_DEFAULT_SRAM_PMOS_WIDTH_F: f64 = 1.23;

/// Why an NVSim cell file cannot become a [`CellSpec`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NvsimCellError {
    /// A cell type nvmcalc has no model for.
    #[error(
        "{file}: -MemCellType = {cell_type}: nvmcalc has no cell model for this type; supported: \
         SRAM (6T SRAM), MRAM (STT-MRAM 1T-1MTJ), PCRAM (phase-change) and memristor (ReRAM); \
         DRAM, eDRAM, FBRAM, SLCNAND and MLCNAND cells cannot be imported"
    )]
    UnsupportedType {
        /// The cell file, as named by the caller.
        file: String,
        /// The `-MemCellType` written in it.
        cell_type: MemCellType,
    },
    /// Values that are missing or unusable; each problem names its NVSim key and what is accepted.
    #[error("{}", list(file, problems))]
    Values {
        /// The cell file, as named by the caller.
        file: String,
        /// One line per problem: `-ResetPulse (ns): missing; …`.
        problems: Vec<String>,
    },
}

fn list(file: &str, problems: &[String]) -> String {
    match problems {
        [one] => format!("{file}: {one}"),
        many => {
            let mut s = format!("{} problems in NVSim cell file {file}:", many.len());
            for p in many {
                s.push_str(&format!("\n  {file}: {p}"));
            }
            s
        }
    }
}

/// Converts a parsed NVSim cell file into a [`CellSpec`]. `id` names the file (`sample_STTRAM.cell`
/// or a path); it becomes the spec's id and appears in its name, source and every error.
pub fn cell_from_nvsim(id: &str, cell: &NvsimCell) -> Result<CellSpec, NvsimCellError> {
    let kind = match cell.mem_cell_type {
        MemCellType::Sram => MemoryKind::Sram,
        MemCellType::Mram => MemoryKind::SttMram,
        MemCellType::Pcram => MemoryKind::Pcm,
        MemCellType::Memristor => MemoryKind::Reram,
        other => {
            return Err(NvsimCellError::UnsupportedType {
                file: id.to_string(),
                cell_type: other,
            })
        }
    };
    let mut c = Converter {
        cell,
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let device = match kind {
        MemoryKind::Sram => c.sram(),
        MemoryKind::SttMram => c.stt(),
        _ => c.resistive(),
    };
    c.note_unused();
    let spec = match device {
        Some(device) if c.problems.is_empty() => CellSpec {
            id: id.to_string(),
            name: format!("NVSim cell {}", stem(id)),
            kind,
            source: format!("NVSim cell file {id}"),
            notes: (!c.notes.is_empty()).then(|| c.notes.join(" ")),
            node_nm: cell.process_node_nm.map(f64::from),
            area: CellArea::F2(cell.cell_area_f2),
            aspect_ratio: cell.cell_aspect_ratio,
            device,
        },
        _ => {
            return Err(NvsimCellError::Values {
                file: id.to_string(),
                problems: c.problems,
            })
        }
    };
    // The check every cell passes, so that an imported cell meets the ranges of a preset file.
    check_cell(id, &RawCell::of(&spec), IdRule::AsGiven).map_err(|e| NvsimCellError::Values {
        file: id.to_string(),
        problems: e.0.iter().map(converted_problem).collect(),
    })
}

/// A problem of the converted cell, named by its cell key (`read.voltage_v = 7: must be …`).
fn converted_problem(p: &PresetError) -> String {
    let value = if p.value.is_empty() {
        String::new()
    } else {
        format!(" = {}", p.value)
    };
    format!(
        "converted to nvmcalc's cell keys, {}{value}: {}",
        p.field, p.problem
    )
}

/// The file name without folders and its extension (`configs/sample_STTRAM.cell` →
/// `sample_STTRAM`).
fn stem(id: &str) -> &str {
    let name = id.rsplit(['/', '\\']).next().unwrap_or(id);
    name.strip_suffix(".cell").unwrap_or(name)
}

/// Rounds to 12 significant digits, so that unit round trips (`10 ns` → s → ns) give back the
/// number written in the file.
fn tidy(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

#[derive(Clone, Copy)]
enum Which {
    Set,
    Reset,
}

impl Which {
    fn word(self) -> &'static str {
        match self {
            Which::Set => "Set",
            Which::Reset => "Reset",
        }
    }

    fn upper(self) -> &'static str {
        match self {
            Which::Set => "SET",
            Which::Reset => "RESET",
        }
    }
}

struct Converter<'a> {
    cell: &'a NvsimCell,
    problems: Vec<String>,
    notes: Vec<String>,
}

impl Converter<'_> {
    fn missing(&mut self, key: &str, needed: &str) {
        self.problems.push(format!("{key}: missing; {needed}"));
    }

    fn sram(&mut self) -> Option<CellDevice> {
        let cell = self.cell;
        if cell.access_type != AccessType::Cmos {
            self.problems.push(format!(
                "-AccessType = {}: a 6T SRAM cell is reached through CMOS pass gates; write \
                 `-AccessType: CMOS` (or leave the line out)",
                cell.access_type
            ));
        }
        let access = cell.access_cmos_width_f;
        if access.is_none() && cell.access_type == AccessType::Cmos {
            self.missing(
                "-AccessCMOSWidth (F)",
                "an SRAM cell needs its pass-gate width in F (NVSim's default, 0, is no \
                 transistor); CACTI's 6T cell uses `-AccessCMOSWidth (F): 1.31`",
            );
        }
        let nmos = cell.sram_cell_nmos_width_f.unwrap_or_else(|| {
            self.notes.push(format!(
                "-SRAMCellNMOSWidth not given: NVSim's default {NVSIM_DEFAULT_SRAM_NMOS_WIDTH_F} F."
            ));
            NVSIM_DEFAULT_SRAM_NMOS_WIDTH_F
        });
        let pmos = cell.sram_cell_pmos_width_f.unwrap_or_else(|| {
            self.notes.push(format!(
                "-SRAMCellPMOSWidth not given: NVSim's default {NVSIM_DEFAULT_SRAM_PMOS_WIDTH_F} F."
            ));
            NVSIM_DEFAULT_SRAM_PMOS_WIDTH_F
        });
        Some(CellDevice::Sram {
            access_width_f: access?,
            nmos_width_f: nmos,
            pmos_width_f: pmos,
        })
    }

    fn stt(&mut self) -> Option<CellDevice> {
        let cell = self.cell;
        let resistances = self.resistances("an MRAM cell");
        let access_width = match cell.access_type {
            AccessType::Cmos => {
                if cell.access_cmos_width_f.is_none() {
                    self.missing(
                        "-AccessCMOSWidth (F)",
                        "an MRAM (1T-1MTJ) cell needs its access-transistor width in F, like \
                         `-AccessCMOSWidth (F): 8`",
                    );
                }
                cell.access_cmos_width_f
            }
            other => {
                self.problems.push(format!(
                    "-AccessType = {other}: nvmcalc's STT-MRAM cell is 1T-1MTJ with a CMOS access \
                     transistor; write `-AccessType: CMOS` and `-AccessCMOSWidth (F): …`"
                ));
                None
            }
        };
        let drop = self.access_drop();
        let read = self.read();
        let write = self.mram_write();
        let (r_parallel_ohm, r_antiparallel_ohm) = resistances?;
        Some(CellDevice::Stt {
            mtj: Mtj {
                r_parallel_ohm,
                r_antiparallel_ohm,
            },
            access_width_f: access_width?,
            access_voltage_drop_v: drop,
            read: read?,
            write: write?,
        })
    }

    fn resistive(&mut self) -> Option<CellDevice> {
        let cell = self.cell;
        let what = match cell.mem_cell_type {
            MemCellType::Pcram => "a PCRAM cell",
            _ => "a memristor cell",
        };
        let resistances = self.resistances(what);
        let drop = self.access_drop();
        let access = match cell.access_type {
            AccessType::Cmos => match cell.access_cmos_width_f {
                Some(width_f) => Some(Access::Cmos { width_f }),
                None => {
                    self.missing(
                        "-AccessCMOSWidth (F)",
                        &format!(
                            "{what} with `-AccessType: CMOS` (NVSim's default access) needs the \
                             transistor width in F, like `-AccessCMOSWidth (F): 2`; or write \
                             `-AccessType: None` for a cross-point cell"
                        ),
                    );
                    None
                }
            },
            AccessType::Diode => Some(Access::Diode {
                voltage_drop_v: drop,
            }),
            AccessType::Bjt => {
                self.notes.push(format!(
                    "BJT access imported as a two-terminal selector with a {drop} V drop."
                ));
                Some(Access::Diode {
                    voltage_drop_v: drop,
                })
            }
            AccessType::None => Some(Access::None),
        };
        let read = self.read();
        let set = self.pulse(Which::Set);
        let reset = self.pulse(Which::Reset);
        let (r_on_ohm, r_off_ohm) = resistances?;
        Some(CellDevice::Resistive {
            r_on_ohm,
            r_off_ohm,
            access: access?,
            access_voltage_drop_v: drop,
            read: read?,
            set: set?,
            reset: reset?,
        })
    }

    /// The low and high resistance at the read bias.
    fn resistances(&mut self, what: &str) -> Option<(f64, f64)> {
        let cell = self.cell;
        let bias = &cell.bias_resistances;
        let on = bias.on_at_read_voltage_ohm.or(cell.resistance_on_ohm);
        let off = bias.off_at_read_voltage_ohm.or(cell.resistance_off_ohm);
        if on.is_none() {
            self.missing(
                "-ResistanceOn (ohm)",
                &format!(
                    "{what} needs its low resistance, `-ResistanceOn (ohm): …` or \
                     `-ResistanceOnAtReadVoltage (ohm): …`"
                ),
            );
        }
        if off.is_none() {
            self.missing(
                "-ResistanceOff (ohm)",
                &format!(
                    "{what} needs its high resistance, `-ResistanceOff (ohm): …` or \
                     `-ResistanceOffAtReadVoltage (ohm): …`"
                ),
            );
        }
        let (on, off) = (on?, off?);
        if off <= on {
            let key = if bias.off_at_read_voltage_ohm.is_some() {
                "-ResistanceOffAtReadVoltage (ohm)"
            } else {
                "-ResistanceOff (ohm)"
            };
            self.problems.push(format!(
                "{key} = {off}: must be larger than the on-resistance ({on} ohm)"
            ));
            return None;
        }
        Some((on, off))
    }

    /// `-VoltageDropAccessDevice`, NVSim's default 0 V when absent.
    fn access_drop(&mut self) -> f64 {
        self.cell.voltage_drop_access_device_v.unwrap_or(0.0)
    }

    fn read(&mut self) -> Option<Read> {
        let cell = self.cell;
        let voltage_v = cell.read_voltage_v.filter(|v| *v > 0.0);
        let current_ua = cell.read_current_ua.filter(|i| *i > 0.0);
        let mode = match cell.read_mode {
            DriveMode::Current => ReadMode::Current,
            DriveMode::Voltage => ReadMode::Voltage,
        };
        let ok = match mode {
            ReadMode::Current if voltage_v.is_none() => {
                self.missing(
                    "-ReadVoltage (V)",
                    "current sensing (`-ReadMode: current`) applies a read voltage; write \
                     `-ReadVoltage (V): …` (> 0)",
                );
                false
            }
            ReadMode::Voltage if voltage_v.is_none() && current_ua.is_none() => {
                self.missing(
                    "-ReadCurrent (uA)",
                    "voltage sensing (`-ReadMode: voltage`, NVSim's default) needs a read current \
                     `-ReadCurrent (uA): …` or, for voltage-divider sensing, `-ReadVoltage (V): …`",
                );
                false
            }
            _ => true,
        };
        let min_sense_mv = cell.min_sense_voltage_mv.unwrap_or_else(|| {
            self.notes.push(format!(
                "-MinSenseVoltage not given: NVSim's default {NVSIM_DEFAULT_MIN_SENSE_MV} mV."
            ));
            NVSIM_DEFAULT_MIN_SENSE_MV
        });
        ok.then(|| Read {
            mode,
            voltage_v,
            current_ua,
            power_uw: cell.read_power.map(|p| tidy(p.uw())),
            energy_pj: cell.read_energy.map(|e| tidy(e.pj())),
            min_sense_mv,
            sense_latency_ns: None,
            sense_energy_fj: None,
        })
    }

    /// One SET or RESET pulse; every missing value is recorded.
    fn pulse(&mut self, which: Which) -> Option<Pulse> {
        let p = self.pulse_keys(which);
        let w = which.word();
        let drive = match p.mode {
            DriveMode::Current => match p.current_ua {
                Some(current_ua) if current_ua > 0.0 => Some(Drive::Current { current_ua }),
                Some(_) => {
                    self.problems.push(format!(
                        "-{w}Current (uA) = 0: a current-mode {} needs a current > 0",
                        which.upper()
                    ));
                    None
                }
                None => {
                    self.missing(
                        &format!("-{w}Current (uA)"),
                        &format!(
                            "a current-mode {} (`-{w}Mode: current`) needs its current, like \
                             `-{w}Current (uA): 80`",
                            which.upper()
                        ),
                    );
                    None
                }
            },
            DriveMode::Voltage => match p.voltage_v {
                Some(voltage_v) if voltage_v > 0.0 => Some(Drive::Voltage { voltage_v }),
                Some(_) => {
                    self.problems.push(format!(
                        "-{w}Voltage (V) = 0: a voltage-mode {} needs a voltage > 0",
                        which.upper()
                    ));
                    None
                }
                None => {
                    self.missing(
                        &format!("-{w}Voltage (V)"),
                        &format!(
                            "a voltage-mode {} (`-{w}Mode: voltage`, NVSim's default) needs its \
                             voltage, like `-{w}Voltage (V): 2`; or write `-{w}Mode: current` and \
                             `-{w}Current (uA): …`",
                            which.upper()
                        ),
                    );
                    None
                }
            },
        };
        let pulse_ns = match p.pulse.map(|t| tidy(t.ns())) {
            Some(ns) if ns > 0.0 => Some(ns),
            Some(_) => {
                self.problems.push(format!(
                    "-{w}Pulse (ns) = 0: the {} pulse width must be > 0",
                    which.upper()
                ));
                None
            }
            None => {
                self.missing(
                    &format!("-{w}Pulse (ns)"),
                    &format!(
                        "every {} needs its pulse width, like `-{w}Pulse (ns): 10`",
                        which.upper()
                    ),
                );
                None
            }
        };
        Some(Pulse {
            drive: drive?,
            pulse_ns: pulse_ns?,
            energy_pj: p.energy.map(|e| tidy(e.pj())),
        })
    }

    fn pulse_keys(&self, which: Which) -> WritePulse {
        match which {
            Which::Set => self.cell.set,
            Which::Reset => self.cell.reset,
        }
    }

    /// An MRAM cell's one switching pulse: RESET, or the worst of RESET and SET when they differ.
    fn mram_write(&mut self) -> Option<Pulse> {
        let set_keys = self.cell.set;
        let set_given = set_keys.voltage_v.is_some()
            || set_keys.current_ua.is_some()
            || set_keys.pulse.is_some()
            || set_keys.energy.is_some();
        let reset = self.pulse(Which::Reset);
        if !set_given {
            self.notes.push(
                "No -Set… keys: the RESET pulse stands for both switching directions.".into(),
            );
            return reset;
        }
        let set = self.pulse(Which::Set);
        let (reset, set) = (reset?, set?);
        if reset == set {
            return Some(reset);
        }
        let drive = match (reset.drive, set.drive) {
            (Drive::Current { current_ua: a }, Drive::Current { current_ua: b }) => {
                Drive::Current {
                    current_ua: a.max(b),
                }
            }
            (Drive::Voltage { voltage_v: a }, Drive::Voltage { voltage_v: b }) => Drive::Voltage {
                voltage_v: a.max(b),
            },
            (reset_drive, _) => {
                self.notes.push(
                    "SET and RESET are driven in different modes; the RESET drive is kept.".into(),
                );
                reset_drive
            }
        };
        let energy_pj = match (reset.energy_pj, set.energy_pj) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let write = Pulse {
            drive,
            pulse_ns: reset.pulse_ns.max(set.pulse_ns),
            energy_pj,
        };
        self.notes.push(format!(
            "SET and RESET differ (RESET {}, SET {}); one MTJ switching pulse is modelled with the \
             larger drive, the longer pulse and the larger energy: {}.",
            describe(&reset),
            describe(&set),
            describe(&write)
        ));
        Some(write)
    }

    /// Notes the keys given in the file that the cell model does not use.
    fn note_unused(&mut self) {
        let cell = self.cell;
        let b = &cell.bias_resistances;
        let mut unused: Vec<&str> = Vec::new();
        for (given, key) in [
            (
                b.on_at_set_voltage_ohm.is_some(),
                "-ResistanceOnAtSetVoltage",
            ),
            (
                b.off_at_set_voltage_ohm.is_some(),
                "-ResistanceOffAtSetVoltage",
            ),
            (
                b.on_at_reset_voltage_ohm.is_some(),
                "-ResistanceOnAtResetVoltage",
            ),
            (
                b.off_at_reset_voltage_ohm.is_some(),
                "-ResistanceOffAtResetVoltage",
            ),
            (
                b.on_at_half_read_voltage_ohm.is_some(),
                "-ResistanceOnAtHalfReadVoltage",
            ),
            (
                b.off_at_half_read_voltage_ohm.is_some(),
                "-ResistanceOffAtHalfReadVoltage",
            ),
            (
                b.on_at_half_reset_voltage_ohm.is_some(),
                "-ResistanceOnAtHalfResetVoltage",
            ),
            (cell.capacitance_on_farad.is_some(), "-CapacitanceOn"),
            (cell.capacitance_off_farad.is_some(), "-CapacitanceOff"),
            (
                cell.gate_ox_thickness_factor.is_some(),
                "-GateOxThicknessFactor",
            ),
            (cell.soi_device_width_f.is_some(), "-SOIDeviceWidth"),
            (cell.wordline_boost_ratio.is_some(), "-WordlineBoostRatio"),
            (
                cell.leakage_current_access_device_ua.is_some(),
                "-LeakageCurrentAccessDevice",
            ),
            (cell.read_floating, "-ReadFloating"),
        ] {
            if given {
                unused.push(key);
            }
        }
        if cell.mem_cell_type == MemCellType::Sram {
            // An SRAM cell has no resistive read or write: everything of that kind is unused.
            let r = &cell.reset;
            let s = &cell.set;
            for (given, key) in [
                (cell.resistance_on_ohm.is_some(), "-ResistanceOn"),
                (cell.resistance_off_ohm.is_some(), "-ResistanceOff"),
                (cell.read_voltage_v.is_some(), "-ReadVoltage"),
                (cell.read_current_ua.is_some(), "-ReadCurrent"),
                (cell.read_power.is_some(), "-ReadPower"),
                (cell.read_energy.is_some(), "-ReadEnergy"),
                (cell.min_sense_voltage_mv.is_some(), "-MinSenseVoltage"),
                (
                    cell.voltage_drop_access_device_v.is_some(),
                    "-VoltageDropAccessDevice",
                ),
                (
                    r.voltage_v.is_some() || r.current_ua.is_some() || r.pulse.is_some(),
                    "-Reset…",
                ),
                (
                    s.voltage_v.is_some() || s.current_ua.is_some() || s.pulse.is_some(),
                    "-Set…",
                ),
            ] {
                if given {
                    unused.push(key);
                }
            }
        }
        if !unused.is_empty() {
            self.notes.push(format!(
                "Not used by nvmcalc's cell model: {}.",
                unused.join(", ")
            ));
        }
        if let Some(node) = cell.process_node_nm {
            self.notes.push(format!(
                "Characterised at {node} nm (-ProcessNode); NVSim's scaling of resistances and \
                 currents to another node is not applied on import."
            ));
        }
    }
}

fn describe(p: &Pulse) -> String {
    let drive = match p.drive {
        Drive::Current { current_ua } => format!("{current_ua} uA"),
        Drive::Voltage { voltage_v } => format!("{voltage_v} V"),
    };
    match p.energy_pj {
        Some(e) => format!("{drive}, {} ns, {e} pJ", p.pulse_ns),
        None => format!("{drive}, {} ns", p.pulse_ns),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;
    use crate::nvsim::format::parse_cell;

    fn convert(text: &str) -> Result<CellSpec, NvsimCellError> {
        let cell = parse_cell("t.cell", text).unwrap_or_else(|e| panic!("{e}"));
        cell_from_nvsim("t.cell", &cell)
    }

    fn error(text: &str) -> String {
        convert(text).unwrap_err().to_string()
    }

    /// Every `.cell` file shipped as NVSim test data, `(folder/name, text)`.
    fn shipped_cells() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/nvsim");
        let mut out = Vec::new();
        for folder in ["configs", "samples"] {
            let mut names: Vec<String> = fs::read_dir(root.join(folder))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.ends_with(".cell"))
                .collect();
            names.sort();
            for name in names {
                let text = fs::read_to_string(root.join(folder).join(&name)).unwrap();
                out.push((format!("{folder}/{name}"), text));
            }
        }
        out
    }

    fn sample(path: &str) -> CellSpec {
        let (name, text) = shipped_cells()
            .into_iter()
            .find(|(n, _)| n == path)
            .unwrap_or_else(|| panic!("{path} not shipped"));
        let cell = parse_cell(&name, &text).unwrap();
        cell_from_nvsim(&name, &cell).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_shipped_cell_file_converts_or_is_refused_by_type() {
        let cells = shipped_cells();
        assert!(cells.len() >= 11, "{}", cells.len());
        let mut refused = 0;
        for (name, text) in &cells {
            let cell = parse_cell(name, text).unwrap_or_else(|e| panic!("{e}"));
            match cell_from_nvsim(name, &cell) {
                Ok(spec) => {
                    assert_eq!(&spec.id, name);
                    assert_eq!(spec.source, format!("NVSim cell file {name}"));
                    assert!(spec.name.starts_with("NVSim cell "), "{}", spec.name);
                    assert!(!spec.name.contains(".cell") && !spec.name.contains('/'));
                }
                Err(e @ NvsimCellError::UnsupportedType { .. }) => {
                    assert_eq!(cell.mem_cell_type, MemCellType::SlcNand, "{e}");
                    let text = e.to_string();
                    assert!(text.starts_with(&format!("{name}: -MemCellType = SLCNAND: ")));
                    assert!(text.contains("supported: SRAM"), "{text}");
                    refused += 1;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(
            refused, 1,
            "only sample_SLCNAND.cell is of an unsupported type"
        );
    }

    #[test]
    fn sample_sttram_values() {
        let spec = sample("configs/sample_STTRAM.cell");
        assert_eq!(spec.name, "NVSim cell sample_STTRAM");
        assert_eq!(spec.kind, MemoryKind::SttMram);
        assert_eq!(spec.area, CellArea::F2(54.0));
        assert_eq!(spec.aspect_ratio, 0.54);
        assert_eq!(spec.node_nm, None);
        let CellDevice::Stt {
            mtj,
            access_width_f,
            access_voltage_drop_v,
            read,
            write,
        } = spec.device
        else {
            panic!("{:?}", spec.device)
        };
        assert_eq!(mtj.r_parallel_ohm, 3000.0);
        assert_eq!(mtj.r_antiparallel_ohm, 6000.0);
        assert_eq!(access_width_f, 8.0);
        assert_eq!(access_voltage_drop_v, 0.15);
        assert_eq!(
            read,
            Read {
                mode: ReadMode::Current,
                voltage_v: Some(0.25),
                current_ua: None,
                power_uw: Some(30.0),
                energy_pj: None,
                min_sense_mv: 25.0,
                sense_latency_ns: None,
                sense_energy_fj: None,
            }
        );
        assert_eq!(
            write,
            Pulse {
                drive: Drive::Current { current_ua: 80.0 },
                pulse_ns: 10.0,
                energy_pj: Some(1.0),
            }
        );
        // SET = RESET here: nothing to note about the pulse.
        assert!(spec.notes.is_none(), "{:?}", spec.notes);
    }

    #[test]
    fn sample_sram_values() {
        let spec = sample("samples/SRAM.cell");
        assert_eq!(spec.kind, MemoryKind::Sram);
        assert_eq!(spec.area, CellArea::F2(146.0));
        assert_eq!(spec.aspect_ratio, 1.46);
        assert_eq!(
            spec.device,
            CellDevice::Sram {
                access_width_f: 1.31,
                nmos_width_f: 2.08,
                pmos_width_f: 1.23,
            }
        );
    }

    #[test]
    fn sample_pcram_values() {
        let spec = sample("samples/sample_PCRAM.cell");
        assert_eq!(spec.kind, MemoryKind::Pcm);
        assert_eq!(spec.node_nm, Some(90.0));
        let CellDevice::Resistive {
            r_on_ohm,
            r_off_ohm,
            access,
            access_voltage_drop_v,
            read,
            set,
            reset,
        } = spec.device
        else {
            panic!("{:?}", spec.device)
        };
        assert_eq!((r_on_ohm, r_off_ohm), (1000.0, 1e6));
        assert_eq!(access, Access::Cmos { width_f: 2.0 });
        assert_eq!(access_voltage_drop_v, 0.3);
        assert_eq!(read.mode, ReadMode::Voltage);
        assert_eq!(read.current_ua, Some(40.0));
        assert_eq!(read.energy_pj, Some(2.0));
        assert_eq!(read.min_sense_mv, NVSIM_DEFAULT_MIN_SENSE_MV);
        assert_eq!(reset.drive, Drive::Current { current_ua: 300.0 });
        assert_eq!(reset.pulse_ns, 40.0);
        assert_eq!(set.drive, Drive::Current { current_ua: 150.0 });
        assert_eq!(set.pulse_ns, 150.0);
        assert_eq!(set.energy_pj, None);
        let notes = spec.notes.unwrap();
        assert!(notes.contains("NVSim's default 80 mV"), "{notes}");
        assert!(notes.contains("Characterised at 90 nm"), "{notes}");
    }

    #[test]
    fn sample_rram_uses_the_read_bias_resistances() {
        let spec = sample("configs/sample_RRAM.cell");
        assert_eq!(spec.kind, MemoryKind::Reram);
        let CellDevice::Resistive {
            r_on_ohm,
            r_off_ohm,
            access,
            read,
            set,
            reset,
            ..
        } = spec.device
        else {
            panic!("{:?}", spec.device)
        };
        assert_eq!((r_on_ohm, r_off_ohm), (1e6, 1e7));
        assert_eq!(access, Access::None);
        assert_eq!(read.mode, ReadMode::Current);
        assert_eq!(read.voltage_v, Some(0.4));
        assert_eq!(read.power_uw, Some(0.16));
        assert_eq!(
            reset,
            Pulse {
                drive: Drive::Voltage { voltage_v: 2.0 },
                pulse_ns: 10.0,
                energy_pj: Some(0.6),
            }
        );
        assert_eq!(set, reset);
        let notes = spec.notes.unwrap();
        assert!(
            notes.contains("-ResistanceOnAtSetVoltage") && notes.contains("-CapacitanceOn"),
            "{notes}"
        );
    }

    const STT: &str = "-MemCellType: MRAM\n-CellArea (F^2): 54\n-CellAspectRatio: 0.54\n\
-ResistanceOn (ohm): 3000\n-ResistanceOff (ohm): 6000\n-ReadMode: current\n-ReadVoltage (V): 0.25\n\
-ResetMode: current\n-ResetCurrent (uA): 80\n-ResetPulse (ns): 10\n\
-SetMode: current\n-SetCurrent (uA): 60\n-SetPulse (ns): 12\n-SetEnergy (pJ): 0.5\n\
-AccessType: CMOS\n-AccessCMOSWidth (F): 8\n";

    #[test]
    fn differing_mram_pulses_keep_the_worst_and_say_so() {
        let spec = convert(STT).unwrap();
        let CellDevice::Stt {
            write,
            access_voltage_drop_v,
            read,
            ..
        } = spec.device
        else {
            panic!()
        };
        assert_eq!(
            write,
            Pulse {
                drive: Drive::Current { current_ua: 80.0 },
                pulse_ns: 12.0,
                energy_pj: Some(0.5),
            }
        );
        assert_eq!(access_voltage_drop_v, 0.0);
        assert_eq!(read.min_sense_mv, 80.0);
        let notes = spec.notes.unwrap();
        assert!(
            notes.contains("SET and RESET differ (RESET 80 uA, 10 ns, SET 60 uA, 12 ns, 0.5 pJ)"),
            "{notes}"
        );
    }

    #[test]
    fn an_mram_cell_without_set_keys_uses_reset() {
        let text: String = STT
            .lines()
            .filter(|l| !l.starts_with("-Set"))
            .map(|l| format!("{l}\n"))
            .collect();
        let spec = convert(&text).unwrap();
        let CellDevice::Stt { write, .. } = spec.device else {
            panic!()
        };
        assert_eq!(write.pulse_ns, 10.0);
        assert!(spec.notes.unwrap().contains("RESET pulse stands for both"));
    }

    #[test]
    fn missing_values_name_the_key_and_what_is_accepted() {
        let e = error(&STT.replace("-ResistanceOn (ohm): 3000\n", ""));
        assert_eq!(
            e,
            "t.cell: -ResistanceOn (ohm): missing; an MRAM cell needs its low resistance, \
             `-ResistanceOn (ohm): …` or `-ResistanceOnAtReadVoltage (ohm): …`"
        );
        let e = error(&STT.replace("-ResetPulse (ns): 10\n", ""));
        assert!(
            e.contains("t.cell: -ResetPulse (ns): missing; every RESET needs its pulse width"),
            "{e}"
        );
        let e = error(&STT.replace("-SetCurrent (uA): 60\n", ""));
        assert!(
            e.contains("-SetCurrent (uA): missing; a current-mode SET (`-SetMode: current`)"),
            "{e}"
        );
        let e = error(&STT.replace("-AccessCMOSWidth (F): 8\n", ""));
        assert!(e.contains("t.cell: -AccessCMOSWidth (F): missing"), "{e}");
        let e = error(&STT.replace("-ReadVoltage (V): 0.25\n", ""));
        assert!(
            e.contains("-ReadVoltage (V): missing; current sensing"),
            "{e}"
        );
        let e = error(&STT.replace("-ResistanceOff (ohm): 6000", "-ResistanceOff (ohm): 3000"));
        assert!(
            e.contains("-ResistanceOff (ohm) = 3000: must be larger than the on-resistance"),
            "{e}"
        );
        // Several problems are reported together.
        let e = error(
            &STT.replace("-ResetPulse (ns): 10\n", "")
                .replace("-ResistanceOn (ohm): 3000\n", ""),
        );
        assert!(
            e.starts_with("2 problems in NVSim cell file t.cell:"),
            "{e}"
        );
    }

    #[test]
    fn converted_cells_meet_the_ranges_of_a_cell_preset() {
        let e = error(&STT.replace("-ReadVoltage (V): 0.25", "-ReadVoltage (V): 7"));
        assert_eq!(
            e,
            "t.cell: converted to nvmcalc's cell keys, read.voltage_v = 7: must be a finite \
             number from 0.01 to 5"
        );
        let e = error(&STT.replace("-ResetPulse (ns): 10", "-ResetPulse (ns): 20000"));
        assert!(
            e.contains("write.pulse_ns = 20000: must be a finite number from 0.01 to 10000"),
            "{e}"
        );
        let crosspoint = "-MemCellType: memristor\n-CellArea (F^2): 4\n-CellAspectRatio: 1\n\
-ResistanceOn (ohm): 10000\n-ResistanceOff (ohm): 1000000\n-ReadMode: voltage\n\
-ReadCurrent (uA): 5\n-ResetMode: voltage\n-ResetVoltage (V): 2\n-ResetPulse (ns): 10\n\
-SetMode: voltage\n-SetVoltage (V): 2\n-SetPulse (ns): 10\n-AccessType: None\n";
        assert!(convert(crosspoint).is_ok());
        let e = error(&format!("{crosspoint}-VoltageDropAccessDevice (V): 0.5\n"));
        assert!(
            e.contains(
                "access.voltage_drop_v = 0.5: a cross-point cell (type = \"none\") has no \
                 access device"
            ),
            "{e}"
        );
    }

    #[test]
    fn resistive_cells_need_both_pulses_and_name_the_mode() {
        let pcm = "-MemCellType: PCRAM\n-CellArea (F^2): 9\n-CellAspectRatio: 1\n\
-ResistanceOn (ohm): 1000\n-ResistanceOff (ohm): 1000000\n-ReadCurrent (uA): 40\n\
-ResetMode: current\n-ResetCurrent (uA): 300\n-ResetPulse (ns): 40\n\
-SetPulse (ns): 150\n-AccessType: diode\n-VoltageDropAccessDevice (V): 0.4\n";
        let e = error(pcm);
        assert_eq!(
            e,
            "t.cell: -SetVoltage (V): missing; a voltage-mode SET (`-SetMode: voltage`, NVSim's \
             default) needs its voltage, like `-SetVoltage (V): 2`; or write `-SetMode: current` \
             and `-SetCurrent (uA): …`"
        );
        let spec = convert(&pcm.replace("-SetPulse", "-SetVoltage (V): 1.5\n-SetPulse")).unwrap();
        let CellDevice::Resistive { access, set, .. } = spec.device else {
            panic!()
        };
        assert_eq!(
            access,
            Access::Diode {
                voltage_drop_v: 0.4
            }
        );
        assert_eq!(set.drive, Drive::Voltage { voltage_v: 1.5 });
        let e = error(&pcm.replace("-AccessType: diode", "-AccessType: CMOS"));
        assert!(
            e.contains("-AccessCMOSWidth (F): missing; a PCRAM cell"),
            "{e}"
        );
        let e = error(&pcm.replace("-ReadCurrent (uA): 40\n", ""));
        assert!(
            e.contains("-ReadCurrent (uA): missing; voltage sensing"),
            "{e}"
        );
    }

    #[test]
    fn unsupported_types_are_named() {
        for (word, ty) in [
            ("DRAM", MemCellType::Dram),
            ("eDRAM", MemCellType::Edram),
            ("FBRAM", MemCellType::Fbram),
            ("MLCNAND", MemCellType::MlcNand),
        ] {
            let text = format!("-MemCellType: {word}\n-CellArea (F^2): 6\n-CellAspectRatio: 1\n");
            let e = convert(&text).unwrap_err();
            assert_eq!(
                e,
                NvsimCellError::UnsupportedType {
                    file: "t.cell".into(),
                    cell_type: ty
                }
            );
            assert!(
                e.to_string().starts_with(&format!(
                    "t.cell: -MemCellType = {word}: nvmcalc has no cell model for this type; \
                     supported: SRAM"
                )),
                "{e}"
            );
        }
    }

    #[test]
    fn sram_defaults_and_requirements() {
        let text = "-MemCellType: SRAM\n-CellArea (F^2): 146\n-CellAspectRatio: 1.46\n";
        let e = error(text);
        assert!(
            e.contains("-AccessCMOSWidth (F): missing; an SRAM cell"),
            "{e}"
        );
        let spec = convert(&format!("{text}-AccessCMOSWidth (F): 1.31\n")).unwrap();
        assert_eq!(
            spec.device,
            CellDevice::Sram {
                access_width_f: 1.31,
                nmos_width_f: NVSIM_DEFAULT_SRAM_NMOS_WIDTH_F,
                pmos_width_f: NVSIM_DEFAULT_SRAM_PMOS_WIDTH_F,
            }
        );
        assert!(spec.notes.unwrap().contains("NVSim's default 2.08 F"));
    }

    #[test]
    fn tidy_undoes_unit_round_trips() {
        use crate::units::Time;
        assert_eq!(tidy(Time::from_ns(10.0).ns()), 10.0);
        assert_eq!(tidy(Time::from_ns(0.193895).ns()), 0.193895);
        assert_eq!(stem("a/b/sample_RRAM.cell"), "sample_RRAM");
    }
}
