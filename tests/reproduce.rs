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

use nvmcalc::study::reproduce::{deepnvm, TOLERANCE_PCT};

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
    }
}
