//! Every shipped node file (`presets/nodes/*.toml`) parses, names its sources, and holds numbers
//! in physically sensible ranges; a broken node file is refused with every problem and its line.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use nvmcalc::circuit::tech::{
    parse_node, Channel, Node, Projection, Roadmap, WireClass, WireLayer,
};

/// Every node file, parsed; panics with the full error list when one is invalid.
fn shipped_nodes() -> Vec<Node> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("presets")
        .join("nodes");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("presets/nodes is readable")
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .into_string()
                .expect("UTF-8 name")
        })
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|name| {
            let text = fs::read_to_string(dir.join(name)).expect("node file is readable");
            parse_node(&format!("nodes/{name}"), &text).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

/// The source family of a node, from its id prefix (`cacti_22nm` → `cacti`).
fn family(node: &Node) -> &str {
    node.id.split('_').next().unwrap_or("")
}

#[test]
fn the_required_nodes_are_shipped() {
    let nodes = shipped_nodes();
    let sizes: Vec<f64> = nodes.iter().map(|n| n.feature_size.nm()).collect();
    for nm in [90.0, 65.0, 45.0, 32.0, 22.0, 16.0, 14.0, 7.0] {
        assert!(sizes.contains(&nm), "no node file for {nm} nm: {sizes:?}");
    }
}

#[test]
fn every_table_names_a_source() {
    for node in shipped_nodes() {
        assert!(
            node.source.trim().len() > 20,
            "{}: source too thin",
            node.id
        );
        assert!(node.roadmaps.iter().count() >= 1, "{}: no roadmap", node.id);
        for (roadmap, params) in node.roadmaps.iter() {
            assert!(
                !params.source.trim().is_empty(),
                "{} {roadmap:?}: empty source",
                node.id
            );
        }
        assert!(!node.wires.is_empty(), "{}: no wire class", node.id);
        for (class, wire) in &node.wires {
            assert!(
                !wire.source.trim().is_empty(),
                "{} {}: empty source",
                node.id,
                class.name()
            );
        }
    }
}

#[test]
fn supply_voltages_and_on_currents_are_in_range() {
    for node in shipped_nodes() {
        for (roadmap, params) in node.roadmaps.iter() {
            let v = params.vdd.v();
            assert!(
                (0.5..=1.5).contains(&v),
                "{} {roadmap:?}: Vdd {v} V",
                node.id
            );
            let (t_min, t_max) = params.temperature_range_k();
            assert!(
                t_min <= 300.0 && t_max >= 350.0,
                "{} {roadmap:?}: table {t_min}–{t_max} K",
                node.id
            );
            for t in [300.0, 350.0] {
                let d = node.device_at(roadmap, t).unwrap();
                for (ch, i) in [("n", d.i_on_n_ua_per_um), ("p", d.i_on_p_ua_per_um)] {
                    assert!(
                        (100.0..=3000.0).contains(&i),
                        "{} {roadmap:?} {t} K: I_on,{ch} = {i} µA/µm",
                        node.id
                    );
                }
                if let Some(vth) = params.vth {
                    assert!(vth.v() < v, "{} {roadmap:?}: Vth ≥ Vdd", node.id);
                }
            }
        }
    }
}

#[test]
fn leakage_rises_with_temperature_at_every_table_step() {
    for node in shipped_nodes() {
        for (roadmap, params) in node.roadmaps.iter() {
            // never falls from one table entry to the next (NVSim's 90 nm HP PMOS table is flat
            // over its first three entries), and is clearly higher at the top of the table
            let mut last = (0.0, 0.0);
            for &t in &params.temperatures_k {
                let d = node.device_at(roadmap, t).unwrap();
                let now = (d.i_off_n_na_per_um, d.i_off_p_na_per_um);
                assert!(
                    now.0 >= last.0 && now.1 >= last.1,
                    "{} {roadmap:?}: I_off falls at {t} K: {last:?} → {now:?}",
                    node.id
                );
                last = now;
            }
            let (t_min, t_max) = params.temperature_range_k();
            let (lo, hi) = (
                node.device_at(roadmap, t_min).unwrap(),
                node.device_at(roadmap, t_max).unwrap(),
            );
            assert!(
                hi.i_off_n_na_per_um > 1.05 * lo.i_off_n_na_per_um,
                "{} {roadmap:?}: I_off,n flat",
                node.id
            );
            assert!(
                hi.i_off_p_na_per_um > 1.01 * lo.i_off_p_na_per_um,
                "{} {roadmap:?}: I_off,p flat",
                node.id
            );
        }
    }
}

#[test]
fn high_performance_devices_leak_more_than_low_standby_power_ones() {
    let mut compared = 0;
    for node in shipped_nodes() {
        let (Some(hp), Some(lstp)) = (node.device(Roadmap::Hp), node.device(Roadmap::Lstp)) else {
            continue;
        };
        for &t in hp.temperatures_k.iter().filter(|t| lstp.at(**t).is_ok()) {
            let h = hp.at(t).unwrap().i_off_n_na_per_um;
            let l = lstp.at(t).unwrap().i_off_n_na_per_um;
            assert!(
                h > 10.0 * l,
                "{} at {t} K: HP {h} nA/µm vs LSTP {l} nA/µm",
                node.id
            );
            compared += 1;
        }
        if let Some(lop) = node.device(Roadmap::Lop) {
            let l = lstp.at(300.0).unwrap().i_off_n_na_per_um;
            let o = lop.at(300.0).unwrap().i_off_n_na_per_um;
            let h = hp.at(300.0).unwrap().i_off_n_na_per_um;
            assert!(
                l < o && o < h,
                "{}: LSTP {l} < LOP {o} < HP {h} nA/µm at 300 K",
                node.id
            );
        }
    }
    assert!(compared > 20, "too few HP/LSTP comparisons: {compared}");
}

#[test]
fn smaller_nodes_have_smaller_minimum_transistors() {
    // group by source family, roadmap and device type (planar / FinFET): a FinFET fin is not
    // comparable with a planar 1.5 F device
    let mut groups: BTreeMap<(String, Roadmap, bool), Vec<(f64, f64)>> = BTreeMap::new();
    for node in shipped_nodes() {
        for (roadmap, params) in node.roadmaps.iter() {
            let d = node.device_at(roadmap, 300.0).unwrap();
            let w = node.min_transistor_width(roadmap).unwrap();
            let c = d.gate_cap(w).ff();
            assert!(
                c > 0.005 && c < 1.0,
                "{} {roadmap:?}: C_g(min) = {c} fF",
                node.id
            );
            let key = (family(&node).to_string(), roadmap, params.fins.is_some());
            groups
                .entry(key)
                .or_default()
                .push((node.feature_size.nm(), c));
        }
    }
    let mut checked = 0;
    for (key, mut list) in groups {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
        for pair in list.windows(2) {
            assert!(
                pair[0].1 < pair[1].1,
                "{key:?}: C_g(min) {} fF at {} nm not below {} fF at {} nm",
                pair[0].1,
                pair[0].0,
                pair[1].1,
                pair[1].0
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "too few node pairs compared: {checked}");
}

#[test]
fn on_resistance_falls_with_width_and_is_in_range() {
    for node in shipped_nodes() {
        for (roadmap, _) in node.roadmaps.iter() {
            let d = node.device_at(roadmap, 350.0).unwrap();
            let w = node.min_transistor_width(roadmap).unwrap();
            let r1 = d.r_on(w, Channel::Nmos).ohm();
            let r4 = d.r_on(w * 4.0, Channel::Nmos).ohm();
            assert!((r1 / r4 - 4.0).abs() < 1e-9, "{} {roadmap:?}", node.id);
            // a minimum NMOS has a few kΩ to a few tens of kΩ
            assert!(
                (500.0..=100_000.0).contains(&r1),
                "{} {roadmap:?}: R_on(min) = {r1} Ω",
                node.id
            );
            // PMOS is not always weaker: NVSim's 45 and 32 nm LOP tables give I_on,p > I_on,n
            let rp = d.r_on(w, Channel::Pmos).ohm();
            assert!(
                (0.5 * r1..=5.0 * r1).contains(&rp),
                "{} {roadmap:?}: R_on,p {rp} Ω vs R_on,n {r1} Ω",
                node.id
            );
        }
    }
}

#[test]
fn wires_have_sensible_r_and_c() {
    for node in shipped_nodes() {
        for (class, wire) in &node.wires {
            let r = wire.r_per_um(350.0).unwrap().ohm();
            let c = wire.c_per_um().ff();
            assert!(
                (0.01..=500.0).contains(&r),
                "{} {}: {r} Ω/µm",
                node.id,
                class.name()
            );
            assert!(
                (0.05..=1.0).contains(&c),
                "{} {}: {c} fF/µm",
                node.id,
                class.name()
            );
        }
        for projection in [Projection::Aggressive, Projection::Conservative] {
            let r = |layer| {
                node.wire(WireClass::new(layer, projection))
                    .map(|w| w.r_per_um(300.0).unwrap().ohm())
            };
            if let (Some(local), Some(semi), Some(global)) = (
                r(WireLayer::Local),
                r(WireLayer::SemiGlobal),
                r(WireLayer::Global),
            ) {
                assert!(
                    local > semi && semi > global,
                    "{} {projection:?}: {local} / {semi} / {global} Ω/µm",
                    node.id
                );
            }
        }
        // wire resistance per µm grows as the node shrinks (checked below across the family)
    }
    let nodes = shipped_nodes();
    let local: Vec<(f64, f64)> = nodes
        .iter()
        .filter(|n| family(n) == "cacti")
        .filter_map(|n| {
            let w = n.wire(WireClass::new(WireLayer::Local, Projection::Aggressive))?;
            Some((n.feature_size.nm(), w.r_per_um(300.0).ok()?.ohm()))
        })
        .collect();
    assert!(local.len() >= 5);
    for a in &local {
        for b in &local {
            if a.0 < b.0 {
                assert!(a.1 > b.1, "local wire R: {a:?} (nm, Ω/µm) not above {b:?}");
            }
        }
    }
}

const BROKEN: &str = r#"id = "broken_node"
name = "Broken"
feature_size_nm = 22
source = "a test"

[hp]
source = ""
vdd_v = 8
l_phys_nm = 9
c_gate_ideal_ff_per_um = 0.327
c_fringe_ff_per_um = 0.06
c_overlap_to_ideal_ratio = 0.2
c_junction_ff_per_um2 = 0
c_junction_sidewall_ff_per_um = 0.25
r_eff_multiplier = 1.45
pn_width_ratio = 2
temperatures_k = [300, 350, 400]
i_on_n_ua_per_um = 2626.4
i_on_p_ua_per_um = "fast"
i_off_n_na_per_um = [121.6, 215.2]
i_off_p_to_n_ratio = 1
leakage_mw = 3

[wires.local_aggressive]
source = "a test"
pitch_nm = 55
r_ohm_per_um = -15
c_ff_per_um = 0.2
"#;

#[test]
fn a_broken_node_file_lists_every_problem_with_its_line() {
    let errors = parse_node("nodes/broken_node.toml", BROKEN).unwrap_err();
    let text = errors.to_string();
    for expected in [
        "nodes/broken_node.toml:7: hp.source = \"\": must not be empty",
        "nodes/broken_node.toml:8: hp.vdd_v = 8: must be a finite number from 0.1 to 5",
        "nodes/broken_node.toml:19: hp.i_on_p_ua_per_um = \"fast\": must be a finite number > 0",
        "nodes/broken_node.toml:20: hp.i_off_n_na_per_um = […2 entries]: must have one entry per temperatures_k entry (3)",
        "nodes/broken_node.toml:22: hp.leakage_mw = 3: unknown key (misspelt?)",
        "nodes/broken_node.toml:27: wires.local_aggressive.r_ohm_per_um = -15: must be a finite number > 0",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(errors.0.len(), 6, "{text}");
    assert!(text.starts_with("6 problems in the presets:"), "{text}");
}

#[test]
fn shipped_numbers_reproduce_published_values() {
    let nodes = shipped_nodes();
    let node = |id: &str| {
        nodes
            .iter()
            .find(|n| n.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    // device-data.md §3f: CACTI 16 nm aggressive local wire ≈ 15.0 Ω/µm and 0.224 fF/µm
    let n16 = node("cacti_16nm");
    let local = n16
        .wire(WireClass::new(WireLayer::Local, Projection::Aggressive))
        .unwrap();
    assert!((local.r_per_um(293.0).unwrap().ohm() - 15.0).abs() < 1e-9);
    assert!((local.c_per_um().ff() - 0.224).abs() < 0.001);
    // device-data.md §3b: CACTI 16 nm HP I_off 0.130 / 0.230 / 5.22 µA/µm at 300 / 350 / 400 K
    for (t, ua) in [(300.0, 0.130), (350.0, 0.230), (400.0, 5.22)] {
        let i = n16.device_at(Roadmap::Hp, t).unwrap().i_off_n_na_per_um / 1000.0;
        assert!((i - ua).abs() / ua < 0.01, "{t} K: {i} µA/µm vs {ua}");
    }
    // device-data.md §3c: IRDS 14 nm C_gate ≈ 1.13 fF/µm; 7 nm ≈ 0.94 fF/µm
    let c14 = node("irds_14nm")
        .device(Roadmap::Lop)
        .unwrap()
        .c_gate_ideal_ff_per_um;
    let c7 = node("irds_7nm")
        .device(Roadmap::Lop)
        .unwrap()
        .c_gate_ideal_ff_per_um;
    assert!(
        (c14 - 1.13).abs() < 0.005 && (c7 - 0.94).abs() < 0.005,
        "{c14} {c7}"
    );
}
