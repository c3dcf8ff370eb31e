//! Property tests: no NaN or negative results, monotonicity, URL round trips, and a URL decoder that
//! never panics and always yields a valid scenario.

mod common;

use nvmcalc::eval::{evaluate, DelayDefinition};
use nvmcalc::technology::{MemoryKind, Metrics, Technology};
use nvmcalc::units::{Area, Capacity, Energy, Power, Time};
use nvmcalc::workload::Workload;
use nvmcalc::{Comparison, Scenario};
use proptest::prelude::*;

fn technology(m: [f64; 6], access_bits: u32) -> Technology {
    Technology {
        id: "t".into(),
        name: "T".into(),
        memory: MemoryKind::SttMram,
        capacity: Capacity::from_kib(2048).unwrap(),
        node_nm: None,
        access_bits,
        metrics: Metrics {
            area: Area::from_mm2(m[0]),
            read_latency: Time::from_ns(m[1]),
            write_latency: Time::from_ns(m[2]),
            read_energy: Energy::from_pj(m[3]),
            write_energy: Energy::from_pj(m[4]),
            leakage: Power::from_mw(m[5]),
        },
        source: "property test".into(),
        notes: None,
    }
}

fn workload(reads: f64, writes: f64, access_bytes: u32, ms: f64) -> Workload {
    Workload {
        id: "w".into(),
        name: "W".into(),
        reads,
        writes,
        access_bytes,
        execution_time: Time::from_ms(ms),
        source: "property test".into(),
        derivation: "property test".into(),
    }
}

fn metrics() -> impl Strategy<Value = [f64; 6]> {
    [
        1e-3..1e3f64,
        1e-2..1e3f64,
        1e-2..1e3f64,
        0.0..1e4f64,
        0.0..1e4f64,
        0.0..1e5f64,
    ]
}

proptest! {
    #[test]
    fn evaluation_is_finite_and_non_negative(
        m in metrics(), bits in 1u32..4096, reads in 0.0..1e12f64, writes in 0.0..1e12f64,
        bytes in 1u32..1024, ms in 1e-6..1e4f64,
    ) {
        for delay in [DelayDefinition::AccessTime, DelayDefinition::ExecutionTime] {
            let e = evaluate(&technology(m, bits), &workload(reads, writes, bytes, ms), delay);
            for x in [e.energy.j(), e.dynamic_energy.j(), e.leakage_energy.j(), e.delay.s(), e.edp.js(), e.edap.js_m2()] {
                prop_assert!(x.is_finite() && x >= 0.0, "{x}");
            }
        }
    }

    #[test]
    fn more_traffic_never_costs_less(m in metrics(), reads in 0.0..1e9f64, extra in 0.0..1e9f64, ms in 1e-3..1e3f64) {
        let t = technology(m, 512);
        let a = evaluate(&t, &workload(reads, reads / 3.0, 32, ms), DelayDefinition::AccessTime);
        let b = evaluate(&t, &workload(reads + extra, reads / 3.0, 32, ms), DelayDefinition::AccessTime);
        prop_assert!(b.energy.j() >= a.energy.j());
        prop_assert!(b.delay.s() >= a.delay.s());
        prop_assert!(b.edp.js() >= a.edp.js());
    }

    #[test]
    fn worse_metrics_never_give_a_better_edp(m in metrics(), factor in 1.0..10.0f64) {
        let w = workload(1e6, 3e5, 32, 1.0);
        let base = evaluate(&technology(m, 512), &w, DelayDefinition::AccessTime);
        let worse = m.map(|x| x * factor);
        let e = evaluate(&technology(worse, 512), &w, DelayDefinition::AccessTime);
        prop_assert!(e.edp.js() >= base.edp.js() * (1.0 - 1e-12));
    }

    #[test]
    fn url_round_trip(mask in 1u32..(1 << 13), base_pick in 0usize..13, wl_pick in 0usize..4, exec in any::<bool>(), embed in any::<bool>()) {
        let lib = common::shipped_library();
        let technologies: Vec<String> = lib.technologies.iter().enumerate()
            .filter(|(i, _)| mask & (1 << (i % 32)) != 0).map(|(_, t)| t.id.clone()).collect();
        prop_assume!(!technologies.is_empty());
        let baseline = technologies[base_pick % technologies.len()].clone();
        let workload = lib.workloads[wl_pick % lib.workloads.len()].id.clone();
        let delay = if exec { DelayDefinition::ExecutionTime } else { DelayDefinition::AccessTime };
        let s = Scenario { technologies, baseline, workload, delay };
        let decoded = Scenario::from_query(&s.to_query(embed), &lib);
        prop_assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
        prop_assert_eq!(decoded.embed, embed);
        prop_assert_eq!(decoded.scenario, s);
    }

    #[test]
    fn any_query_decodes_to_a_valid_scenario(query in ".{0,300}") {
        let lib = common::shipped_library();
        let d = Scenario::from_query(&query, &lib);
        prop_assert!(!d.scenario.technologies.is_empty());
        prop_assert!(d.scenario.technologies.contains(&d.scenario.baseline));
        prop_assert!(Comparison::from_scenario(&lib, &d.scenario).is_ok());
    }

    #[test]
    fn structured_garbage_decodes_to_a_valid_scenario(
        parts in proptest::collection::vec(("(v|tech|base|wl|delay|embed|x)", "[a-z0-9_,%<>&=]{0,40}"), 0..8)
    ) {
        let lib = common::shipped_library();
        let query: Vec<String> = parts.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let d = Scenario::from_query(&query.join("&"), &lib);
        prop_assert!(d.scenario.technologies.contains(&d.scenario.baseline));
        prop_assert!(Comparison::from_scenario(&lib, &d.scenario).is_ok());
    }
}

#[test]
fn baseline_ratios_are_exactly_one() {
    let lib = common::shipped_library();
    let c = Comparison::from_scenario(&lib, &lib.default_scenario).unwrap();
    let base = c
        .rows
        .iter()
        .find(|r| r.technology.id == c.baseline)
        .unwrap();
    let r = base.vs_baseline;
    for x in [
        r.area,
        r.read_latency,
        r.write_latency,
        r.read_energy,
        r.write_energy,
        r.leakage,
        r.energy,
        r.delay,
        r.edp,
        r.edap,
    ] {
        assert_eq!(x, Some(1.0));
    }
}

#[test]
fn zero_baseline_values_give_no_ratio_rather_than_infinity() {
    let lib = common::shipped_library();
    let s = Scenario {
        technologies: vec![
            "nvmx_sram_22nm_2mb_readedp".into(),
            "nvmx_stt_opt_22nm_2mb_readedp".into(),
        ],
        baseline: "nvmx_sram_22nm_2mb_readedp".into(),
        workload: "resnet50_weights_nvmx".into(),
        delay: DelayDefinition::AccessTime,
    };
    let mut lib = lib;
    lib.technologies[0].metrics.write_energy = Energy::ZERO;
    let c = Comparison::from_scenario(&lib, &s).unwrap();
    assert_eq!(c.rows[1].vs_baseline.write_energy, None);
}
