//! A reader of stock NVSim's text output (the `raw/<run>.txt` files of a reference folder): the
//! organisation of the CONFIGURATION section and every figure of the RESULT section, each in
//! one fixed unit whatever unit NVSim printed it in (ns, pJ, mW, mm² for areas, um for
//! dimensions, a fraction for percentages).
//!
//! NVSim prints a figure per line, `label = value unit` (a value may be followed by `per mat`,
//! `per active subarray` or a percentage in brackets). Labels differ between cells: resistive
//! cells with SET and RESET (PCM) print `SET Latency`, `RESET Pulse Duration`, `Cell SET Dynamic
//! Energy` … instead of `Write Latency`, `Write Pulse Duration`, `Bitline & Cell Write Energy`;
//! an SRAM prints no cell energy; a bus instead of an H-tree is `Non-H-Tree …`. Every one is
//! read into the same field; a line this reader does not know is skipped, a figure not printed
//! stays `None`.
//!
//! A RAM's output holds one array; a cache's holds a summary (skipped) then its data and tag
//! arrays, each with its own CONFIGURATION and RESULT ([`parse_arrays`] returns them in order).
//!
//! Energies are as NVSim prints them: the mat's figures per mat, the subarray's per active
//! subarray; [`RawArray::read_energy_total`] and [`RawArray::write_energy_total`] scale them to
//! the whole access (active mats × active subarrays per mat).

// Each test crate that declares `nvsim_golden` uses only part of it.
#![allow(dead_code)]

/// The organisation NVSim chose (or was forced to).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawOrganization {
    /// Bank: mats per column × mats per row (`Bank Organization: A x B`).
    pub bank: Option<(u32, u32)>,
    /// Active mats (`Row Activation: r / A`, `Column Activation: c / B`): (r, c).
    pub bank_active: (Option<u32>, Option<u32>),
    /// Mat: subarrays per column × per row.
    pub mat: Option<(u32, u32)>,
    /// Active subarrays per active mat (row, column).
    pub mat_active: (Option<u32>, Option<u32>),
    /// Subarray: rows × columns.
    pub subarray: Option<(u32, u32)>,
    /// Sense-amp mux degree.
    pub mux_sense_amp: Option<u32>,
    /// Output level-1 mux degree.
    pub mux_output1: Option<u32>,
    /// Output level-2 mux degree.
    pub mux_output2: Option<u32>,
}

impl RawOrganization {
    /// Mats in the bank (A × B).
    pub fn mats(&self) -> Option<u32> {
        self.bank.map(|(a, b)| a * b)
    }

    /// Mats active per access (r × c).
    pub fn active_mats(&self) -> Option<u32> {
        Some(self.bank_active.0? * self.bank_active.1?)
    }

    /// Subarrays active per active mat.
    pub fn active_subarrays(&self) -> Option<u32> {
        Some(self.mat_active.0? * self.mat_active.1?)
    }
}

/// One area line: width × height = area.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RawRect {
    pub width_um: Option<f64>,
    pub height_um: Option<f64>,
    pub area_mm2: Option<f64>,
}

/// The Area block.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RawArea {
    pub total: RawRect,
    pub mat: RawRect,
    pub subarray: RawRect,
    /// `Area Efficiency`, a fraction (0.85 for 85 %).
    pub efficiency: Option<f64>,
}

/// One latency block (read, write, SET or RESET), ns.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RawLatency {
    pub total_ns: Option<f64>,
    /// `H-Tree Latency` or `Non-H-Tree Latency` (a bus).
    pub htree_ns: Option<f64>,
    pub mat_ns: Option<f64>,
    pub predecoder_ns: Option<f64>,
    pub subarray_ns: Option<f64>,
    pub row_decoder_ns: Option<f64>,
    pub bitline_ns: Option<f64>,
    pub sense_amp_ns: Option<f64>,
    pub mux_ns: Option<f64>,
    pub precharge_ns: Option<f64>,
    /// `Write Pulse Duration`, `SET Pulse Duration`, `RESET Pulse Duration`.
    pub write_pulse_ns: Option<f64>,
    /// `Charge Latency` (NVSim spells it `Charger Latency` in SET blocks).
    pub charge_ns: Option<f64>,
}

/// One dynamic-energy block, pJ, as printed: `mat_pj` and `predecoder_pj` per mat, `subarray_pj`
/// and the components below it per active subarray.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RawEnergy {
    pub total_pj: Option<f64>,
    /// `H-Tree Dynamic Energy` or `Non-H-Tree Dynamic Energy`.
    pub htree_pj: Option<f64>,
    pub mat_pj: Option<f64>,
    pub predecoder_pj: Option<f64>,
    pub subarray_pj: Option<f64>,
    pub row_decoder_pj: Option<f64>,
    pub mux_decoder_pj: Option<f64>,
    /// `Bitline & Cell Read Energy`, `Bitline & Cell Write Energy`, `Cell SET/RESET Dynamic
    /// Energy`.
    pub bitline_cell_pj: Option<f64>,
    pub sense_amp_pj: Option<f64>,
    pub mux_pj: Option<f64>,
    pub precharge_pj: Option<f64>,
}

/// The leakage block, mW; `mat_mw` per mat.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RawLeakage {
    pub total_mw: Option<f64>,
    /// `H-Tree Leakage Power` or `Non-H-Tree Leakage Power`.
    pub htree_mw: Option<f64>,
    pub mat_mw: Option<f64>,
}

/// One array of NVSim's output.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawArray {
    pub organization: RawOrganization,
    /// `Some(false)` when NVSim printed `Non-H-Tree` figures (a bus), `Some(true)` for `H-Tree`.
    pub htree_routing: Option<bool>,
    pub area: RawArea,
    pub read_latency: RawLatency,
    /// The `Write Latency` block (cells without separate SET and RESET).
    pub write_latency: Option<RawLatency>,
    pub set_latency: Option<RawLatency>,
    pub reset_latency: Option<RawLatency>,
    pub read_energy: RawEnergy,
    /// The `Write Dynamic Energy` block (cells without separate SET and RESET).
    pub write_energy: Option<RawEnergy>,
    pub set_energy: Option<RawEnergy>,
    pub reset_energy: Option<RawEnergy>,
    pub leakage: RawLeakage,
}

fn longer<T: Copy>(a: Option<T>, b: Option<T>, key: impl Fn(&T) -> Option<f64>) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => {
            if key(&y).unwrap_or(f64::NEG_INFINITY) > key(&x).unwrap_or(f64::NEG_INFINITY) {
                Some(y)
            } else {
                Some(x)
            }
        }
        (x, y) => x.or(y),
    }
}

impl RawArray {
    /// The write NVSim reports as the array's: the `Write` block, else the longer of SET and
    /// RESET (NVSim's write latency is the larger of the two).
    pub fn write(&self) -> Option<RawLatency> {
        self.write_latency
            .or_else(|| longer(self.set_latency, self.reset_latency, |l| l.total_ns))
    }

    /// The write energy NVSim reports: the `Write` block, else the larger of SET and RESET.
    pub fn write_energy(&self) -> Option<RawEnergy> {
        self.write_energy
            .or_else(|| longer(self.set_energy, self.reset_energy, |e| e.total_pj))
    }

    /// `e` over the whole access: the mat's figures times the active mats, the subarray's times
    /// the active subarrays of every active mat; total and H-tree as printed.
    pub fn energy_total(&self, e: &RawEnergy) -> RawEnergy {
        let org = &self.organization;
        let mats = org.active_mats().map(f64::from);
        let subs = org
            .active_subarrays()
            .zip(org.active_mats())
            .map(|(s, m)| f64::from(s) * f64::from(m));
        let times = |v: Option<f64>, n: Option<f64>| Some(v? * n?);
        RawEnergy {
            total_pj: e.total_pj,
            htree_pj: e.htree_pj,
            mat_pj: times(e.mat_pj, mats),
            predecoder_pj: times(e.predecoder_pj, mats),
            subarray_pj: times(e.subarray_pj, subs),
            row_decoder_pj: times(e.row_decoder_pj, subs),
            mux_decoder_pj: times(e.mux_decoder_pj, subs),
            bitline_cell_pj: times(e.bitline_cell_pj, subs),
            sense_amp_pj: times(e.sense_amp_pj, subs),
            mux_pj: times(e.mux_pj, subs),
            precharge_pj: times(e.precharge_pj, subs),
        }
    }

    /// The read energy over the whole access ([`Self::energy_total`]).
    pub fn read_energy_total(&self) -> RawEnergy {
        self.energy_total(&self.read_energy)
    }

    /// The write energy over the whole access ([`Self::write_energy`], [`Self::energy_total`]).
    pub fn write_energy_total(&self) -> Option<RawEnergy> {
        self.write_energy().map(|e| self.energy_total(&e))
    }

    /// The mats' leakage over the whole array (per mat × mats), mW.
    pub fn mats_leakage_mw(&self) -> Option<f64> {
        Some(self.leakage.mat_mw? * f64::from(self.organization.mats()?))
    }
}

/// What a quantity measures, with the unit its value is converted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// ns.
    Time,
    /// pJ.
    Energy,
    /// mW.
    Power,
    /// um.
    Length,
    /// mm².
    Area,
    /// A fraction (`%` / 100).
    Fraction,
}

/// The leading `number unit` of `s` (`2.858ns`, `1.849uW per mat`, `85.240%`), converted to its
/// kind's fixed unit; `None` for anything else (a bandwidth, a word, a unit not listed).
pub fn quantity(s: &str) -> Option<(f64, Kind)> {
    let s = s.trim_start();
    let bytes = s.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let c = bytes[end];
        let exponent = (c == b'e' || c == b'E')
            && end > 0
            && bytes
                .get(end + 1)
                .is_some_and(|n| n.is_ascii_digit() || *n == b'-' || *n == b'+');
        let sign = (c == b'-' || c == b'+')
            && (end == 0 || bytes[end - 1] == b'e' || bytes[end - 1] == b'E');
        if c.is_ascii_digit() || c == b'.' || exponent || sign {
            end += 1;
        } else {
            break;
        }
    }
    let value: f64 = s[..end].parse().ok()?;
    let unit = s[end..].split_whitespace().next().unwrap_or("");
    let (factor, kind) = match unit {
        "s" => (1e9, Kind::Time),
        "ms" => (1e6, Kind::Time),
        "us" => (1e3, Kind::Time),
        "ns" => (1.0, Kind::Time),
        "ps" => (1e-3, Kind::Time),
        "fs" => (1e-6, Kind::Time),
        "J" => (1e12, Kind::Energy),
        "mJ" => (1e9, Kind::Energy),
        "uJ" => (1e6, Kind::Energy),
        "nJ" => (1e3, Kind::Energy),
        "pJ" => (1.0, Kind::Energy),
        "fJ" => (1e-3, Kind::Energy),
        "W" => (1e3, Kind::Power),
        "mW" => (1.0, Kind::Power),
        "uW" => (1e-3, Kind::Power),
        "nW" => (1e-6, Kind::Power),
        "pW" => (1e-9, Kind::Power),
        "m" => (1e6, Kind::Length),
        "mm" => (1e3, Kind::Length),
        "um" => (1.0, Kind::Length),
        "nm" => (1e-3, Kind::Length),
        "m^2" => (1e6, Kind::Area),
        "mm^2" => (1.0, Kind::Area),
        "um^2" => (1e-6, Kind::Area),
        "nm^2" => (1e-12, Kind::Area),
        "%" => (0.01, Kind::Fraction),
        _ => return None,
    };
    value.is_finite().then_some((value * factor, kind))
}

/// The value of `s` if it is a quantity of `kind`.
fn of_kind(s: &str, kind: Kind) -> Option<f64> {
    quantity(s).and_then(|(v, k)| (k == kind).then_some(v))
}

/// `A x B` (also `A Rows x B Columns`).
fn pair(s: &str, sep: char) -> Option<(u32, u32)> {
    let (a, b) = s.split_once(sep)?;
    let first = |t: &str| t.split_whitespace().next()?.parse::<u32>().ok();
    Some((first(a)?, first(b)?))
}

/// `W x H = A` (or just `A`): an area line's value.
fn rect(s: &str) -> RawRect {
    let (dims, area) = match s.split_once('=') {
        Some((d, a)) => (Some(d), a),
        None => (None, s),
    };
    let (width_um, height_um) = dims
        .and_then(|d| d.split_once(" x "))
        .map(|(w, h)| (of_kind(w, Kind::Length), of_kind(h, Kind::Length)))
        .unwrap_or((None, None));
    RawRect {
        width_um,
        height_um,
        area_mm2: of_kind(area, Kind::Area),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Outside,
    Configuration,
    Result,
}

#[derive(Clone, Copy, PartialEq)]
enum Group {
    None,
    Area,
    Timing,
    Power,
}

#[derive(Clone, Copy, PartialEq)]
enum Level {
    Bank,
    Mat,
}

/// Which block the sub-lines that follow belong to.
#[derive(Clone, Copy, PartialEq)]
enum Block {
    None,
    ReadLatency,
    WriteLatency,
    SetLatency,
    ResetLatency,
    ReadEnergy,
    WriteEnergy,
    SetEnergy,
    ResetEnergy,
    Leakage,
}

fn latency_mut(a: &mut RawArray, b: Block) -> Option<&mut RawLatency> {
    match b {
        Block::ReadLatency => Some(&mut a.read_latency),
        Block::WriteLatency => Some(a.write_latency.get_or_insert_with(Default::default)),
        Block::SetLatency => Some(a.set_latency.get_or_insert_with(Default::default)),
        Block::ResetLatency => Some(a.reset_latency.get_or_insert_with(Default::default)),
        _ => None,
    }
}

fn energy_mut(a: &mut RawArray, b: Block) -> Option<&mut RawEnergy> {
    match b {
        Block::ReadEnergy => Some(&mut a.read_energy),
        Block::WriteEnergy => Some(a.write_energy.get_or_insert_with(Default::default)),
        Block::SetEnergy => Some(a.set_energy.get_or_insert_with(Default::default)),
        Block::ResetEnergy => Some(a.reset_energy.get_or_insert_with(Default::default)),
        _ => None,
    }
}

/// Every array of NVSim's output `text`, in order (one for a RAM; data then tag for a cache).
pub fn parse_arrays(text: &str) -> Vec<RawArray> {
    let mut arrays: Vec<RawArray> = Vec::new();
    let mut section = Section::Outside;
    let mut group = Group::None;
    let mut level = Level::Bank;
    let mut block = Block::None;
    for line in text.lines() {
        let trimmed = line.trim();
        match trimmed {
            "CONFIGURATION" => {
                arrays.push(RawArray::default());
                section = Section::Configuration;
                level = Level::Bank;
                continue;
            }
            "RESULT" => {
                section = Section::Result;
                group = Group::None;
                block = Block::None;
                continue;
            }
            "Finished!" | "CACHE DATA ARRAY" | "CACHE TAG ARRAY" => {
                section = Section::Outside;
                continue;
            }
            _ => {}
        }
        let Some(array) = arrays.last_mut() else {
            continue;
        };
        // The label without its tree marks (`|---`, `-`) and the text after its separator.
        let body = trimmed.trim_start_matches(['|', '-', ' ']);
        match section {
            Section::Outside => {}
            Section::Configuration => {
                let Some((key, value)) = body.split_once(':') else {
                    continue;
                };
                let org = &mut array.organization;
                let value = value.trim();
                match key.trim() {
                    "Bank Organization" => {
                        level = Level::Bank;
                        org.bank = pair(value, 'x');
                    }
                    "Mat Organization" => {
                        level = Level::Mat;
                        org.mat = pair(value, 'x');
                    }
                    "Row Activation" | "Column Activation" => {
                        let active = pair(value, '/').map(|(n, _)| n);
                        let slot = match level {
                            Level::Bank => &mut org.bank_active,
                            Level::Mat => &mut org.mat_active,
                        };
                        if key.trim() == "Row Activation" {
                            slot.0 = active;
                        } else {
                            slot.1 = active;
                        }
                    }
                    "Subarray Size" => org.subarray = pair(value, 'x'),
                    "Senseamp Mux" => org.mux_sense_amp = value.parse().ok(),
                    "Output Level-1 Mux" => org.mux_output1 = value.parse().ok(),
                    "Output Level-2 Mux" => org.mux_output2 = value.parse().ok(),
                    _ => {}
                }
            }
            Section::Result => {
                match body {
                    "Area:" => group = Group::Area,
                    "Timing:" => group = Group::Timing,
                    "Power:" => group = Group::Power,
                    _ => {}
                }
                let Some((label, value)) = body.split_once('=') else {
                    continue;
                };
                let label = label.trim();
                if label.starts_with("Non-H-Tree") {
                    array.htree_routing = Some(false);
                } else if label.starts_with("H-Tree") {
                    array.htree_routing = Some(true);
                }
                let htree = label.starts_with("H-Tree") || label.starts_with("Non-H-Tree");
                match group {
                    Group::None => {}
                    Group::Area => match label {
                        "Total Area" => array.area.total = rect(value),
                        "Mat Area" => array.area.mat = rect(value),
                        "Subarray Area" => array.area.subarray = rect(value),
                        "Area Efficiency" => array.area.efficiency = of_kind(value, Kind::Fraction),
                        _ => {}
                    },
                    Group::Timing => {
                        let header = match label {
                            "Read Latency" => Some(Block::ReadLatency),
                            "Write Latency" => Some(Block::WriteLatency),
                            "SET Latency" => Some(Block::SetLatency),
                            "RESET Latency" => Some(Block::ResetLatency),
                            l if l.ends_with("Bandwidth") => Some(Block::None),
                            _ => None,
                        };
                        let v = of_kind(value, Kind::Time);
                        if let Some(b) = header {
                            block = b;
                            if let Some(l) = latency_mut(array, block) {
                                l.total_ns = v;
                            }
                            continue;
                        }
                        let Some(l) = latency_mut(array, block) else {
                            continue;
                        };
                        let field = match label {
                            _ if htree => &mut l.htree_ns,
                            "Mat Latency" => &mut l.mat_ns,
                            "Predecoder Latency" => &mut l.predecoder_ns,
                            "Subarray Latency" => &mut l.subarray_ns,
                            "Row Decoder Latency" => &mut l.row_decoder_ns,
                            "Bitline Latency" => &mut l.bitline_ns,
                            "Senseamp Latency" => &mut l.sense_amp_ns,
                            "Mux Latency" => &mut l.mux_ns,
                            "Precharge Latency" => &mut l.precharge_ns,
                            "Charge Latency" | "Charger Latency" => &mut l.charge_ns,
                            p if p.ends_with("Pulse Duration") => &mut l.write_pulse_ns,
                            _ => continue,
                        };
                        *field = v;
                    }
                    Group::Power => {
                        let header = match label {
                            "Read Dynamic Energy" => Some(Block::ReadEnergy),
                            "Write Dynamic Energy" => Some(Block::WriteEnergy),
                            "SET Dynamic Energy" => Some(Block::SetEnergy),
                            "RESET Dynamic Energy" => Some(Block::ResetEnergy),
                            "Leakage Power" => Some(Block::Leakage),
                            _ => None,
                        };
                        if let Some(b) = header {
                            block = b;
                            if block == Block::Leakage {
                                array.leakage.total_mw = of_kind(value, Kind::Power);
                            } else if let Some(e) = energy_mut(array, block) {
                                e.total_pj = of_kind(value, Kind::Energy);
                            }
                            continue;
                        }
                        if block == Block::Leakage {
                            let v = of_kind(value, Kind::Power);
                            match label {
                                _ if htree => array.leakage.htree_mw = v,
                                "Mat Leakage Power" => array.leakage.mat_mw = v,
                                _ => {}
                            }
                            continue;
                        }
                        let Some(e) = energy_mut(array, block) else {
                            continue;
                        };
                        let field = match label {
                            _ if htree => &mut e.htree_pj,
                            "Mat Dynamic Energy" => &mut e.mat_pj,
                            "Predecoder Dynamic Energy" => &mut e.predecoder_pj,
                            "Subarray Dynamic Energy" => &mut e.subarray_pj,
                            "Row Decoder Dynamic Energy" => &mut e.row_decoder_pj,
                            "Mux Decoder Dynamic Energy" => &mut e.mux_decoder_pj,
                            "Bitline & Cell Read Energy"
                            | "Bitline & Cell Write Energy"
                            | "Cell SET Dynamic Energy"
                            | "Cell RESET Dynamic Energy" => &mut e.bitline_cell_pj,
                            "Senseamp Dynamic Energy" => &mut e.sense_amp_pj,
                            "Mux Dynamic Energy" => &mut e.mux_pj,
                            "Precharge Dynamic Energy" => &mut e.precharge_pj,
                            _ => continue,
                        };
                        *field = of_kind(value, Kind::Energy);
                    }
                }
            }
        }
    }
    arrays
}

/// The first array of NVSim's output (a RAM's only one; a cache's data array); an empty
/// [`RawArray`] (every figure `None`) when the text holds none.
pub fn parse(text: &str) -> RawArray {
    parse_arrays(text).into_iter().next().unwrap_or_default()
}
