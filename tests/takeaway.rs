//! Issue #18 point 1: the takeaway sentence is computed from the report's own ratios — the
//! technology it names has the lowest EDP ratio, and every figure it quotes is a ratio of the
//! report, rounded as shown.

mod common;

use nvmcalc::outcome::{run, Outcome};
use nvmcalc::report::times;
use nvmcalc::Scenario;

fn report(query: &str) -> nvmcalc::report::ComparisonReport {
    let lib = common::shipped_library();
    let d = Scenario::from_query(query, &lib);
    assert!(d.notices.is_empty(), "{query}: {:?}", d.notices);
    match run(&lib, &d.scenario, &[]).expect("runs") {
        Outcome::IsoCapacity(r) => r,
        _ => panic!("iso-capacity expected"),
    }
}

#[test]
fn the_takeaway_names_the_lowest_edp_and_quotes_the_report() {
    for query in [
        "",
        "v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&delay=access&energy=l2&leak=access&cap=60&slices=96&net=h200_resnet50_training_b32",
        "v=1&tech=sram_22nm,stt_22nm,sot_22nm,reram_22nm,pcm_22nm,fefet_22nm&base=sram_22nm&net=resnet50",
        "v=1&delay=access",
        "v=1&tech=stt_22nm,sram_22nm&base=stt_22nm&net=gpt2_small&delay=execution",
    ] {
        let r = report(query);
        let text = r.takeaway().expect("something is compared");
        let rows = r.headline();
        let best = rows
            .iter()
            .filter_map(|h| h.edp_vs_baseline.map(|e| (e, h)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap();
        assert!(text.contains(best.1.label.as_str()), "{query}: {text}");
        assert!(text.contains(&times(best.0)), "{query}: {text}");
        for ratio in [best.1.energy_vs_baseline, best.1.delay_vs_baseline, best.1.area_vs_baseline] {
            assert!(text.contains(&times(ratio.unwrap())), "{query}: {text}");
        }
        let beats = best.0 < 0.995;
        assert_eq!(text.contains("has the lowest EDP"), beats, "{query}: {text}");
        assert_eq!(text.contains("No technology beats"), !beats, "{query}: {text}");
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    }
}
