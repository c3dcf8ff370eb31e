//! The link parameter table (`src/scenario/param.rs`) against what it drives: the README's
//! parameter table is the one the code renders, every key in the table is read by the decoder and
//! written by `to_query`, and any scenario a link can hold comes back from its own link unchanged.

mod common;

use std::fs;
use std::path::Path;

use proptest::prelude::*;

use nvmcalc::circuit::explore::Objective;
use nvmcalc::design::config::{CacheConfig, ConfigField, Layout, ACCESS_MODES};
use nvmcalc::design::eval::{DelayDefinition, EnergyScope, LeakagePeriod};
use nvmcalc::gpu::network::{Input, Phase, MAX_BATCH, MAX_DECODE_TOKENS, MAX_SEQ_LEN};
use nvmcalc::gpu::workload::DlWorkload;
use nvmcalc::scenario::param::{markdown_table, ParamId, PARAMS};
use nvmcalc::scenario::{Analysis, Study, ELEMENT_BYTES, MAX_NETWORKS, MAX_TECHNOLOGIES};
use nvmcalc::Scenario;

const BEGIN: &str = "<!-- parameter table: begin -->";
const END: &str = "<!-- parameter table: end -->";

#[test]
fn the_readme_table_is_the_one_the_code_renders() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = fs::read_to_string(&path).expect("README.md is readable");
    let expected = markdown_table();
    let section = readme
        .split_once(BEGIN)
        .and_then(|(_, rest)| rest.split_once(END))
        .map(|(table, _)| table.trim_matches('\n'));
    match section {
        Some(table) if table == expected.trim_end() => {}
        Some(_) => panic!(
            "README.md's parameter table differs from src/scenario/param.rs; replace the lines \
             between `{BEGIN}` and `{END}` with:\n\n{expected}"
        ),
        None => {
            panic!("README.md has no `{BEGIN}` … `{END}` section; add one holding:\n\n{expected}")
        }
    }
}

/// Decode steps are inference, and the phase's example is training: the decode example is read
/// in a link of its own ([`decode_is_read_and_written`]). `study` sets the page's view, not the
/// scenario `to_query` writes: it has its own round trip ([`study_is_read_and_written`]).
fn in_example_link(id: ParamId) -> bool {
    id != ParamId::DecodeTokens && id != ParamId::Study
}

/// The link made of every parameter's example, in table order.
fn example_link() -> String {
    PARAMS
        .iter()
        .filter(|p| in_example_link(p.id))
        .map(|p| format!("{}={}", p.key, p.example))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn every_parameter_is_read_and_written() {
    let lib = common::shipped_library();
    let link = example_link();
    let full = Scenario::from_query(&link, &lib);
    assert!(full.notices.is_empty(), "{link}: {:?}", full.notices);
    assert!(full.embed);
    // Every example differs from its default, so the link written back names every key, and
    // names it with the example.
    let written = full.scenario.to_query(full.embed);
    assert_eq!(
        written, link,
        "the examples' link is written back as it was"
    );
    for p in PARAMS.iter().filter(|p| in_example_link(p.id)) {
        assert!(
            written.contains(&format!("{}={}", p.key, p.example)),
            "`{}` is not written: {written}",
            p.key
        );
    }
    // Without any one key (but the version) the link decodes to something else: each key is read.
    for p in PARAMS
        .iter()
        .filter(|p| p.id != ParamId::Version && in_example_link(p.id))
    {
        let without: Vec<String> = PARAMS
            .iter()
            .filter(|q| q.key != p.key && in_example_link(q.id))
            .map(|q| format!("{}={}", q.key, q.example))
            .collect();
        let d = Scenario::from_query(&without.join("&"), &lib);
        assert!(
            (&d.scenario, d.embed) != (&full.scenario, full.embed),
            "`{}={}` changes nothing",
            p.key,
            p.example
        );
    }
    let other_version = Scenario::from_query("v=2", &lib);
    assert_eq!(other_version.notices.len(), 1);
    assert_eq!(other_version.notices[0].key, "v");
}

#[test]
fn decode_is_read_and_written() {
    let lib = common::shipped_library();
    let decode = PARAMS
        .iter()
        .find(|p| p.id == ParamId::DecodeTokens)
        .unwrap();
    let link = format!("v=1&net=gpt2_small&seq=512&decode={}", decode.example);
    let d = Scenario::from_query(&link, &lib);
    assert!(d.notices.is_empty(), "{link}: {:?}", d.notices);
    let written = d.scenario.to_query(false);
    assert!(
        written.contains(&format!("&seq=512&decode={}", decode.example)),
        "{written}"
    );
    let again = Scenario::from_query(&written, &lib);
    assert!(again.notices.is_empty(), "{written}: {:?}", again.notices);
    assert_eq!(again.scenario, d.scenario);
}

/// `study` opens the page on a study's reproduction: read with any scenario, written back by the
/// page's address bar (`to_page_query`) after the scenario's keys, never by a scenario's own link.
#[test]
fn study_is_read_and_written() {
    let lib = common::shipped_library();
    let study = PARAMS.iter().find(|p| p.id == ParamId::Study).unwrap();
    let scenario_link = example_link();
    let link = format!("{scenario_link}&{}={}", study.key, study.example);
    let d = Scenario::from_query(&link, &lib);
    assert!(d.notices.is_empty(), "{link}: {:?}", d.notices);
    assert_eq!(d.study, Some(Study::DeepNvm));
    assert_eq!(
        d.scenario,
        Scenario::from_query(&scenario_link, &lib).scenario,
        "the study changes no scenario key"
    );
    assert_eq!(d.scenario.to_page_query(d.embed, d.study), link);
    assert_eq!(d.scenario.to_query(d.embed), scenario_link);
    for (word, s) in Study::ALL {
        let q = s.query();
        assert_eq!(q, format!("v=1&{}={word}", study.key));
        let back = Scenario::from_query(&q, &lib);
        assert!(back.notices.is_empty(), "{q}: {:?}", back.notices);
        assert_eq!(back.study, Some(s));
        assert_eq!(
            back.scenario,
            Scenario::opening(&lib),
            "{q}: the opening view below it"
        );
    }
}

#[test]
fn unknown_keys_are_named_with_every_known_key() {
    let lib = common::shipped_library();
    let d = Scenario::from_query("colour=red", &lib);
    assert_eq!(d.notices.len(), 1);
    for p in &PARAMS {
        assert!(
            d.notices[0].message.contains(&format!(" {},", p.key))
                || d.notices[0].message.contains(&format!(" {})", p.key)),
            "{} is missing from {}",
            p.key,
            d.notices[0]
        );
    }
}

/// A cache every cell could be built into: whole power-of-two sets per slice, within the ranges.
fn cache() -> impl Strategy<Value = CacheConfig> {
    (
        (1u32..=24, 0u32..=14, 0u32..=6, 4u32..=9),
        (3u32..=9, any::<bool>(), 0usize..ACCESS_MODES.len()),
        (
            0usize..4,
            0usize..3,
            300u32..=400,
            0usize..Objective::ALL.len(),
        ),
    )
        .prop_filter_map(
            "capacity out of range",
            |(
                (slices, log_sets, log_assoc, log_line),
                (log_sector, mono, mode),
                (node, rm, temp, obj),
            )| {
                let line = 1u32 << log_line;
                let slice = (1u64 << log_sets) << (log_assoc + log_line);
                let mut c = CacheConfig {
                    capacity_bytes: slice * u64::from(slices),
                    slices,
                    layout: if mono {
                        Layout::Monolithic
                    } else {
                        Layout::Sliced
                    },
                    line_bytes: line,
                    sector_bytes: (1u32 << log_sector).min(line),
                    associativity: 1 << log_assoc,
                    access_mode: ACCESS_MODES[mode].1,
                    temperature_k: temp,
                    objective: Objective::ALL[obj].1,
                    ..CacheConfig::default()
                };
                c.set(ConfigField::Node, ["cell", "22", "16", "nvsim_32nm"][node])
                    .ok()?;
                // CACTI's 16 nm table (the 16 nm cells' own node) gives only HP: another roadmap
                // there is settled with a notice (tests/link_hardening.rs), not a round trip.
                let rm = if node == 1 || node == 3 { rm } else { 0 };
                c.set(ConfigField::Roadmap, ["hp", "lstp", "lop"][rm])
                    .ok()?;
                c.validate().ok().map(|()| c)
            },
        )
}

/// A network workload on any loaded network and GPU (`None` half the time).
fn network(
    networks: usize,
    gpus: usize,
) -> impl Strategy<Value = Option<(usize, usize, DlWorkload)>> {
    proptest::option::of((
        0..networks,
        0..gpus,
        any::<bool>(),
        1..=MAX_BATCH,
        proptest::option::of(1..=MAX_SEQ_LEN),
        proptest::option::of(1..=MAX_DECODE_TOKENS),
        0..ELEMENT_BYTES.len(),
    ))
    .prop_map(|o| {
        o.map(
            |(net, gpu, training, batch, seq_len, decode_tokens, elem)| {
                let w = DlWorkload {
                    network: String::new(),
                    phase: if training {
                        Phase::Training
                    } else {
                        Phase::Inference
                    },
                    batch,
                    seq_len,
                    decode_tokens,
                    element_bytes: ELEMENT_BYTES[elem],
                    gpu: String::new(),
                    measured: None,
                };
                (net, gpu, w)
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any scenario a link can hold (no custom cells: `custom_cells.rs` covers those) is decoded
    /// from its own link without a notice, unchanged, and writes the same link again.
    #[test]
    fn a_scenario_comes_back_from_its_link(
        (picks, rotate, base_pick) in (proptest::collection::vec(any::<bool>(), 32), 0usize..32, 0usize..32),
        wl_pick in 0usize..64,
        (delay, energy, leak, embed) in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        cache in cache(),
        network in network(11, 4),
        analysis in 0usize..Analysis::ALL.len(),
        (net_picks, net_rotate) in (proptest::collection::vec(any::<bool>(), 16), 0usize..16),
    ) {
        let lib = common::shipped_library();
        let ids: Vec<String> = lib
            .technologies
            .iter()
            .map(|t| t.id.clone())
            .chain(lib.cells.iter().map(|c| c.id.clone()))
            .collect();
        let mut technologies: Vec<String> = ids
            .iter()
            .zip(picks.iter().cycle())
            .filter(|(_, p)| **p)
            .map(|(id, _)| id.clone())
            .collect();
        prop_assume!(!technologies.is_empty());
        let r = rotate % technologies.len();
        technologies.rotate_left(r);
        technologies.truncate(MAX_TECHNOLOGIES);
        let baseline = technologies[base_pick % technologies.len()].clone();
        let network = network.map(|(net, gpu, mut w)| {
            let n = &lib.networks[net % lib.networks.len()];
            w.network = n.id.clone();
            w.gpu = lib.gpus[gpu % lib.gpus.len()].id.clone();
            // What the network can run: a sequence for token networks only, within the
            // context with its decoded tokens, and decoding in inference.
            match n.input {
                Input::Image { .. } => (w.seq_len, w.decode_tokens) = (None, None),
                Input::Tokens { max_seq_len, .. } => {
                    if w.phase == Phase::Training {
                        w.decode_tokens = None;
                    }
                    let d = w.decode_tokens.map_or(0, |d| d.min(max_seq_len) - 1);
                    w.decode_tokens = w.decode_tokens.map(|d| d.min(max_seq_len));
                    w.seq_len = Some(w.seq_len.unwrap_or(1).min(max_seq_len - d))
                        .filter(|_| w.seq_len.is_some() || w.decode_tokens.is_some());
                }
            }
            w
        });
        let analysis = Analysis::ALL[analysis].1;
        let mut networks: Vec<String> = Vec::new();
        if analysis == Analysis::Workloads {
            networks = lib
                .networks
                .iter()
                .zip(net_picks.iter())
                .filter(|(_, p)| **p)
                .map(|(n, _)| n.id.clone())
                .collect();
            if !networks.is_empty() {
                let r = net_rotate % networks.len();
                networks.rotate_left(r);
            }
            networks.truncate(MAX_NETWORKS);
        }
        let s = Scenario {
            technologies,
            baseline,
            workload: lib.workloads[wl_pick % lib.workloads.len()].id.clone(),
            delay: if delay { DelayDefinition::ExecutionTime } else { DelayDefinition::AccessTime },
            energy: if energy { EnergyScope::L2 } else { EnergyScope::L2Dram },
            leakage: if leak { LeakagePeriod::Access } else { LeakagePeriod::Run },
            cache,
            network,
            analysis,
            cells: Vec::new(),
            networks,
            profile: None,
        };
        let query = s.to_query(embed);
        let decoded = Scenario::from_query(&query, &lib);
        prop_assert!(decoded.notices.is_empty(), "{query}: {:?}", decoded.notices);
        prop_assert_eq!(decoded.embed, embed);
        prop_assert_eq!(&decoded.scenario, &s, "{}", query);
        prop_assert_eq!(decoded.scenario.to_query(embed), query);
    }
}
