//! Issue #18, hardening of the share-link codec: every key treats an empty value and a repeat the
//! same way (a notice, and the default or the last value), an empty entry of a list is reported,
//! and a sequence length or decode count the network cannot run falls back with a notice instead
//! of failing the whole result.

mod common;

use nvmcalc::scenario::param::{ParamId, PARAMS};
use nvmcalc::scenario::Study;
use nvmcalc::Scenario;

/// `study` (the page's view of a reproduction) falls back like every key: a value it does not
/// know is a notice naming what it accepts, and the page shows the calculator alone; with the
/// opening view (an empty link otherwise) or any scenario under it.
#[test]
fn a_bad_study_falls_back_to_the_calculator_with_a_notice() {
    let lib = common::shipped_library();
    for bad in ["nvmexplorer", "DeepNVM", "1", "deepnvm%20x"] {
        let d = Scenario::from_query(&format!("v=1&study={bad}"), &lib);
        assert_eq!(d.study, None, "{bad}");
        assert_eq!(d.notices.len(), 1, "{bad}: {:?}", d.notices);
        let n = &d.notices[0];
        assert_eq!(n.key, "study");
        assert!(
            n.message
                .contains("accepted: deepnvm (the DeepNVM++ reproduction)")
                && n.message.contains("calculator alone"),
            "{n}"
        );
        // Like a bad `embed`, it sets no scenario key: the calculator opens on its opening view.
        assert_eq!(d.scenario, Scenario::opening(&lib), "{bad}");
    }
    // With other keys: they are read as ever, and the study is kept.
    let d = Scenario::from_query("v=1&delay=access&study=deepnvm&embed=1", &lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!((d.study, d.embed), (Some(Study::DeepNvm), true));
    assert_eq!(d.scenario, Scenario::default_for(&lib));
    // Only `v`, `embed` and `study`: the opening view.
    let d = Scenario::from_query("embed=1&study=deepnvm", &lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.scenario, Scenario::opening(&lib));
}

#[test]
fn an_empty_value_is_a_notice_for_every_key() {
    let lib = common::shipped_library();
    let default = Scenario::default_for(&lib);
    for p in &PARAMS {
        for query in [
            format!("{}=", p.key),
            p.key.to_string(),
            format!("{}=%20", p.key),
        ] {
            let d = Scenario::from_query(&query, &lib);
            assert_eq!(d.notices.len(), 1, "{query}: {:?}", d.notices);
            assert_eq!(d.notices[0].key, p.key, "{query}");
            assert!(
                d.notices[0].message.contains("empty value"),
                "{query}: {}",
                d.notices[0]
            );
            assert_eq!(d.scenario, default, "{query}");
        }
    }
}

#[test]
fn a_repeated_key_is_reported_and_the_last_one_is_read() {
    let lib = common::shipped_library();
    for p in PARAMS.iter().filter(|p| p.id != ParamId::Cell) {
        let query = format!("{k}=first&{k}={v}", k = p.key, v = p.example);
        let d = Scenario::from_query(&query, &lib);
        let repeats: Vec<_> = d
            .notices
            .iter()
            .filter(|n| n.message.contains("given 2 times"))
            .collect();
        assert_eq!(repeats.len(), 1, "{query}: {:?}", d.notices);
        assert_eq!(repeats[0].key, p.key);
        assert_eq!(repeats[0].value, "first", "the value not read is named");
        // The first value is never read: no notice says `first` is not accepted.
        assert!(
            d.notices
                .iter()
                .all(|n| n.value != "first" || n.message.contains("given 2 times")),
            "{query}: {:?}",
            d.notices
        );
    }
    // Custom cells repeat by design.
    let two = "cell=a~stt_16nm&cell=b~sot_16nm&tech=a,b";
    let d = Scenario::from_query(two, &lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.scenario.technologies, ["a", "b"]);
}

#[test]
fn each_problem_of_a_link_is_said_once() {
    let lib = common::shipped_library();
    // A key given three times, and one unknown id listed twice, are one notice each.
    let d = Scenario::from_query(
        "v=1&batch=0&batch=0&batch=0&net=resnet50&tech=sram_16nm,nope,nope&base=sram_16nm",
        &lib,
    );
    let lines: Vec<String> = d.notices.iter().map(ToString::to_string).collect();
    let repeated = lines.iter().filter(|l| l.contains("given 3 times")).count();
    let unknown = lines.iter().filter(|l| l.contains("`nope`")).count();
    assert_eq!((repeated, unknown), (1, 1), "{lines:#?}");
    for (i, line) in lines.iter().enumerate() {
        assert!(!lines[..i].contains(line), "said twice: {line}");
    }
}

#[test]
fn an_empty_entry_of_a_list_is_reported() {
    let lib = common::shipped_library();
    for query in [
        "tech=sram_22nm,,stt_22nm",
        "tech=sram_22nm,stt_22nm,",
        "an=workloads&nets=resnet50,,bert_base",
    ] {
        let d = Scenario::from_query(query, &lib);
        assert_eq!(d.notices.len(), 1, "{query}: {:?}", d.notices);
        assert!(d.notices[0].message.contains("empty entry"), "{query}");
    }
    let d = Scenario::from_query("tech=sram_22nm,,stt_22nm", &lib);
    assert_eq!(d.scenario.technologies, ["sram_22nm", "stt_22nm"]);
}

/// The sequence settings a link may carry are settled against the network, each with a notice,
/// and what comes out always runs.
#[test]
fn sequence_settings_the_network_cannot_run_fall_back() {
    let lib = common::shipped_library();
    let cases: [(&str, &str, Option<u64>, Option<u64>); 7] = [
        // (query, key of the notice or "" for none, seq, decode)
        ("net=gpt2_small&seq=1000000", "seq", Some(1024), None),
        (
            "net=gpt2_small&seq=1024&decode=10",
            "decode",
            Some(1024),
            Some(1),
        ),
        ("net=gpt2_small&decode=2000", "decode", Some(1), Some(1024)),
        (
            "net=gpt2_small&phase=training&decode=3",
            "decode",
            None,
            None,
        ),
        ("net=resnet50&seq=5&decode=2", "seq", None, None),
        // Decode steps alone shorten the default prompt (1024) to leave room, silently.
        ("net=gpt2_small&decode=10", "", Some(1015), Some(10)),
        ("net=gpt2_small&seq=100&decode=10", "", Some(100), Some(10)),
    ];
    for (query, key, seq, decode) in cases {
        let d = Scenario::from_query(query, &lib);
        match key {
            "" => assert!(d.notices.is_empty(), "{query}: {:?}", d.notices),
            k => assert_eq!(
                d.notices.first().map(|n| n.key.as_str()),
                Some(k),
                "{query}: {:?}",
                d.notices
            ),
        }
        let w = d.scenario.network.as_ref().expect("a network");
        assert_eq!((w.seq_len, w.decode_tokens), (seq, decode), "{query}");
        let report = nvmcalc::outcome::run(&lib, &d.scenario, &[]);
        assert!(report.is_ok(), "{query}: {:?}", report.err());
    }
}

/// The page opens on the index's `[opening]` link: it reads without a notice, an empty link (or
/// one with only `v` and `embed`) is that view, and a link that sets any key reads over the link
/// defaults, so every link written before the opening view existed reads as it did.
#[test]
fn an_empty_link_is_the_opening_view_and_any_key_reads_over_the_defaults() {
    let lib = common::shipped_library();
    let opening_link = &lib
        .defaults
        .opening
        .as_ref()
        .expect("the index has one")
        .link;
    let opening = Scenario::from_query(opening_link, &lib);
    assert!(opening.notices.is_empty(), "{:?}", opening.notices);
    assert!(
        opening.scenario.network.is_some(),
        "a deep-learning workload"
    );
    for query in ["", "?", "v=1", "?v=1", "v=1&embed=1", "embed=1"] {
        let d = Scenario::from_query(query, &lib);
        assert!(d.notices.is_empty(), "{query}: {:?}", d.notices);
        assert_eq!(d.scenario, opening.scenario, "{query}");
        assert_eq!(d.embed, query.contains("embed"), "{query}");
    }
    assert_eq!(Scenario::opening(&lib), opening.scenario);
    // Any key given, even one that changes nothing else, reads over [default].
    let d = Scenario::from_query("v=1&delay=access", &lib);
    assert_eq!(d.scenario, Scenario::default_for(&lib));
    // An empty or another version is reported, not taken for the opening view.
    assert_eq!(Scenario::from_query("v=2", &lib).notices.len(), 1);
    assert_eq!(Scenario::from_query("v=1&v=1", &lib).notices.len(), 1);
    // The opening view's own link reads back as it.
    let written = opening.scenario.to_query(false);
    assert_eq!(
        Scenario::from_query(&written, &lib).scenario,
        opening.scenario
    );
}

/// A node that cannot build a cache (no global wires: IRDS 7 and 14 nm) and a roadmap the node
/// lacks (CACTI 16 nm: HP only) fall back with a notice in a link, never a failed result.
#[test]
fn nodes_and_roadmaps_that_cannot_run_fall_back_with_a_notice() {
    let lib = common::shipped_library();
    for node in ["7", "14", "irds_7nm", "irds_14nm"] {
        let d = Scenario::from_query(&format!("v=1&tech=sram_22nm,stt_22nm&node={node}"), &lib);
        assert_eq!(d.notices.len(), 1, "{node}: {:?}", d.notices);
        assert!(
            d.notices[0].message.contains("global-wire"),
            "{}",
            d.notices[0]
        );
        assert!(
            nvmcalc::outcome::run(&lib, &d.scenario, &[]).is_ok(),
            "{node}"
        );
    }
    for query in [
        "v=1&tech=sram_16nm,stt_16nm&rm=lstp",
        "v=1&tech=sram_22nm&node=16&rm=lop",
    ] {
        let d = Scenario::from_query(query, &lib);
        assert_eq!(d.notices.len(), 1, "{query}: {:?}", d.notices);
        assert_eq!(d.notices[0].key, "rm");
        assert!(
            d.notices[0].message.contains("HP is used"),
            "{}",
            d.notices[0]
        );
        assert!(
            nvmcalc::outcome::run(&lib, &d.scenario, &[]).is_ok(),
            "{query}"
        );
    }
    // A pair that exists is read without a notice.
    let d = Scenario::from_query("v=1&tech=sram_22nm,stt_22nm&node=22&rm=lstp", &lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
}
