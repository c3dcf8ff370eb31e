//! The across-networks analysis in links: `nets` round-trips, is written only where it means
//! something, and bad ids are named with what is accepted.

mod common;

use nvmcalc::outcome::{run, Outcome, OutcomeError};
use nvmcalc::scenario::{Analysis, MAX_NETWORKS};
use nvmcalc::Scenario;
use proptest::prelude::*;

const MAIN: &str = "v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&wl=resnet50_inference_nvmx\
&delay=access&net=resnet50&phase=inference&batch=32&elem=2&gpu=gtx_1080_ti";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn nets_round_trip_in_any_order(picks in proptest::collection::vec(0usize..64, 0..8)) {
        let lib = common::shipped_library();
        let mut nets: Vec<String> = Vec::new();
        for p in picks {
            let id = &lib.networks[p % lib.networks.len()].id;
            if !nets.contains(id) {
                nets.push(id.clone());
            }
        }
        let mut s = Scenario::from_query(MAIN, &lib).scenario;
        s.analysis = Analysis::Workloads;
        s.networks = nets.clone();
        let q = s.to_query(false);
        prop_assert_eq!(q.contains("&nets="), !nets.is_empty(), "{}", q);
        let d = Scenario::from_query(&q, &lib);
        prop_assert!(d.notices.is_empty(), "{q}: {:?}", d.notices);
        prop_assert_eq!(&d.scenario, &s);
        prop_assert_eq!(d.scenario.to_query(false), q);
    }
}

#[test]
fn nets_is_written_only_with_the_workloads_analysis() {
    let lib = common::shipped_library();
    let d = Scenario::from_query(
        &format!("{MAIN}&an=workloads&nets=bert_base,resnet18"),
        &lib,
    );
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.scenario.analysis, Analysis::Workloads);
    assert_eq!(d.scenario.networks, ["bert_base", "resnet18"]);
    assert!(d
        .scenario
        .to_query(false)
        .ends_with("&an=workloads&nets=bert_base,resnet18"));
    // The default set (every network) writes no `nets`.
    let mut s = d.scenario.clone();
    s.networks.clear();
    assert!(s.to_query(false).ends_with("&an=workloads"));
    // Another analysis does not write it.
    s.networks = vec!["bert_base".into()];
    s.analysis = Analysis::IsoCapacity;
    assert!(!s.to_query(false).contains("nets="));
}

#[test]
fn bad_nets_ids_are_named_with_the_accepted_ids_and_skipped() {
    let lib = common::shipped_library();
    let d = Scenario::from_query(
        &format!("{MAIN}&an=workloads&nets=resnet18,nope,resnet18,%3Cb%3E,bert_base"),
        &lib,
    );
    assert_eq!(d.scenario.networks, ["resnet18", "bert_base"]);
    let texts: Vec<String> = d.notices.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(
        texts[0].starts_with(
            "URL parameter `nets` = `nope`: not a loaded network preset; accepted: alexnet, vgg16"
        ),
        "{}",
        texts[0]
    );
    assert!(texts[0].contains("llama2_7b; skipped"), "{}", texts[0]);
    assert!(
        texts[1].contains("`resnet18`: listed twice"),
        "{}",
        texts[1]
    );
    assert!(
        texts[2].contains("`<b>`: not a loaded network preset"),
        "{}",
        texts[2]
    );

    // Nothing usable: every network, with a notice.
    let d = Scenario::from_query(&format!("{MAIN}&an=workloads&nets=x,y"), &lib);
    assert!(d.scenario.networks.is_empty());
    assert!(d
        .notices
        .last()
        .unwrap()
        .message
        .starts_with("names no loaded network; using every network preset"));

    // Without `an=workloads` it is ignored, and said so.
    let d = Scenario::from_query(&format!("{MAIN}&nets=resnet18"), &lib);
    assert!(d.scenario.networks.is_empty());
    assert_eq!(d.notices.len(), 1);
    assert!(
        d.notices[0].message.contains("`an=workloads`"),
        "{:?}",
        d.notices
    );

    // At most MAX_NETWORKS.
    let many: Vec<&str> = lib.networks.iter().map(|n| n.id.as_str()).collect();
    assert!(many.len() <= MAX_NETWORKS);
}

#[test]
fn the_workloads_analysis_runs_from_a_link_and_needs_a_main_network() {
    let lib = common::shipped_library();
    let d = Scenario::from_query(
        &format!("{MAIN}&an=workloads&nets=vit_b16,gpt2_small"),
        &lib,
    );
    let Ok(Outcome::Workloads(r)) = run(&lib, &d.scenario, &[]) else {
        panic!("a workloads report")
    };
    let ids: Vec<&str> = r.networks.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["vit_b16", "gpt2_small"]);
    assert_eq!(r.baseline, "sram_16nm");
    assert_eq!(r.gpu, "gtx_1080_ti");

    let d = Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm&base=sram_16nm&an=workloads",
        &lib,
    );
    let err = run(&lib, &d.scenario, &[]).unwrap_err();
    assert!(matches!(err, OutcomeError::NeedsNetwork { .. }), "{err:?}");
    let e = err.to_string();
    assert!(e.contains("across networks") && e.contains("`net=`"), "{e}");
}
