//! The organisation search: the fast [`search`] against the exhaustive reference
//! [`search_exhaustive`] (every candidate evaluated from scratch, in enumeration order), and the
//! counting of the candidates an infeasible search excluded.
//!
//! Equivalence: every shipped cell preset (loaded through the `Library`, placed at its node's
//! CACTI tables) × RAMs and caches (data and tag arrays) of several capacities, widths and access
//! modes × all 9 objectives, with the roadmap, routing, repeaters, write accounting, mat shapes
//! (CACTI assumption on/off) and a few forced settings rotated over the cases. The two searches
//! must return the same `Result` bit for bit (compared through `{:?}`, which prints every `f64`
//! exactly, so `-0.0` and `0.0` differ): the same best organisation, the same metrics and
//! breakdown, the same candidate count, or the same error with the same counts.
//!
//! A debug build (`cargo test`) runs every third case; `cargo test --release` runs them all.

mod common;

use std::sync::OnceLock;

use nvmcalc::circuit::array::periphery::{
    global_driver, global_driver_floor, repeated_wire, repeated_wire_floor, Load,
};
use nvmcalc::circuit::array::{
    breakdown_floor, check, evaluate_with, subarray_breakdown, subarray_part, ArrayInput,
    Breakdown, Constraint, Repeaters, Routing, WriteAccounting,
};
use nvmcalc::circuit::cache::{array_inputs, design, AccessMode, CacheSpec};
use nvmcalc::circuit::cell::CellSpec;
use nvmcalc::circuit::explore::{
    candidates, search, search_exhaustive, Forced, Objective, SearchError, SearchOptions,
    SearchResult,
};
use nvmcalc::circuit::tech::Ctx;
use nvmcalc::circuit::tech::{Node, Projection, Roadmap, WireClass, WireLayer};
use nvmcalc::Library;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(common::shipped_library)
}

/// The node a cell is placed at: the CACTI tables of its own node size.
fn node_of(cell: &CellSpec) -> &'static Node {
    let nm = cell.node_nm.map(|n| n.round() as u32);
    let id = format!("cacti_{}nm", nm.unwrap_or(22));
    library()
        .nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("{}: no node {id} in the library", cell.id))
}

const TEMPERATURE_K: f64 = 350.0;
const KIB_BITS: u64 = 8 * 1024;
const MIB_BITS: u64 = 1024 * KIB_BITS;

/// One array input with search options, rotated by `k` over the interconnect and model options.
fn base(cell: &CellSpec, k: usize) -> ArrayInput {
    let node = node_of(cell);
    let roadmaps: Vec<Roadmap> = node.roadmaps.iter().map(|(r, _)| r).collect();
    let roadmap = roadmaps[k % roadmaps.len()];
    let ctx = Ctx::new(
        node,
        roadmap,
        TEMPERATURE_K,
        WireClass::new(WireLayer::Local, Projection::Aggressive),
        WireClass::new(WireLayer::Global, Projection::Aggressive),
    )
    .unwrap_or_else(|e| panic!("{} {roadmap:?}: {e}", node.id));
    let defaults = ArrayInput::new(cell.electrical(&ctx), ctx);
    ArrayInput {
        routing: if k % 4 == 3 {
            Routing::Bus
        } else {
            Routing::HTree
        },
        repeaters: match k % 3 {
            0 => Repeaters::None,
            1 => Repeaters::Optimal { penalty: 0.0 },
            _ => Repeaters::Optimal { penalty: 0.2 },
        },
        write_accounting: if k % 5 == 2 {
            WriteAccounting::NvsimLegacy
        } else {
            WriteAccounting::PerBit
        },
        ..defaults
    }
}

/// A RAM of `capacity_bits` with `width`-bit words, address bits as `compat::run` sets them.
fn ram(base: &ArrayInput, capacity_bits: u64, width: u32) -> ArrayInput {
    base.ram(capacity_bits, width)
}

/// RAMs: (capacity, word width); the last is not a power of two (non-power-of-two rows) and
/// one is infeasible (capacity not a multiple of any subarray).
const RAMS: [(u64, u32); 5] = [
    (256 * KIB_BITS, 64),
    (2 * MIB_BITS, 512),
    (16 * MIB_BITS, 256),
    (3 * MIB_BITS, 128),
    (MIB_BITS + 8, 64),
];

/// Caches: (capacity, ways, access mode).
const CACHES: [(u64, u32, AccessMode); 3] = [
    (MIB_BITS * 8, 16, AccessMode::Normal),
    (MIB_BITS * 64, 16, AccessMode::Sequential),
    (MIB_BITS * 24, 12, AccessMode::Fast),
];

fn cache_spec(capacity_bits: u64, ways: u32, mode: AccessMode) -> CacheSpec {
    CacheSpec {
        slice_capacity_bits: capacity_bits,
        slices: 1,
        line_bytes: 64,
        sector_bytes: 64,
        associativity: ways,
        address_bits: 48,
        access_mode: mode,
    }
}

/// Forced settings rotated over the cases: none most of the time, sometimes a mux degree, a
/// non-standard mat, a second output mux level, or a bank.
fn forced(k: usize) -> Forced {
    match k % 7 {
        1 => Forced {
            mux_sense_amp: Some(4),
            ..Forced::default()
        },
        3 => Forced {
            mat: Some((1, 4, 2)),
            ..Forced::default()
        },
        5 => Forced {
            mux_output2: Some(2),
            ..Forced::default()
        },
        6 if k.is_multiple_of(2) => Forced {
            bank: Some((8, 4, 2)),
            ..Forced::default()
        },
        _ => Forced::default(),
    }
}

struct Case {
    label: String,
    input: ArrayInput,
    cacti_assumption: bool,
    forced: Forced,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (c, cell) in library().cells.iter().enumerate() {
        for (i, &(capacity, width)) in RAMS.iter().enumerate() {
            let k = c + i;
            let mut input = ram(&base(cell, k), capacity, width);
            if k % 6 == 4 {
                // A driver limit that no cell meets: infeasible, counted.
                input.max_driver_current_a = Some(1e-9);
            }
            out.push(Case {
                label: format!("{} RAM {capacity} bits × {width}", cell.id),
                input,
                cacti_assumption: k % 3 != 1,
                forced: forced(k),
            });
        }
        for (i, &(capacity, ways, mode)) in CACHES.iter().enumerate() {
            let k = c + i + RAMS.len();
            let spec = cache_spec(capacity, ways, mode);
            for (input, array) in array_inputs(&spec, &base(cell, k))
                .into_iter()
                .zip(["data", "tag"])
            {
                out.push(Case {
                    label: format!(
                        "{} cache {} MiB {ways}-way {mode:?} {array}",
                        cell.id,
                        capacity / MIB_BITS / 8
                    ),
                    input,
                    cacti_assumption: k % 3 != 1,
                    forced: Forced::default(),
                });
            }
        }
    }
    out
}

fn exact(r: &Result<SearchResult, SearchError>) -> String {
    format!("{r:?}")
}

/// The fast search returns exactly the exhaustive search's result, for every case and objective.
#[test]
fn fast_search_equals_exhaustive_search() {
    let step = if cfg!(debug_assertions) { 3 } else { 1 };
    let (mut compared, mut feasible, mut infeasible) = (0, 0, 0);
    let mut mismatches = Vec::new();
    for case in cases().iter().step_by(step) {
        for (word, objective) in Objective::ALL {
            let options = SearchOptions {
                objective,
                cacti_assumption: case.cacti_assumption,
                forced: case.forced,
            };
            let fast = search(&case.input, &options);
            let slow = search_exhaustive(&case.input, &options);
            compared += 1;
            match &slow {
                Ok(_) => feasible += 1,
                Err(_) => infeasible += 1,
            }
            if exact(&fast) != exact(&slow) {
                mismatches.push(format!(
                    "{} {word} (CACTI mats {}, forced {:?}):\n  fast:       {}\n  exhaustive: {}",
                    case.label,
                    case.cacti_assumption,
                    case.forced,
                    summary(&fast),
                    summary(&slow)
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {compared} searches differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    let min = 600 / step;
    assert!(
        compared >= min && feasible > compared / 2 && infeasible > 0,
        "only {compared} searches compared ({feasible} feasible, {infeasible} infeasible)"
    );
}

fn summary(r: &Result<SearchResult, SearchError>) -> String {
    match r {
        Ok(r) => format!(
            "{:?}, {} candidates, metrics {:?}",
            r.best.organization, r.evaluated, r.best.metrics
        ),
        Err(e) => format!("{e:?}"),
    }
}

/// `cache_arrays` builds the inputs `cache::design` searches: its data and tag designs are the
/// searches of those inputs.
#[test]
fn cache_inputs_are_those_of_cache_design() {
    for cell in &library().cells {
        for &(capacity, ways, mode) in &CACHES {
            let spec = cache_spec(capacity, ways, mode);
            let b = base(cell, 0);
            let options = SearchOptions {
                objective: Objective::Edap,
                cacti_assumption: true,
                forced: Forced::default(),
            };
            let d = design(&spec, &b, &options).unwrap_or_else(|e| panic!("{}: {e}", cell.id));
            let [data, tag] = array_inputs(&spec, &b);
            let searched = |input| search(&input, &options).expect("design").best;
            assert_eq!(d.data, searched(data), "{} {mode:?} data", cell.id);
            assert_eq!(d.tag, searched(tag), "{} {mode:?} tag", cell.id);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The floors the search prunes with

/// Every term of a breakdown, named.
fn terms(b: &Breakdown) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for (path, l) in [("read", &b.read_latency), ("write", &b.write_latency)] {
        for (name, v) in [
            ("htree_ns", l.htree_ns),
            ("predecoder_ns", l.predecoder_ns),
            ("row_decoder_ns", l.row_decoder_ns),
            ("bitline_ns", l.bitline_ns),
            ("sense_amp_ns", l.sense_amp_ns),
            ("mux_ns", l.mux_ns),
            ("write_pulse_ns", l.write_pulse_ns),
        ] {
            out.push((format!("{path}_latency.{name}"), v));
        }
    }
    for (path, e) in [("read", &b.read_energy), ("write", &b.write_energy)] {
        for (name, v) in [
            ("htree_pj", e.htree_pj),
            ("predecoder_pj", e.predecoder_pj),
            ("row_decoder_pj", e.row_decoder_pj),
            ("mux_decoder_pj", e.mux_decoder_pj),
            ("bitline_cell_pj", e.bitline_cell_pj),
            ("sense_amp_pj", e.sense_amp_pj),
            ("mux_pj", e.mux_pj),
            ("precharge_pj", e.precharge_pj),
        ] {
            out.push((format!("{path}_energy.{name}"), v));
        }
    }
    let (l, a) = (&b.leakage, &b.area);
    for (name, v) in [
        ("leakage.cells_mw", l.cells_mw),
        ("leakage.decoders_mw", l.decoders_mw),
        ("leakage.column_periphery_mw", l.column_periphery_mw),
        ("leakage.htree_mw", l.htree_mw),
        ("area.cells_mm2", a.cells_mm2),
        ("area.row_periphery_mm2", a.row_periphery_mm2),
        ("area.column_periphery_mm2", a.column_periphery_mm2),
        ("area.mat_periphery_mm2", a.mat_periphery_mm2),
        ("area.htree_mm2", a.htree_mm2),
    ] {
        out.push((name.to_string(), v));
    }
    out
}

/// `floor` is at most `value`, allowing rounding (a few units in the 16th digit; the search
/// takes 1e-9 off its floors).
fn at_most(floor: f64, value: f64) -> bool {
    floor <= value + 1e-12 * value.abs()
}

/// The search skips a candidate when a floor of its score is above the best score, so the
/// floors must never exceed an evaluation: every term of `subarray_breakdown` and of
/// `breakdown_floor` is at most the evaluated term, and the area is at least the cells, row and
/// column periphery and H-tree, for every candidate of every case (the equivalence test sees
/// only the candidates the search did not skip).
#[test]
fn floors_never_exceed_the_evaluation() {
    let step = if cfg!(debug_assertions) { 5 } else { 1 };
    let (mut checked, mut failures) = (0u64, Vec::new());
    for case in cases().iter().step_by(step) {
        let options = SearchOptions {
            objective: Objective::Edap,
            cacti_assumption: case.cacti_assumption,
            forced: case.forced,
        };
        let input = &case.input;
        candidates(input, &options, |org| {
            if check(input, &org).is_err() {
                return;
            }
            checked += 1;
            let part = subarray_part(input, &org);
            let r = evaluate_with(input, &org, &part);
            let actual = terms(&r.breakdown);
            for (which, floor) in [
                (
                    "subarray_breakdown",
                    subarray_breakdown(&org, &part, input.ctx.vdd),
                ),
                ("breakdown_floor", breakdown_floor(input, &org, &part)),
            ] {
                for ((name, f), (_, a)) in terms(&floor).iter().zip(&actual) {
                    if !at_most(*f, *a) {
                        failures.push(format!("{} {org:?}: {which} {name} {f} > {a}", case.label));
                    }
                }
                let a = &floor.area;
                let sum = 1e-6
                    * (a.cells_mm2 + a.row_periphery_mm2 + a.column_periphery_mm2 + a.htree_mm2);
                if !at_most(sum, r.metrics.area.m2()) {
                    failures.push(format!(
                        "{} {org:?}: {which} area terms {sum} m² > area {}",
                        case.label,
                        r.metrics.area.m2()
                    ));
                }
            }
        });
    }
    assert!(
        failures.is_empty(),
        "{} floors above the evaluation:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(checked > 10_000, "only {checked} candidates checked");
}

/// The wire floors stay below the driver and the repeated wire they bound, from a micrometre to
/// 5 cm, for every node and roadmap the cases use and every repeater penalty.
#[test]
fn wire_floors_never_exceed_the_wires() {
    let mut checked = 0;
    for (c, cell) in library().cells.iter().enumerate() {
        for k in 0..3 {
            let ctx = base(cell, c + k).ctx;
            let mat_in = ctx.inv_in(ctx.w_min) * 4.0;
            for i in 0..=47 {
                let length = 1e-6 * 10f64.powf(f64::from(i) / 10.0);
                let load = Load {
                    r: ctx.global.0 * length,
                    c_line: ctx.global.1 * length,
                    c_end: mat_in,
                };
                let (f, w) = (
                    global_driver_floor(&ctx, load),
                    global_driver(&ctx, load, 0.0),
                );
                assert!(
                    at_most(f.delay, w.delay) && at_most(f.energy, w.energy),
                    "{}: driver over {length} m: floor {f:?}, driver {w:?}",
                    cell.id
                );
                for penalty in [0.0, 0.05, 0.2, 0.5] {
                    let f = repeated_wire_floor(&ctx, ctx.global, length, penalty);
                    let w = repeated_wire(&ctx, ctx.global, length, penalty, 0.0);
                    assert!(
                        at_most(f.delay, w.delay) && at_most(f.energy, w.energy),
                        "{}: repeated wire over {length} m, penalty {penalty}: floor {f:?}, \
                         wire {w:?}",
                        cell.id
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100);
}

// ---------------------------------------------------------------------------------------------
// What an infeasible search counts

/// Organisations in the unforced space with the CACTI assumption: 79 bank shapes (rows and
/// columns 1 … 512, at most 4096 mats) × 2 × 2 mats with 1, 2 or 4 active subarrays × 66 mux
/// splits (total degree 2^j, j = 0 … 10, split j + 1 ways between the sense-amp mux and the
/// first output level).
const CACTI_SPACE: u64 = 79 * 3 * 66;
/// Without the CACTI assumption: mats of 1 × 1, 1 × 2, 2 × 1, 2 × 2 with 1 + 2 + 2 + 3 choices
/// of active subarrays.
const FULL_SPACE: u64 = 79 * 8 * 66;

fn stt_ram(capacity_bits: u64, width: u32) -> ArrayInput {
    let cell = library()
        .cells
        .iter()
        .find(|c| c.id == "stt_22nm")
        .expect("stt_22nm preset");
    ram(&base(cell, 0), capacity_bits, width)
}

fn counts(input: &ArrayInput, cacti: bool, forced: Forced) -> (Vec<(Constraint, u64)>, String) {
    let options = SearchOptions {
        objective: Objective::Edap,
        cacti_assumption: cacti,
        forced,
    };
    let fast = search(input, &options);
    assert_eq!(exact(&fast), exact(&search_exhaustive(input, &options)));
    match fast {
        Ok(r) => panic!("found {:?}", r.best.organization),
        Err(e @ SearchError::Infeasible { .. }) => {
            let msg = e.to_string();
            let SearchError::Infeasible { by_constraint } = e;
            (by_constraint, msg)
        }
    }
}

fn total(counts: &[(Constraint, u64)]) -> u64 {
    counts.iter().map(|(_, n)| n).sum()
}

/// A capacity no subarray shape divides (2^20 + 8 bits of 64-bit words): every organisation of
/// the space is counted once, under the width or the capacity constraint, and the message gives
/// each count.
#[test]
fn every_candidate_of_an_infeasible_search_is_counted_once() {
    let input = stt_ram(MIB_BITS + 8, 64);
    for (cacti, space) in [(true, CACTI_SPACE), (false, FULL_SPACE)] {
        let (counts, msg) = counts(&input, cacti, Forced::default());
        assert_eq!(total(&counts), space, "{counts:?}");
        assert!(
            counts
                .iter()
                .any(|(c, _)| *c == Constraint::CapacityMismatch),
            "{counts:?}"
        );
        for (c, n) in &counts {
            assert!(
                msg.contains(&format!("{n} excluded because {}", c.describe())),
                "{msg}"
            );
        }
        assert!(
            msg.starts_with(&format!("no feasible organisation: of {space} candidates")),
            "{msg}"
        );
        assert!(!counts.iter().any(|(c, _)| *c == Constraint::Forced));
    }
}

/// Forced settings that admit no organisation (8 active mats in a bank 4 mats wide; a mux degree
/// that is not a power of two) exclude the whole space, counted as `Forced`.
#[test]
fn forced_settings_that_admit_nothing_are_counted_as_forced() {
    let input = stt_ram(2 * MIB_BITS, 512);
    for forced in [
        Forced {
            bank: Some((4, 4, 8)),
            ..Forced::default()
        },
        Forced {
            mux_sense_amp: Some(3),
            ..Forced::default()
        },
        Forced {
            mat: Some((2, 2, 8)),
            ..Forced::default()
        },
    ] {
        let (counts, msg) = counts(&input, true, forced);
        assert_eq!(
            counts,
            vec![(Constraint::Forced, CACTI_SPACE)],
            "{forced:?}"
        );
        assert!(msg.contains("excluded by the forced settings"), "{msg}");
    }
}

/// Within forced settings that admit some organisations, the counts are those of the
/// organisations they admit: a forced sense-amp mux of 8 leaves 79 banks × 3 mats × 8 mux splits
/// (total degree 8 … 1024, the rest on output level 1).
#[test]
fn forced_searches_count_the_organisations_the_forcing_admits() {
    let input = stt_ram(MIB_BITS + 8, 64);
    let forced = Forced {
        mux_sense_amp: Some(8),
        ..Forced::default()
    };
    let (counts, _) = counts(&input, true, forced);
    assert_eq!(total(&counts), 79 * 3 * 8, "{counts:?}");
}
