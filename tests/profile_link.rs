//! A profile in a share link (`prof=`): any run round-trips exactly, any text decodes without a
//! panic (to a run or a notice naming the key), and the workload is the profile's on its GPU.

mod common;

use nvmcalc::gpu::profile::{ProfileFormat, ProfileRun};
use nvmcalc::scenario::profile::{from_link, to_link};
use nvmcalc::units::Time;
use nvmcalc::Scenario;
use proptest::prelude::*;

fn run(counts: [f64; 5], time_s: f64, kernels: u64, given: bool, file: &str) -> ProfileRun {
    ProfileRun {
        file: file.into(),
        gpu: "h200".into(),
        format: ProfileFormat::NcuRaw,
        kernels,
        l2_read_sectors: counts[0],
        l2_write_sectors: counts[1],
        rmw_sectors: counts[2],
        dram_read_bytes: counts[3],
        dram_write_bytes: counts[4],
        run_time: Time::from_s(time_s),
        time_given: given,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_run_round_trips_exactly(
        counts in prop::array::uniform5(0.0f64..1e15),
        time_s in 1e-9f64..1e5,
        kernels in 0u64..1_000_000,
        given: bool,
        file in "[A-Za-z0-9._-]{1,64}",
    ) {
        let lib = common::shipped_library();
        let r = run(counts, time_s, kernels, given, &file);
        prop_assert_eq!(from_link(&to_link(&r), &lib).unwrap(), r.clone());
        // Through a whole link too.
        let d = Scenario::from_query(&format!("prof={}", to_link(&r)), &lib);
        prop_assert!(d.notices.is_empty(), "{:?}", d.notices);
        prop_assert_eq!(d.scenario.profile, Some(r));
    }

    #[test]
    fn any_text_decodes_without_a_panic(value in "\\PC{0,200}") {
        let lib = common::shipped_library();
        let d = Scenario::from_query(&format!("prof={value}"), &lib);
        if d.scenario.profile.is_none() {
            prop_assert!(d.notices.iter().any(|n| n.key == "prof"));
        }
    }
}

#[test]
fn bad_parts_are_named() {
    let lib = common::shipped_library();
    for (value, needle) in [
        (
            "h999~ncu~1~1~1~0~1~1~0.1~file~a.csv",
            "GPU `h999` is not a loaded GPU preset",
        ),
        (
            "h200~perf~1~1~1~0~1~1~0.1~file~a.csv",
            "format `perf`; accepted: ncu",
        ),
        (
            "h200~ncu~1~-1~1~0~1~1~0.1~file~a.csv",
            "L2 read sectors `-1`: accepted",
        ),
        (
            "h200~ncu~1~1~1~0~1~1~0~file~a.csv",
            "run time `0` s: accepted",
        ),
        (
            "h200~ncu~1~1~1~0~1~1~0.1~file~<b>.csv",
            "file name `<b>.csv`: accepted",
        ),
        ("h200~ncu~1", "3 parts; accepted"),
    ] {
        let e = from_link(value, &lib).unwrap_err();
        assert!(e.contains(needle), "{value}: {e}");
    }
}

#[test]
fn the_profile_is_the_workload_unless_a_network_is_chosen() {
    let lib = common::shipped_library();
    let r = run([1e6, 2e6, 10.0, 3e8, 4e8], 5e-3, 100, true, "mine.csv");
    let q = format!(
        "tech=sram_16nm,stt_16nm&base=sram_16nm&prof={}",
        to_link(&r)
    );
    let d = Scenario::from_query(&q, &lib);
    let out = nvmcalc::outcome::run(&lib, &d.scenario, &[]).unwrap();
    let nvmcalc::outcome::Outcome::IsoCapacity(c) = out else {
        panic!("iso-capacity")
    };
    assert_eq!(c.workload.id, "profile");
    assert_eq!(c.workload.reads, 1e6 + 10.0);
    assert_eq!(c.workload.writes, 2e6 + 10.0);
    assert_eq!(c.workload.execution_time_s, 5e-3);
    assert!(c.workload.derivation.contains("the run time given"));
    // A network replaces it; the link keeps it for switching back.
    let d = Scenario::from_query(&format!("{q}&net=resnet50"), &lib);
    let out = nvmcalc::outcome::run(&lib, &d.scenario, &[]).unwrap();
    let nvmcalc::outcome::Outcome::IsoCapacity(c) = out else {
        panic!("iso-capacity")
    };
    assert_ne!(c.workload.id, "profile");
    assert!(d.scenario.to_query(false).contains("prof=h200~ncu~100~"));
}
