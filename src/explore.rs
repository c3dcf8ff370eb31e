//! Organisation search: every bank / mat / subarray shape and mux degree that stores the capacity
//! and delivers the access width, evaluated and ranked by an objective.
//!
//! The space (all powers of two): mats per bank `rows × cols` with up to 4096 mats, one row of
//! mats active per access (part of a row only when forced); a mat of `2 × 2` subarrays (or `1 × 1`, `1 × 2`,
//! `2 × 1` when the CACTI assumption is off) with 1, 2 or 4 active; subarray columns = bits
//! delivered × total mux degree (1…1024), rows from the capacity; the mux degree split between
//! the sense-amp mux and the first output level. Forced organisations narrow the space. When no
//! candidate survives, [`SearchError::Infeasible`] counts how many each constraint excluded.

use std::collections::BTreeMap;

use serde::Serialize;

use std::collections::HashMap;

use crate::array::{
    check, evaluate_with, subarray_part, ArrayInput, ArrayResult, Constraint, Organization,
    SubarrayPart,
};

/// What the search minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Read latency.
    ReadLatency,
    /// Write latency.
    WriteLatency,
    /// Read dynamic energy.
    ReadEnergy,
    /// Write dynamic energy.
    WriteEnergy,
    /// Read energy × read latency.
    ReadEdp,
    /// Write energy × write latency.
    WriteEdp,
    /// Leakage power.
    Leakage,
    /// Area.
    Area,
    /// Read energy × read latency × area (DeepNVM++'s target).
    Edap,
}

impl Objective {
    /// Every objective with its word (files, URLs, CLI).
    pub const ALL: [(&'static str, Objective); 9] = [
        ("read_latency", Objective::ReadLatency),
        ("write_latency", Objective::WriteLatency),
        ("read_energy", Objective::ReadEnergy),
        ("write_energy", Objective::WriteEnergy),
        ("read_edp", Objective::ReadEdp),
        ("write_edp", Objective::WriteEdp),
        ("leakage", Objective::Leakage),
        ("area", Objective::Area),
        ("edap", Objective::Edap),
    ];

    /// The word for this objective.
    pub fn word(self) -> &'static str {
        Objective::ALL
            .iter()
            .find(|(_, o)| *o == self)
            .map(|(w, _)| *w)
            .unwrap_or("edap")
    }

    /// Parses a word.
    pub fn from_word(word: &str) -> Option<Objective> {
        Objective::ALL
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, o)| *o)
    }

    /// The value to minimise for a result.
    pub fn score(self, r: &ArrayResult) -> f64 {
        let m = &r.metrics;
        match self {
            Objective::ReadLatency => m.read_latency.s(),
            Objective::WriteLatency => m.write_latency.s(),
            Objective::ReadEnergy => m.read_energy.j(),
            Objective::WriteEnergy => m.write_energy.j(),
            Objective::ReadEdp => m.read_energy.j() * m.read_latency.s(),
            Objective::WriteEdp => m.write_energy.j() * m.write_latency.s(),
            Objective::Leakage => m.leakage.w(),
            Objective::Area => m.area.m2(),
            Objective::Edap => m.read_energy.j() * m.read_latency.s() * m.area.m2(),
        }
    }
}

/// Parts of the organisation the user pins; `None` leaves it to the search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Forced {
    /// `(rows, cols, active mats)` of the bank.
    pub bank: Option<(u32, u32, u32)>,
    /// `(rows, cols, active subarrays)` of a mat.
    pub mat: Option<(u32, u32, u32)>,
    /// Sense-amp mux degree.
    pub mux_sense_amp: Option<u32>,
    /// Output mux level 1.
    pub mux_output1: Option<u32>,
    /// Output mux level 2.
    pub mux_output2: Option<u32>,
}

/// Search options.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SearchOptions {
    /// What to minimise.
    pub objective: Objective,
    /// Mats of 2 × 2 subarrays only (CACTI's assumption, NVSim's `-UseCactiAssumption`).
    pub cacti_assumption: bool,
    /// Pinned parts of the organisation.
    pub forced: Forced,
}

/// Why no organisation was returned.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
pub enum SearchError {
    /// Every candidate was excluded; counts per constraint.
    #[error("no feasible organisation: {}", describe(.by_constraint))]
    Infeasible {
        /// How many candidates each constraint excluded.
        by_constraint: Vec<(Constraint, u64)>,
    },
}

fn describe(counts: &[(Constraint, u64)]) -> String {
    if counts.is_empty() {
        return "no candidate organisation exists for this capacity and access width (with the \
                forced bank, mat and mux settings, if any)"
            .into();
    }
    counts
        .iter()
        .map(|(c, n)| format!("{n} excluded because {}", c.describe()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The outcome of a search: the best design and how many candidates were evaluated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResult {
    /// The best organisation's evaluation.
    pub best: ArrayResult,
    /// Candidates evaluated.
    pub evaluated: u64,
}

const POW2: [u32; 13] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
/// Most mats in one bank.
pub const MAX_MATS: u32 = 4096;
/// Largest total column mux degree.
pub const MAX_MUX: u32 = 1024;

/// Enumerates candidate organisations (before the checks), calling `f` on each.
pub fn candidates(input: &ArrayInput, options: &SearchOptions, mut f: impl FnMut(Organization)) {
    let forced = options.forced;
    let forced_shape;
    let mat_shapes: &[(u32, u32)] = if let Some((r, c, _)) = forced.mat {
        // A forced mat may have any shape (NVSim accepts e.g. 1 × 4).
        forced_shape = [(r, c)];
        &forced_shape
    } else if options.cacti_assumption {
        &[(2, 2)]
    } else {
        &[(1, 1), (1, 2), (2, 1), (2, 2)]
    };
    for &br in &POW2[..10] {
        for &bc in &POW2[..10] {
            if br * bc > MAX_MATS {
                continue;
            }
            if let Some((r, c, _)) = forced.bank {
                if (r, c) != (br, bc) {
                    continue;
                }
            }
            for &am in POW2.iter().filter(|&&a| a <= bc) {
                if let Some((_, _, a)) = forced.bank {
                    if a != am {
                        continue;
                    }
                } else if am != bc {
                    // Unforced, one whole row of mats is active (NVSim's and CACTI's layout: the
                    // H-tree fans out to a row of mats).
                    continue;
                }
                for &(mr, mc) in mat_shapes {
                    if let Some((r, c, _)) = forced.mat {
                        if (r, c) != (mr, mc) {
                            continue;
                        }
                    }
                    for &asub in POW2.iter().filter(|&&a| a <= mr * mc) {
                        if let Some((_, _, a)) = forced.mat {
                            if a != asub {
                                continue;
                            }
                        }
                        let per = u64::from(am) * u64::from(asub);
                        if u64::from(input.sensed_bits) % per != 0 {
                            continue;
                        }
                        let bits = (u64::from(input.sensed_bits) / per) as u32;
                        if bits == 0 {
                            continue;
                        }
                        for &m in POW2.iter().filter(|&&m| m <= MAX_MUX) {
                            let cols = u64::from(bits) * u64::from(m);
                            let denom = u64::from(br * bc) * u64::from(mr * mc) * cols;
                            if denom == 0
                                || !input.capacity_bits.is_multiple_of(denom)
                                || cols > 1 << 16
                            {
                                continue;
                            }
                            let rows = input.capacity_bits / denom;
                            if rows == 0 || rows > 1 << 16 {
                                continue;
                            }
                            for &msa in POW2.iter().filter(|&&x| x <= m) {
                                let rest = m / msa;
                                for &m1 in POW2.iter().filter(|&&x| x <= rest) {
                                    let m2 = rest / m1;
                                    if forced.mux_sense_amp.is_some_and(|x| x != msa)
                                        || forced.mux_output1.is_some_and(|x| x != m1)
                                        || forced.mux_output2.is_some_and(|x| x != m2)
                                    {
                                        continue;
                                    }
                                    // Without a forced level 2, keep the split to two levels.
                                    if forced.mux_output2.is_none() && m2 != 1 {
                                        continue;
                                    }
                                    f(Organization {
                                        bank_rows: br,
                                        bank_cols: bc,
                                        active_mats: am,
                                        mat_rows: mr,
                                        mat_cols: mc,
                                        active_subarrays: asub,
                                        subarray_rows: rows as u32,
                                        subarray_cols: cols as u32,
                                        mux_sense_amp: msa,
                                        mux_output1: m1,
                                        mux_output2: m2,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Searches every candidate and returns the best for the objective.
pub fn search(input: &ArrayInput, options: &SearchOptions) -> Result<SearchResult, SearchError> {
    let mut best: Option<(f64, ArrayResult)> = None;
    let mut excluded: BTreeMap<Constraint, u64> = BTreeMap::new();
    let mut evaluated = 0u64;
    let mut parts: HashMap<(u32, u32, u32, u32, u32), SubarrayPart> = HashMap::new();
    candidates(input, options, |org| match check(input, &org) {
        Err(c) => *excluded.entry(c).or_default() += 1,
        Ok(()) => {
            evaluated += 1;
            let key = (
                org.subarray_rows,
                org.subarray_cols,
                org.mux_sense_amp,
                org.mux_output1,
                org.mux_output2,
            );
            let part = parts
                .entry(key)
                .or_insert_with(|| subarray_part(input, &org));
            let r = evaluate_with(input, &org, part);
            let score = options.objective.score(&r);
            if !score.is_finite() {
                return;
            }
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, r));
            }
        }
    });
    match best {
        Some((_, best)) => Ok(SearchResult { best, evaluated }),
        None => Err(SearchError::Infeasible {
            by_constraint: excluded.into_iter().collect(),
        }),
    }
}
