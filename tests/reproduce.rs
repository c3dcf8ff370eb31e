//! Golden test of the DeepNVM++ reproduction (`nvmcalc reproduce deepnvm`).
//!
//! Tolerances: each headline number the reproduction meets must stay within ±10 % of the paper
//! (the target; `reproduce::TOLERANCE_PCT`). The numbers it does **not** meet (STT's
//! iso-capacity EDP gain, 2.93× against 3.8×, and both iso-area EDP gains, 1.32× / 1.07× against
//! 2× / 2.3×: see docs/roadmap.md, "DeepNVM++ fit") are pinned to today's values within ±5 %, so
//! that any change of the model shows up here and this list is revisited; the command and the
//! closing note report them as MISSED, never hidden.

mod common;

use std::process::Command;

use nvmcalc::outcome::run;
use nvmcalc::scenario::Analysis;
use nvmcalc::study::reproduce::{deepnvm, Claim, DEEPNVM_SETUP, TOLERANCE_PCT};
use nvmcalc::Scenario;
use serde_json::Value;

/// (claim prefix, paper, today's value when not yet reproduced).
const CLAIMS: [(&str, f64, Option<f64>); 10] = [
    ("iso-capacity EDP reduction, STT-MRAM", 3.8, Some(2.933)),
    ("iso-capacity EDP reduction, SOT-MRAM", 4.7, None),
    ("iso-capacity area reduction, STT-MRAM", 2.4, None),
    ("iso-capacity area reduction, SOT-MRAM", 2.8, None),
    ("iso-area capacity, STT-MRAM", 2.3, None),
    ("iso-area capacity, SOT-MRAM", 3.3, None),
    ("iso-area EDP reduction, STT-MRAM", 2.0, Some(1.318)),
    ("iso-area EDP reduction, SOT-MRAM", 2.3, Some(1.073)),
    ("EDP reduction at 512 MiB, STT-MRAM", 100.0, None),
    ("EDP reduction at 512 MiB, SOT-MRAM", 100.0, None),
];

#[test]
fn deepnvm_reproduction_table() {
    let lib = common::shipped_library();
    let r = deepnvm(&lib).expect("reproduction runs");
    assert_eq!(r.claims.len(), CLAIMS.len());
    for (c, (prefix, paper, pinned)) in r.claims.iter().zip(CLAIMS) {
        assert!(c.claim.starts_with(prefix), "{} vs {prefix}", c.claim);
        assert_eq!(c.paper, paper, "{prefix}");
        assert!(c.ours.is_finite() && c.ours > 0.0, "{prefix}: {}", c.ours);
        let diff = (c.ours - c.paper) / c.paper * 100.0;
        assert!((c.diff_pct - diff).abs() < 1e-9, "{prefix}");
        match pinned {
            None => {
                let within = match c.check.as_str() {
                    "at_least" => c.diff_pct >= -TOLERANCE_PCT,
                    _ => c.diff_pct.abs() <= TOLERANCE_PCT,
                };
                assert!(
                    within && c.pass,
                    "{prefix}: ours {} vs paper {} ({:+.1} %), outside its {TOLERANCE_PCT} % check",
                    c.ours,
                    c.paper,
                    c.diff_pct
                );
            }
            Some(today) => {
                assert!(
                    !c.pass,
                    "{prefix} now passes ({}): move it to the reproduced list",
                    c.ours
                );
                assert!(
                    ((c.ours - today) / today).abs() <= 0.05,
                    "{prefix}: {} moved from {today}; update the pinned value and the note",
                    c.ours
                );
            }
        }
    }
}

#[test]
fn reproduce_json_is_a_list_of_claim_paper_ours_diff() {
    let out = Command::new(env!("CARGO_BIN_EXE_nvmcalc"))
        .arg("--presets")
        .arg(common::presets_dir())
        .args(["reproduce", "deepnvm", "--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), CLAIMS.len());
    let lib = common::shipped_library();
    let r = deepnvm(&lib).expect("runs");
    for (item, c) in list.iter().zip(&r.claims) {
        for key in ["claim", "paper", "ours", "diff_pct"] {
            assert!(item.get(key).is_some(), "missing {key}: {item}");
        }
        // The command prints what the library computes (to the last digit JSON parsing keeps).
        let printed = item["ours"].as_f64().expect("number");
        assert!(
            (printed - c.ours).abs() <= 1e-12 * c.ours.abs(),
            "{printed} vs {}",
            c.ours
        );
        assert_eq!(item["claim"].as_str(), Some(c.claim.as_str()));
        // Each claim carries its run: the workload where it is a best-of, and its view's link.
        let r = &item["run"];
        assert_eq!(r["link"].as_str(), Some(c.run.link.as_str()));
        assert!(c.run.link.starts_with("v=1&"), "{}", c.run.link);
        assert_eq!(
            r["workload"].as_str().is_some(),
            c.claim.contains("best workload"),
            "{item}"
        );
    }
}

/// The number a claim's calculator view shows: the row of `technology` (at `capacity_kib` in a
/// sweep) of the view's report, the value of `key`.
fn shown(c: &Claim, report: &Value) -> f64 {
    let r = &c.run;
    let rows: Vec<&Value> = match r.analysis.as_str() {
        "iso_capacity" | "iso_area" => report["technologies"]
            .as_array()
            .expect("technologies")
            .iter()
            .collect(),
        "scaling" => report["points"]
            .as_array()
            .expect("points")
            .iter()
            .filter(|p| p["capacity_kib"].as_f64() == r.capacity_kib)
            .collect(),
        // The area table: the same on every network; the page shows the first network's.
        "workloads" => report["networks"][0]["technologies"]
            .as_array()
            .expect("networks")
            .iter()
            .collect(),
        other => panic!("{}: an analysis the test does not read: {other}", c.claim),
    };
    let row = rows
        .iter()
        .find(|row| row["id"].as_str() == Some(r.technology.as_str()))
        .unwrap_or_else(|| panic!("{}: no row of {} in {report}", c.claim, r.technology));
    row[r.key.as_str()]
        .as_f64()
        .unwrap_or_else(|| panic!("{}: no `{}` in {row}", c.claim, r.key))
}

/// The strongest check of the links: each claim's view, decoded as the page decodes a link and
/// run through the one entry point the page and the CLI call, shows ours in its table.
#[test]
fn every_claim_opens_in_the_calculator_with_our_number() {
    let lib = common::shipped_library();
    let r = deepnvm(&lib).expect("reproduction runs");
    for c in &r.claims {
        let d = Scenario::from_query(&c.run.link, &lib);
        assert!(d.notices.is_empty(), "{}: {:?}", c.claim, d.notices);
        assert_eq!(d.study, None, "{}: a calculator view", c.claim);
        assert_eq!(
            Some(d.scenario.analysis),
            Analysis::from_word(&c.run.analysis),
            "{}",
            c.claim
        );
        let network = d.scenario.network.as_ref().expect("a network view");
        if let Some(w) = &c.run.workload {
            let name = lib.network(&network.network).expect("loaded").name.clone();
            assert_eq!(
                *w,
                format!("{name}, {}, batch {}", network.phase.word(), network.batch),
                "{}: the workload in words is the link's",
                c.claim
            );
        }
        let outcome = run(&lib, &d.scenario, &[]).unwrap_or_else(|e| panic!("{}: {e}", c.claim));
        let report: Value = serde_json::from_str(&outcome.to_json()).expect("JSON");
        let x = shown(c, &report);
        let calculator = if c.run.inverse { 1.0 / x } else { x };
        assert!(
            ((calculator - c.ours) / c.ours).abs() <= 1e-9,
            "{}: the calculator's view shows {x} ({} → {calculator}), ours is {}",
            c.claim,
            c.run.key,
            c.ours
        );
    }
}

/// A best-of claim names the best of the twelve runs: no run's view shows a better number.
#[test]
fn a_best_workload_is_the_best_of_the_runs() {
    let lib = common::shipped_library();
    let r = deepnvm(&lib).expect("reproduction runs");
    let best_of: Vec<&Claim> = r
        .claims
        .iter()
        .filter(|c| c.run.workload.is_some())
        .collect();
    assert_eq!(
        best_of.len(),
        6,
        "iso-capacity, iso-area and 512 MiB EDP, two cells each"
    );
    for c in best_of {
        let best = Scenario::from_query(&c.run.link, &lib).scenario;
        for net in DEEPNVM_SETUP.networks {
            for phase in ["inference", "training"] {
                let mut s = best.clone();
                let w = s.network.as_mut().expect("a network");
                w.network = net.to_string();
                w.phase = nvmcalc::gpu::network::Phase::from_word(phase).expect("a phase");
                let outcome = run(&lib, &s, &[]).expect("runs");
                let report: Value = serde_json::from_str(&outcome.to_json()).expect("JSON");
                let gain = 1.0 / shown(c, &report);
                assert!(
                    gain <= c.ours * (1.0 + 1e-12),
                    "{}: {net} {phase} gives {gain}, more than the named best ({}) {}",
                    c.claim,
                    c.run.workload.as_deref().unwrap_or("?"),
                    c.ours
                );
            }
        }
    }
}
