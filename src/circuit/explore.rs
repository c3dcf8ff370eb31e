//! Organisation search: every bank / mat / subarray shape and mux degree that stores the capacity
//! and delivers the access width, evaluated and ranked by an objective.
//!
//! The space (all powers of two): mats per bank `rows × cols` with up to 4096 mats, one row of
//! mats active per access (part of a row only when forced); a mat of `2 × 2` subarrays (or `1 × 1`, `1 × 2`,
//! `2 × 1` when the CACTI assumption is off) with 1, 2 or 4 active; subarray columns = bits
//! delivered × total mux degree (1…1024), rows from the capacity; the mux degree split between
//! the sense-amp mux and the first output level. Forced organisations narrow the space. When no
//! candidate survives, [`SearchError::Infeasible`] counts how many each constraint excluded:
//! every candidate organisation of the (forced) space is counted once, under the first constraint
//! it fails — the enumeration's own divisibility and size limits as well as [`check`]'s.
//!
//! **Speed.** [`search`] returns exactly what [`search_exhaustive`] (every candidate evaluated
//! from scratch, in enumeration order, the first with the lowest score kept) returns, bit for bit,
//! but faster. Candidates that share a subarray (rows, columns and mux degrees — the part of the
//! evaluation that does not depend on the bank) are grouped and that part is computed once per
//! group, the groups sharing their row decoders and mux select drivers ([`SubarrayMemo`]). Each
//! group is bounded from below before any member is evaluated, by the score of its
//! bank-independent terms ([`subarray_breakdown`]); groups are visited lowest bound first, and
//! the search stops at the first group whose bound is above the best score found. Within a
//! group, each member is bounded again by all its terms with a floor for the H-tree wire
//! ([`breakdown_floor`], no wire sized) and skipped when that is above the best score. Ties are
//! broken by enumeration order, as the exhaustive scan breaks them, whatever the visiting
//! order. The bounds rely on two properties of the array model: the bank (mats, H-tree,
//! predecoders) only *adds* non-negative latency, energy, leakage and area to its subarrays, and
//! the wire floors never exceed the wires; `tests/search.rs` checks both for every candidate and
//! that the two searches agree over every shipped cell.

use serde::Serialize;

use crate::circuit::array::{
    breakdown_floor, check, evaluate, evaluate_with, subarray_breakdown, subarray_part_memo,
    ArrayInput, ArrayResult, Breakdown, Constraint, EnergyParts, LatencyParts, Organization,
    SubarrayMemo, SubarrayPart,
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
        /// How many candidate organisations each constraint excluded (non-zero counts only, in
        /// [`Constraint`] order). [`Constraint::Forced`] appears when the forced settings admit
        /// no organisation at all; otherwise the counts are those of the organisations the
        /// forced settings allow.
        by_constraint: Vec<(Constraint, u64)>,
    },
}

fn describe(counts: &[(Constraint, u64)]) -> String {
    if counts.is_empty() {
        return "every organisation that passed the checks gave a NaN or infinite score for the \
                objective (a model error: please report the input)"
            .into();
    }
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let reasons = counts
        .iter()
        .map(|(c, n)| match c {
            Constraint::Forced => format!("{n} excluded by the forced settings — {}", hint(*c)),
            _ => format!("{n} excluded because {} — {}", c.describe(), hint(*c)),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let noun = if total == 1 {
        "candidate"
    } else {
        "candidates"
    };
    format!("of {total} {noun}, {reasons}")
}

/// How to get past a constraint.
fn hint(c: Constraint) -> &'static str {
    match c {
        Constraint::CapacityMismatch => {
            "use a capacity that is a multiple of the access width (a power of two times it \
             always divides)"
        }
        Constraint::WidthMismatch => {
            "use a power-of-two access width, or force fewer active mats or subarrays"
        }
        Constraint::SubarraySize => {
            "change the capacity or the access width, or relax the forced bank, mat or mux \
             settings"
        }
        Constraint::CrossPointSize => {
            "use a smaller capacity, more mats, or a cell with an access device"
        }
        Constraint::DriverCurrent => {
            "raise the maximum driver current or use a cell with a lower write current"
        }
        Constraint::Forced => {
            "the search builds banks of 1…512 × 1…512 mats (powers of two, at most 4096 mats) \
             with a power-of-two number of active mats up to one row, mats with at most as many \
             active subarrays as they have, and power-of-two mux degrees with a product of at \
             most 1024: correct or relax the forced bank, mat and mux settings"
        }
        Constraint::Pruned => "a search without pruning would keep them",
    }
}

/// The outcome of a search: the best design and how many candidates were evaluated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResult {
    /// The best organisation's evaluation.
    pub best: ArrayResult,
    /// Candidates that passed every check. [`search`] evaluates only some of them in full (the
    /// others are bounded below by an evaluated one) but counts them all, as
    /// [`search_exhaustive`] does.
    pub evaluated: u64,
}

const POW2: [u32; 13] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
/// Most mats in one bank.
pub const MAX_MATS: u32 = 4096;
/// Largest total column mux degree.
pub const MAX_MUX: u32 = 1024;
/// Largest subarray rows or columns the enumeration hands to [`check`] (which allows fewer).
const MAX_ENUMERATED_DIM: u64 = 1 << 16;

/// Every constraint, in [`Constraint`]'s order (the order of `by_constraint`).
const CONSTRAINTS: [Constraint; 7] = [
    Constraint::CapacityMismatch,
    Constraint::WidthMismatch,
    Constraint::SubarraySize,
    Constraint::CrossPointSize,
    Constraint::DriverCurrent,
    Constraint::Forced,
    Constraint::Pruned,
];

/// Candidates excluded, per constraint (an array, not a map: the search adds thousands).
#[derive(Clone, Copy, Debug, Default)]
struct Tally([u64; CONSTRAINTS.len()]);

impl Tally {
    fn slot(c: Constraint) -> usize {
        match c {
            Constraint::CapacityMismatch => 0,
            Constraint::WidthMismatch => 1,
            Constraint::SubarraySize => 2,
            Constraint::CrossPointSize => 3,
            Constraint::DriverCurrent => 4,
            Constraint::Forced => 5,
            Constraint::Pruned => 6,
        }
    }

    fn add(&mut self, c: Constraint, n: u64) {
        self.0[Self::slot(c)] += n;
    }

    fn merge(mut self, other: Tally) -> Tally {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
        self
    }

    fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    fn counts(&self) -> Vec<(Constraint, u64)> {
        CONSTRAINTS
            .iter()
            .map(|&c| (c, self.0[Self::slot(c)]))
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

/// Degrees of the sense-amp mux and output levels 1 and 2.
type MuxSplit = (u32, u32, u32);

/// The parts of the space that depend only on the options: mat shapes and, for each total mux
/// degree `m` = 1, 2, 4 … [`MAX_MUX`], its splits `(sense-amp, output 1, output 2)` in
/// enumeration order.
struct Space {
    mat_shapes: Vec<(u32, u32)>,
    mux: Vec<(u32, Vec<MuxSplit>)>,
    /// Organisations below one (bank, active mats, mat, active subarrays) choice.
    per_access: u64,
}

impl Space {
    fn new(options: &SearchOptions) -> Space {
        let forced = options.forced;
        let mat_shapes = if let Some((r, c, _)) = forced.mat {
            // A forced mat may have any shape (NVSim accepts e.g. 1 × 4).
            vec![(r, c)]
        } else if options.cacti_assumption {
            vec![(2, 2)]
        } else {
            vec![(1, 1), (1, 2), (2, 1), (2, 2)]
        };
        let mux: Vec<(u32, Vec<MuxSplit>)> = POW2
            .iter()
            .filter(|&&m| m <= MAX_MUX)
            .map(|&m| {
                let mut splits = Vec::new();
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
                        splits.push((msa, m1, m2));
                    }
                }
                (m, splits)
            })
            .collect();
        let per_access = mux.iter().map(|(_, s)| s.len() as u64).sum();
        Space {
            mat_shapes,
            mux,
            per_access,
        }
    }
}

/// Enumerates the candidate organisations of the space the options allow, in a fixed order,
/// calling `f` on each that stores the capacity and delivers the sensed width with subarrays of
/// at most 65,536 rows and columns, and counting each of the others in `tally` under the first
/// constraint it fails (capacity, width, subarray size).
fn enumerate(
    input: &ArrayInput,
    options: &SearchOptions,
    tally: &mut Tally,
    mut f: impl FnMut(Organization),
) {
    let forced = options.forced;
    let space = Space::new(options);
    let sensed = u64::from(input.sensed_bits);
    let capacity = input.capacity_bits;
    for &br in &POW2[..10] {
        for &bc in &POW2[..10] {
            if br * bc > MAX_MATS {
                continue;
            }
            if forced.bank.is_some_and(|(r, c, _)| (r, c) != (br, bc)) {
                continue;
            }
            // Unforced, one whole row of mats is active (NVSim's and CACTI's layout: the H-tree
            // fans out to a row of mats); forced, any power of two up to a row.
            let am = forced.bank.map_or(bc, |(_, _, a)| a);
            if !am.is_power_of_two() || am > bc {
                continue;
            }
            for &(mr, mc) in &space.mat_shapes {
                let subs = u64::from(mr) * u64::from(mc);
                let mats_subs = u64::from(br * bc) * subs;
                for &asub in POW2.iter().filter(|&&a| u64::from(a) <= subs) {
                    if forced.mat.is_some_and(|(_, _, a)| a != asub) {
                        continue;
                    }
                    let per = u64::from(am) * u64::from(asub);
                    if sensed % per != 0 || sensed < per {
                        tally.add(Constraint::WidthMismatch, space.per_access);
                        continue;
                    }
                    let bits = sensed / per;
                    for (m, splits) in &space.mux {
                        if splits.is_empty() {
                            continue;
                        }
                        let n = splits.len() as u64;
                        let cols = bits * u64::from(*m);
                        let denom = mats_subs * cols;
                        if !capacity.is_multiple_of(denom) {
                            tally.add(Constraint::CapacityMismatch, n);
                            continue;
                        }
                        let rows = capacity / denom;
                        if rows == 0 || rows > MAX_ENUMERATED_DIM || cols > MAX_ENUMERATED_DIM {
                            tally.add(Constraint::SubarraySize, n);
                            continue;
                        }
                        for &(msa, m1, m2) in splits {
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

/// Enumerates candidate organisations (before the checks), calling `f` on each.
pub fn candidates(input: &ArrayInput, options: &SearchOptions, f: impl FnMut(Organization)) {
    enumerate(input, options, &mut Tally::default(), f);
}

/// The error for a search that kept nothing: the counts, and when the forced settings admit no
/// organisation at all, every organisation of the unforced space under [`Constraint::Forced`].
fn infeasible(
    input: &ArrayInput,
    options: &SearchOptions,
    mut tally: Tally,
    enumerated: u64,
) -> SearchError {
    if enumerated == 0 && tally.total() == 0 && options.forced != Forced::default() {
        let unforced = SearchOptions {
            forced: Forced::default(),
            ..*options
        };
        let mut all = Tally::default();
        let mut n = 0u64;
        enumerate(input, &unforced, &mut all, |_| n += 1);
        tally.add(Constraint::Forced, all.total() + n);
    }
    SearchError::Infeasible {
        by_constraint: tally.counts(),
    }
}

/// The best design so far: its score, its place in the enumeration (ties go to the earlier) and
/// its evaluation.
struct Best {
    score: f64,
    index: usize,
    result: ArrayResult,
}

/// Keeps `result` if it beats `best`: a lower finite score, or an equal one earlier in the
/// enumeration — the design a scan in enumeration order keeping strict improvements keeps.
fn offer(best: &mut Option<Best>, score: f64, index: usize, result: ArrayResult) {
    if !score.is_finite() {
        return;
    }
    let better = best
        .as_ref()
        .is_none_or(|b| score < b.score || (score == b.score && index < b.index));
    if better {
        *best = Some(Best {
            score,
            index,
            result,
        });
    }
}

/// Candidates with equal keys share their subarray evaluation ([`subarray_part_memo`]): rows and
/// columns (each at most 2^16, so 17 bits) and the three mux degrees (powers of two up to 2^10,
/// stored as 4-bit exponents). The active mats × subarrays, the other input the part reads,
/// follows from them (it delivers the sensed width). 46 bits: the low [`INDEX_BITS`] of a `u64`
/// are left for the candidate's index.
fn subarray_key(o: &Organization) -> u64 {
    debug_assert!(
        u64::from(o.subarray_rows) <= MAX_ENUMERATED_DIM
            && u64::from(o.subarray_cols) <= MAX_ENUMERATED_DIM
            && [o.mux_sense_amp, o.mux_output1, o.mux_output2]
                .iter()
                .all(|m| m.is_power_of_two() && *m <= MAX_MUX)
    );
    (u64::from(o.subarray_rows) << 29)
        | (u64::from(o.subarray_cols) << 12)
        | (u64::from(o.mux_sense_amp.trailing_zeros()) << 8)
        | (u64::from(o.mux_output1.trailing_zeros()) << 4)
        | u64::from(o.mux_output2.trailing_zeros())
}

/// Bits of a sort entry that hold the candidate's index. The space has at most 79 bank shapes ×
/// 8 (mat shape, active subarrays) choices × 66 mux splits = 41,712 organisations < 2^18;
/// [`search`] falls back to [`search_exhaustive`] should that ever change.
const INDEX_BITS: u32 = 18;

/// Relative slack taken off a floor so that rounding (a few units in the 16th digit) can never
/// make it exceed a true score.
const FLOOR_SLACK: f64 = 1e-9;

/// Sum of terms that must all be ≥ 0; NaN (no bound) otherwise.
fn sum_non_negative(terms: &[f64]) -> f64 {
    if terms.iter().all(|x| *x >= 0.0) {
        terms.iter().sum()
    } else {
        f64::NAN
    }
}

/// A lower bound on the score of an organisation whose breakdown terms are each at least those
/// of `b` ([`subarray_breakdown`] for every organisation with that subarray, [`breakdown_floor`]
/// for one organisation): the score of those terms alone, the area counted as cells, row and
/// column periphery and H-tree (the bank's footprint holds at least these), less a rounding
/// slack. NaN (never prunes) when a term is negative or NaN.
fn floor(objective: Objective, b: &Breakdown) -> f64 {
    let latency = |l: &LatencyParts| {
        1e-9 * sum_non_negative(&[
            l.htree_ns,
            l.predecoder_ns,
            l.row_decoder_ns,
            l.bitline_ns,
            l.sense_amp_ns,
            l.mux_ns,
            l.write_pulse_ns,
        ])
    };
    let energy = |e: &EnergyParts| {
        1e-12
            * sum_non_negative(&[
                e.htree_pj,
                e.predecoder_pj,
                e.row_decoder_pj,
                e.mux_decoder_pj,
                e.bitline_cell_pj,
                e.sense_amp_pj,
                e.mux_pj,
                e.precharge_pj,
            ])
    };
    let l = &b.leakage;
    let leakage =
        1e-3 * sum_non_negative(&[l.cells_mw, l.decoders_mw, l.column_periphery_mw, l.htree_mw]);
    let area = || {
        1e-6 * sum_non_negative(&[
            b.area.cells_mm2,
            b.area.row_periphery_mm2,
            b.area.column_periphery_mm2,
            b.area.htree_mm2,
        ])
    };
    let score = match objective {
        Objective::ReadLatency => latency(&b.read_latency),
        Objective::WriteLatency => latency(&b.write_latency),
        Objective::ReadEnergy => energy(&b.read_energy),
        Objective::WriteEnergy => energy(&b.write_energy),
        Objective::ReadEdp => energy(&b.read_energy) * latency(&b.read_latency),
        Objective::WriteEdp => energy(&b.write_energy) * latency(&b.write_latency),
        Objective::Leakage => leakage,
        Objective::Area => area(),
        Objective::Edap => energy(&b.read_energy) * latency(&b.read_latency) * area(),
    };
    score * (1.0 - FLOOR_SLACK)
}

/// A key that sorts floors ascending, NaN (no bound) first.
fn ascending(floor: f64) -> u64 {
    if floor.is_nan() {
        return 0;
    }
    // IEEE 754 bits in total order: flip a negative number's bits, set a positive one's sign.
    let bits = floor.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Candidates that share a subarray: its evaluation and the floor of their scores.
struct Group<'a> {
    floor: f64,
    /// Sort entries ([`subarray_key`] and index), in enumeration order.
    members: &'a [u64],
    part: SubarrayPart,
}

/// Searches every candidate and returns the best for the objective: the same design as
/// [`search_exhaustive`], found faster (see the module notes).
pub fn search(input: &ArrayInput, options: &SearchOptions) -> Result<SearchResult, SearchError> {
    let (mut enumeration, mut checks) = (Tally::default(), Tally::default());
    let mut enumerated = 0u64;
    let mut feasible: Vec<Organization> = Vec::new();
    enumerate(input, options, &mut enumeration, |org| {
        enumerated += 1;
        match check(input, &org) {
            Ok(()) => feasible.push(org),
            Err(c) => checks.add(c, 1),
        }
    });
    if feasible.len() >= 1 << INDEX_BITS {
        return search_exhaustive(input, options);
    }
    // Group the feasible candidates by subarray; within a group, enumeration order.
    let mut order: Vec<u64> = feasible
        .iter()
        .enumerate()
        .map(|(i, o)| (subarray_key(o) << INDEX_BITS) | i as u64)
        .collect();
    order.sort_unstable();
    // Evaluate each group's subarray once (sharing decoders and select drivers between them)
    // and bound the group by its bank-independent terms, before evaluating any member.
    let objective = options.objective;
    let vdd = input.ctx.vdd;
    let mut memo = SubarrayMemo::default();
    let index = |entry: u64| (entry & ((1 << INDEX_BITS) - 1)) as usize;
    let groups: Vec<Group> = order
        .chunk_by(|a, b| a >> INDEX_BITS == b >> INDEX_BITS)
        .map(|members| {
            let first = &feasible[index(members[0])];
            let part = subarray_part_memo(input, first, &mut memo);
            let floor = floor(objective, &subarray_breakdown(first, &part, vdd));
            Group {
                floor,
                members,
                part,
            }
        })
        .collect();
    // Best first: by floor, groups without a bound (NaN) before all others, equal floors in key
    // order. Ties in score go to the earliest candidate in enumeration order whatever the
    // visiting order ([`offer`]), so a group is skipped only when its floor is strictly above
    // the best score: then every member scores strictly worse, and so does every group after
    // it, whose floors are no lower.
    let mut visit: Vec<(u64, usize)> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (ascending(g.floor), i))
        .collect();
    visit.sort_unstable();
    let mut best: Option<Best> = None;
    for group in visit.iter().map(|&(_, i)| &groups[i]) {
        if best.as_ref().is_some_and(|b| group.floor > b.score) {
            break;
        }
        for &entry in group.members {
            let i = index(entry);
            let org = &feasible[i];
            let own = floor(objective, &breakdown_floor(input, org, &group.part));
            if best.as_ref().is_some_and(|b| own > b.score) {
                continue;
            }
            let r = evaluate_with(input, org, &group.part);
            let score = objective.score(&r);
            debug_assert!(
                [group.floor, own]
                    .iter()
                    .all(|f| score.partial_cmp(f) != Some(std::cmp::Ordering::Less)),
                "{:?}: score {score} below its floor {own} or its group's {}",
                r.organization,
                group.floor
            );
            offer(&mut best, score, i, r);
        }
    }
    match best {
        Some(b) => Ok(SearchResult {
            best: b.result,
            evaluated: feasible.len() as u64,
        }),
        None => Err(infeasible(
            input,
            options,
            enumeration.merge(checks),
            enumerated,
        )),
    }
}

/// The reference search: every candidate that passes [`check`] evaluated from scratch
/// ([`evaluate`]), in enumeration order, keeping each strictly better score. Slow; [`search`]
/// must return exactly its result (tests/search.rs).
pub fn search_exhaustive(
    input: &ArrayInput,
    options: &SearchOptions,
) -> Result<SearchResult, SearchError> {
    let (mut enumeration, mut checks) = (Tally::default(), Tally::default());
    let mut enumerated = 0u64;
    let mut evaluated = 0u64;
    let mut best: Option<(f64, ArrayResult)> = None;
    enumerate(input, options, &mut enumeration, |org| {
        enumerated += 1;
        match check(input, &org) {
            Err(c) => checks.add(c, 1),
            Ok(()) => {
                evaluated += 1;
                let r = evaluate(input, &org);
                let score = options.objective.score(&r);
                if score.is_finite() && best.as_ref().is_none_or(|(s, _)| score < *s) {
                    best = Some((score, r));
                }
            }
        }
    });
    match best {
        Some((_, best)) => Ok(SearchResult { best, evaluated }),
        None => Err(infeasible(
            input,
            options,
            enumeration.merge(checks),
            enumerated,
        )),
    }
}
