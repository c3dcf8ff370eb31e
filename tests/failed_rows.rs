//! A technology that cannot be built (or, for iso-area, fitted into the baseline's area) is a row
//! with its error beside the others, not an error that replaces the whole table; errors stay typed
//! up to the surfaces ([`OutcomeError`]); the `failed` list is left out of the JSON when empty.

mod common;

use std::fs;

use common::shipped_library;
use nvmcalc::outcome::{run, Outcome, OutcomeError};
use nvmcalc::Scenario;

/// An NVSim `.cell` that states no process node: it cannot be built unless the scenario names one.
fn cell_without_node() -> nvmcalc::circuit::cell::CellSpec {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/nvsim/samples/sample_STTRAM.cell"
    );
    let text = fs::read_to_string(path).expect("sample .cell");
    let cell = nvmcalc::nvsim::runner::import_cell("sample_STTRAM.cell", &text).expect("imports");
    assert!(cell.node_nm.is_none(), "the sample states no node");
    cell
}

#[test]
fn a_cell_that_cannot_be_built_is_a_row_of_the_iso_capacity_table() {
    let lib = shipped_library();
    let cell = cell_without_node();
    let d = Scenario::from_query("v=1&tech=sram_22nm,stt_22nm&base=sram_22nm", &lib);
    let mut s = d.scenario;
    s.technologies.push(cell.id.clone());
    let Ok(Outcome::IsoCapacity(r)) = run(&lib, &s, std::slice::from_ref(&cell)) else {
        panic!("the others are still compared");
    };
    let ids: Vec<&str> = r.technologies.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["sram_22nm", "stt_22nm"]);
    assert_eq!(r.failed.len(), 1);
    assert_eq!(r.failed[0].id, cell.id);
    assert!(
        r.failed[0].error.contains("states no process node"),
        "{}",
        r.failed[0].error
    );

    let json = r.to_json();
    assert!(json.contains("\"failed\"") && json.contains("states no process node"));
    let csv = r.to_csv();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",error"), "{csv}");
    assert!(csv
        .lines()
        .last()
        .unwrap()
        .starts_with(&format!("{},", cell.id)));
    let text = r.to_text();
    assert!(
        text.contains(&format!("{}  not built: ", cell.id)),
        "{text}"
    );
}

#[test]
fn the_failed_list_is_left_out_when_nothing_failed() {
    let lib = shipped_library();
    let d = Scenario::from_query("v=1&tech=sram_22nm,stt_22nm&base=sram_22nm", &lib);
    let Ok(Outcome::IsoCapacity(r)) = run(&lib, &d.scenario, &[]) else {
        panic!("runs");
    };
    assert!(r.failed.is_empty());
    assert!(!r.to_json().contains("\"failed\""));
    assert!(!r.to_csv().lines().next().unwrap().contains("error"));
}

#[test]
fn a_baseline_that_cannot_be_built_is_a_typed_error() {
    let lib = shipped_library();
    let cell = cell_without_node();
    let mut s = Scenario::from_query("v=1&tech=sram_22nm&base=sram_22nm", &lib).scenario;
    s.technologies.insert(0, cell.id.clone());
    s.baseline = cell.id.clone();
    let err = run(&lib, &s, std::slice::from_ref(&cell)).unwrap_err();
    assert!(matches!(err, OutcomeError::Comparison(_)), "{err:?}");
    assert!(err.to_string().contains("states no process node"), "{err}");
}

#[test]
fn a_cell_with_no_iso_area_cache_is_a_row_of_the_iso_area_table() {
    let lib = shipped_library();
    // 9 µm² per bit: one slice of this cell is far larger than the whole SRAM L2.
    let d = Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm,big&base=sram_16nm&net=resnet50&an=iso_area\
         &cell=big~stt_16nm~cell_area_um2:9",
        &lib,
    );
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let Ok(Outcome::IsoArea(r)) = run(&lib, &d.scenario, &[]) else {
        panic!("the others are still compared");
    };
    let ids: Vec<&str> = r.technologies.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["sram_16nm", "stt_16nm"]);
    assert_eq!(r.failed.len(), 1);
    assert_eq!(r.failed[0].id, "big");
    assert!(
        r.failed[0].error.contains("budget"),
        "{}",
        r.failed[0].error
    );
    let outcome = Outcome::IsoArea(r);
    assert!(outcome.to_csv().lines().last().unwrap().starts_with("big,"));
    assert!(outcome.to_json().contains("\"failed\""));
}

#[test]
fn a_count_workload_for_a_network_analysis_is_a_typed_error() {
    let lib = shipped_library();
    let d = Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm&base=sram_16nm&an=iso_area",
        &lib,
    );
    let err = run(&lib, &d.scenario, &[]).unwrap_err();
    assert!(matches!(err, OutcomeError::NeedsNetwork { .. }), "{err:?}");
}

#[test]
fn a_cell_that_cannot_be_built_leaves_the_sweep_and_is_listed() {
    let lib = shipped_library();
    let cell = cell_without_node();
    let d = Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm&base=sram_16nm&net=resnet50&an=scaling",
        &lib,
    );
    let mut s = d.scenario;
    s.technologies.push(cell.id.clone());
    let Ok(Outcome::Scaling(r)) = run(&lib, &s, std::slice::from_ref(&cell)) else {
        panic!("the others are still swept");
    };
    assert_eq!(r.technologies, ["sram_16nm", "stt_16nm"]);
    assert!(r.points.iter().all(|p| p.id != cell.id));
    assert_eq!(r.failed.len(), 1);
    assert_eq!(r.failed[0].id, cell.id);
    // The reason names the capacity it could not be built at, then why.
    assert!(
        r.failed[0].error.starts_with("at 1 MiB")
            && r.failed[0].error.contains("states no process node"),
        "{}",
        r.failed[0].error
    );
    let outcome = Outcome::Scaling(r);
    let csv = outcome.to_csv();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(header.last(), Some(&"error"));
    let last: Vec<&str> = csv.lines().last().unwrap().split(',').collect();
    let id_col = header.iter().position(|h| *h == "id").unwrap();
    assert_eq!(last[id_col], cell.id, "{csv}");
    assert!(outcome.to_json().contains("\"failed\""));
    assert!(outcome.to_text().contains("Not in the sweep:"));
}

#[test]
fn a_sweep_without_failures_has_no_failed_list() {
    let lib = shipped_library();
    let d = Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm&base=sram_16nm&net=resnet50&an=scaling",
        &lib,
    );
    let Ok(outcome @ Outcome::Scaling(_)) = run(&lib, &d.scenario, &[]) else {
        panic!("runs");
    };
    assert!(!outcome.to_json().contains("\"failed\""));
    assert!(!outcome.to_csv().lines().next().unwrap().contains("error"));
}

#[test]
fn a_cell_that_cannot_be_built_is_left_out_of_every_network() {
    let lib = shipped_library();
    let cell = cell_without_node();
    let d = Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm&base=sram_16nm&net=resnet50&an=workloads&nets=resnet50,alexnet",
        &lib,
    );
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let mut s = d.scenario;
    s.technologies.push(cell.id.clone());
    let Ok(Outcome::Workloads(r)) = run(&lib, &s, std::slice::from_ref(&cell)) else {
        panic!("the others are still compared");
    };
    assert_eq!(r.networks.len(), 2);
    for n in &r.networks {
        let ids: Vec<&str> = n.technologies.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["sram_16nm", "stt_16nm"]);
    }
    assert_eq!(r.failed.len(), 1);
    assert!(r.failed[0].error.contains("states no process node"));
    let outcome = Outcome::Workloads(r);
    assert!(outcome.to_csv().lines().next().unwrap().ends_with(",error"));
    assert!(outcome.to_text().contains("Not compared:"));
}

#[test]
fn a_custom_cell_on_an_unknown_base_is_a_typed_error() {
    let lib = shipped_library();
    let mut s = Scenario::from_query("v=1&tech=sram_16nm&base=sram_16nm", &lib).scenario;
    s.cells.push(nvmcalc::scenario::CustomCell {
        id: "mine".into(),
        base: "no_such_cell".into(),
        changes: Vec::new(),
    });
    let err = run(&lib, &s, &[]).unwrap_err();
    assert!(
        matches!(
            &err,
            OutcomeError::CustomCell(nvmcalc::scenario::CustomCellError::UnknownBase { base, .. })
                if base == "no_such_cell"
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("accepted:"), "{err}");
}
