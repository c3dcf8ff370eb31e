//! Custom cells: a cell written as changes from a preset survives the preset file, the link and
//! the reader's checks unchanged; every shipped and imported cell can be written that way.

mod common;

use nvmcalc::circuit::cell::{parse_cell_preset, CellSpec};
use nvmcalc::design::import::import_custom_cell;
use nvmcalc::scenario::{to_preset_toml, CustomCell};
use nvmcalc::Scenario;
use proptest::prelude::*;

/// Everything but the id and the notes (a custom cell's notes are written from its changes).
fn same_cell(a: &CellSpec, b: &CellSpec) -> bool {
    a.name == b.name
        && a.kind == b.kind
        && a.source == b.source
        && a.node_nm == b.node_nm
        && a.area == b.area
        && a.aspect_ratio == b.aspect_ratio
        && a.device == b.device
}

#[test]
fn every_cell_preset_round_trips_through_its_preset_file() {
    let lib = common::shipped_library();
    assert!(lib.cells.len() >= 6);
    for c in &lib.cells {
        let text = to_preset_toml(c);
        let back = parse_cell_preset(&format!("{}.toml", c.id), &text)
            .unwrap_or_else(|e| panic!("{}: {e}\n{text}", c.id));
        assert_eq!(&back, c, "{}", c.id);
    }
}

#[test]
fn every_cell_preset_is_any_other_with_changes() {
    let lib = common::shipped_library();
    for from in &lib.cells {
        for to in &lib.cells {
            let custom = CustomCell::between(from, to);
            let link = custom.to_link();
            let read = CustomCell::from_link(&link).unwrap();
            assert_eq!(read, custom, "{} -> {}", from.id, to.id);
            let cell = read
                .resolve(from)
                .unwrap_or_else(|e| panic!("{} -> {}: {e}", from.id, to.id));
            assert!(same_cell(&cell, to), "{} -> {}", from.id, to.id);
            assert_eq!(cell.id, to.id);
        }
    }
}

#[test]
fn imported_nvsim_cells_travel_as_changes_from_the_nearest_preset() {
    let lib = common::shipped_library();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/nvsim/samples");
    let mut n = 0;
    for name in [
        "SRAM.cell",
        "sample_PCRAM.cell",
        "sample_RRAM.cell",
        "sample_STTRAM.cell",
        "sample_STTRAM_aggressive.cell",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let cell = import_custom_cell(name, &text, &[], Some(22)).unwrap();
        let custom = CustomCell::nearest(&cell, &lib.cells).unwrap();
        let base = lib.cell(&custom.base).unwrap();
        assert_eq!(base.kind, cell.kind, "{name}");
        let back = CustomCell::from_link(&custom.to_link())
            .unwrap()
            .resolve(base)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(same_cell(&back, &cell), "{name}:\n{back:?}\n{cell:?}");
        // Short enough for a link: a few hundred bytes.
        assert!(
            custom.to_link().len() < 1200,
            "{name}: {}",
            custom.to_link()
        );
        n += 1;
    }
    assert_eq!(n, 5);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any typed value for any key of any preset either resolves to a finite cell or is refused
    /// with a message naming the key; the link form always reads back.
    #[test]
    fn any_typed_value_resolves_or_names_the_key(
        cell_i in 0usize..64,
        key_i in 0usize..64,
        typed in prop_oneof![
            (-1e6f64..1e6).prop_map(|x| x.to_string()),
            (1e-3f64..1e4).prop_map(|x| x.to_string()),
            Just("NaN".to_string()),
            Just("inf".to_string()),
            Just("".to_string()),
            "[ -~]{0,12}",
            "\\PC{0,8}",
        ],
    ) {
        let lib = common::shipped_library();
        let base = &lib.cells[cell_i % lib.cells.len()];
        let keys: Vec<String> = nvmcalc::scenario::entries(base)
            .into_iter()
            .map(|e| e.path)
            .filter(|p| p != "id" && p != "notes")
            .collect();
        let key = &keys[key_i % keys.len()];
        let custom = CustomCell { id: "edited".into(), base: base.id.clone(), changes: vec![] }
            .with_value(base, key, &typed);
        let link = custom.to_link();
        prop_assert_eq!(&CustomCell::from_link(&link).unwrap(), &custom);
        match custom.resolve(base) {
            Ok(cell) => {
                for e in nvmcalc::scenario::entries(&cell) {
                    if let nvmcalc::scenario::Value::Number(x) = e.value {
                        prop_assert!(x.is_finite(), "{} = {}", e.path, x);
                    }
                }
            }
            Err(e) => {
                let leaf = key.rsplit('.').next().unwrap();
                prop_assert!(e.to_string().contains(leaf) || e.to_string().contains("kind"), "{}: {}", key, e);
            }
        }
    }

    /// Garbage in the link form never panics.
    #[test]
    fn link_reader_never_panics(raw in "\\PC{0,80}") {
        let _ = CustomCell::from_link(&raw);
    }
}

fn edited_stt() -> CustomCell {
    let lib = common::shipped_library();
    let base = lib.cell("stt_16nm").unwrap();
    CustomCell {
        id: "my_stt".into(),
        base: "stt_16nm".into(),
        changes: vec![],
    }
    .with_value(base, "mtj.r_parallel_ohm", "3000")
    .with_value(base, "name", "My STT ~ 3 kΩ & faster")
}

#[test]
fn a_custom_cell_travels_in_the_link_and_gives_the_same_numbers() {
    let lib = common::shipped_library();
    let mut s = Scenario::default_for(&lib);
    s.technologies = vec!["sram_16nm".into(), "stt_16nm".into(), "my_stt".into()];
    s.baseline = "sram_16nm".into();
    s.cells = vec![edited_stt()];
    let q = s.shareable(&lib).to_query(false);
    assert!(q.contains("&cell=my_stt~stt_16nm~"), "{q}");
    let d = nvmcalc::Scenario::from_query(&q, &lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.scenario, s);
    // Same report as passing the resolved cell directly.
    let via_link = nvmcalc::outcome::run(&lib, &d.scenario, &[]).unwrap();
    let spec = edited_stt().resolve(lib.cell("stt_16nm").unwrap()).unwrap();
    let mut direct = s.clone();
    direct.cells.clear();
    let direct = nvmcalc::outcome::run(&lib, &direct, &[spec]).unwrap();
    assert_eq!(via_link.to_json(), direct.to_json());
    assert!(via_link.to_json().contains("My STT ~ 3 kΩ & faster"));
}

#[test]
fn cells_not_compared_stay_out_of_the_link() {
    let lib = common::shipped_library();
    let mut s = Scenario::default_for(&lib);
    s.cells = vec![edited_stt()];
    let shared = s.shareable(&lib);
    assert!(shared.cells.is_empty());
    assert!(!shared.to_query(false).contains("cell="));
}

#[test]
fn bad_custom_cells_in_a_link_become_notices_naming_the_cell() {
    let lib = common::shipped_library();
    for (cell, needle) in [
        (
            "my_stt~stt_16nm~mtj.r_parallel_ohm:9000",
            "r_antiparallel_ohm",
        ),
        (
            "my_stt~nope~mtj.r_parallel_ohm:3000",
            "not a loaded cell preset",
        ),
        ("stt_22nm~stt_16nm~mtj.r_parallel_ohm:3000", "preset's"),
        ("my_stt~stt_16nm~mtj.r_parallel_ohm:NaN", "finite"),
        ("my_stt~stt_16nm~bogus:1", "bogus"),
        ("my_stt~stt_16nm~write.pulse_ns:'fast", "pulse_ns"),
    ] {
        let q = format!("v=1&tech=sram_16nm,my_stt&base=sram_16nm&cell={cell}");
        let d = nvmcalc::Scenario::from_query(&q, &lib);
        let cell_notice = d
            .notices
            .iter()
            .find(|n| n.key == "cell")
            .unwrap_or_else(|| panic!("{cell}: {:?}", d.notices));
        assert!(
            cell_notice.message.contains(needle),
            "{cell}: {cell_notice}"
        );
        // `tech` then names an unknown id: skipped with its own notice.
        assert!(d
            .notices
            .iter()
            .any(|n| n.key == "tech" && n.value == "my_stt"));
        assert!(d.scenario.cells.is_empty());
        assert!(nvmcalc::outcome::run(&lib, &d.scenario, &[]).is_ok());
    }
}

#[test]
fn the_cell_key_is_read_however_it_is_written() {
    let lib = common::shipped_library();
    // An escaped key is the same key; a bare or empty one gets a notice.
    let d = nvmcalc::Scenario::from_query(
        "c%65ll=my_stt~stt_16nm~mtj.r_parallel_ohm:3000&tech=sram_16nm,my_stt&base=sram_16nm",
        &lib,
    );
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.scenario.cells.len(), 1);
    for q in ["cell", "cell=", "cell=~~"] {
        let d = nvmcalc::Scenario::from_query(q, &lib);
        assert!(
            d.notices.iter().any(|n| n.key == "cell"),
            "{q}: {:?}",
            d.notices
        );
    }
}
