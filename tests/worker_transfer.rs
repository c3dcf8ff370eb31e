//! The page's Web Worker hands each outcome to the page through its serde data model (as JS
//! values) and the page reads it back: serialising and deserialising must give the very same
//! report (every number bit-identical), for every analysis, checked here through the CLI's JSON;
//! and the scenario must cross as its query unchanged, custom cells included.

mod common;

use nvmcalc::outcome::{run, Outcome};
use nvmcalc::scenario::Analysis;
use nvmcalc::Scenario;

const NET: &str =
    "v=1&tech=sram_16nm,stt_16nm,sot_16nm,my_stt&base=sram_16nm&wl=resnet50_inference_nvmx\
&delay=access&cell=my_stt~stt_16nm~mtj.r_parallel_ohm:3000~name:'Mine&net=resnet50&phase=training\
&batch=32&elem=2&gpu=gtx_1080_ti";

#[test]
fn every_analysis_reads_back_from_its_json_identically() {
    let lib = common::shipped_library();
    let mut seen = 0;
    for (word, analysis) in Analysis::ALL {
        let d = Scenario::from_query(&format!("{NET}&an={word}"), &lib);
        assert!(d.notices.is_empty(), "{word}: {:?}", d.notices);
        let outcome = run(&lib, &d.scenario, &[]).unwrap_or_else(|e| panic!("{word}: {e}"));
        let back = Outcome::from_json(analysis, &outcome.to_json()).unwrap();
        assert_eq!(back, outcome, "{word}");
        assert_eq!(back.to_json(), outcome.to_json());
        seen += 1;
    }
    assert_eq!(seen, Analysis::ALL.len());
    // A count workload (iso-capacity only) too.
    let s = Scenario::default_for(&lib);
    let o = run(&lib, &s, &[]).unwrap();
    assert_eq!(
        Outcome::from_json(Analysis::IsoCapacity, &o.to_json()).unwrap(),
        o
    );
}

#[test]
fn the_page_query_carries_the_whole_scenario_even_past_the_link_limit() {
    let lib = common::shipped_library();
    let base = lib.cell("stt_16nm").unwrap();
    let mut s = Scenario::default_for(&lib);
    for i in 0..8 {
        let c = nvmcalc::scenario::CustomCell {
            id: format!("c{i}"),
            base: base.id.clone(),
            changes: vec![],
        }
        .with_value(base, "source", &"a long source text ".repeat(40))
        .with_value(base, "write.pulse_ns", &format!("{}", 5 + i));
        s.technologies.push(c.id.clone());
        s.cells.push(c);
    }
    let q = s.to_query(false);
    assert!(q.len() > nvmcalc::scenario::MAX_QUERY_BYTES);
    let d = Scenario::from_page_query(&q, &lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.scenario, s);
    // A link that long is refused, with the reason.
    let d = Scenario::from_query(&q, &lib);
    assert!(d.notices[0].message.contains("longer than"));
}

#[test]
fn a_wrong_report_is_refused_not_misread() {
    let e = Outcome::from_json(Analysis::Scaling, "{\"analysis\":\"iso_capacity\"}").unwrap_err();
    assert!(e.contains("scalability"), "{e}");
}

#[test]
fn the_reproduction_reads_back_from_its_json_identically() {
    let lib = common::shipped_library();
    let r = nvmcalc::study::reproduce::deepnvm(&lib).unwrap();
    assert_eq!(
        nvmcalc::study::reproduce::Reproduction::from_full_json(&r.to_full_json()).unwrap(),
        r
    );
}
