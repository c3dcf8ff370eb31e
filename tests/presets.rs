//! Every shipped preset validates, the index lists exactly the files in the folder, and every
//! number carries a source. Node and cell files load through the same `Library::load` as the rest.

mod common;

use std::collections::BTreeSet;
use std::fs;

use nvmcalc::Scenario;
use nvmcalc::{Comparison, Index};

#[test]
fn every_shipped_preset_validates() {
    let lib = common::shipped_library();
    assert!(lib.technologies.len() >= 3);
    assert!(lib.workloads.len() >= 3);
    for t in &lib.technologies {
        assert!(
            t.source.len() > 20,
            "{}: source too thin: {:?}",
            t.id,
            t.source
        );
    }
    for w in &lib.workloads {
        assert!(
            w.source.len() > 20 && w.derivation.len() > 20,
            "{}: source/derivation too thin",
            w.id
        );
    }
}

#[test]
fn the_index_lists_exactly_the_files_in_the_folder() {
    let dir = common::presets_dir();
    let index = Index::parse(&fs::read_to_string(dir.join("index.toml")).unwrap()).unwrap();
    let listed: BTreeSet<String> = index.files().map(str::to_string).collect();
    let mut on_disk = BTreeSet::new();
    for folder in [
        "nodes",
        "cells",
        "caches",
        "workloads",
        "workloads/measured",
        "networks",
        "gpus",
    ] {
        for entry in fs::read_dir(dir.join(folder)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".toml") {
                on_disk.insert(format!("{folder}/{name}"));
            }
        }
    }
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty(),
        "files not listed in presets/index.toml: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "listed in presets/index.toml but not on disk: {missing:?}"
    );
}

#[test]
fn the_default_scenario_covers_sram_and_two_other_technologies() {
    let lib = common::shipped_library();
    let c = Comparison::from_scenario(&lib, &Scenario::default_for(&lib)).unwrap();
    let kinds: BTreeSet<&str> = c.rows.iter().map(|r| r.technology.memory.label()).collect();
    assert!(kinds.contains("SRAM") && kinds.len() >= 3, "{kinds:?}");
    assert!(
        c.warnings.is_empty(),
        "the default comparison is iso-capacity and iso-width: {:?}",
        c.warnings
    );
}

#[test]
fn every_technology_and_workload_pair_evaluates_to_finite_non_negative_numbers() {
    let lib = common::shipped_library();
    let ids: Vec<String> = lib.technologies.iter().map(|t| t.id.clone()).collect();
    for w in &lib.workloads {
        for delay in [
            nvmcalc::design::eval::DelayDefinition::AccessTime,
            nvmcalc::design::eval::DelayDefinition::ExecutionTime,
        ] {
            let s = nvmcalc::Scenario {
                technologies: ids.clone(),
                baseline: ids[0].clone(),
                workload: w.id.clone(),
                delay,
                energy: Default::default(),
                leakage: Default::default(),
                cache: Default::default(),
                network: None,
                analysis: Default::default(),
                cells: Vec::new(),
                networks: Vec::new(),
                profile: None,
            };
            let report =
                nvmcalc::ComparisonReport::new(&Comparison::from_scenario(&lib, &s).unwrap());
            let json = serde_json::to_value(&report).unwrap();
            for t in json["technologies"].as_array().unwrap() {
                for (k, v) in t.as_object().unwrap() {
                    if let Some(x) = v.as_f64() {
                        assert!(x.is_finite() && x >= 0.0, "{}/{}: {k} = {x}", w.id, t["id"]);
                    }
                }
            }
        }
    }
}

#[test]
fn every_shipped_node_and_cell_loads_through_the_library() {
    let lib = common::shipped_library();
    let dir = common::presets_dir();
    for (folder, count) in [("nodes", lib.nodes.len()), ("cells", lib.cells.len())] {
        let on_disk = fs::read_dir(dir.join(folder))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".toml")
            })
            .count();
        assert_eq!(count, on_disk, "{folder}: every file loads");
    }
    for n in &lib.nodes {
        assert!(n.source.trim().len() > 20, "{}: source too thin", n.id);
    }
    for id in [
        "sram_16nm",
        "sram_22nm",
        "stt_16nm",
        "stt_22nm",
        "sot_16nm",
        "sot_22nm",
        "reram_22nm",
        "pcm_22nm",
        "fefet_22nm",
    ] {
        let c = lib
            .cell(id)
            .unwrap_or_else(|| panic!("no cell preset {id}"));
        assert!(
            c.source.len() > 100,
            "{id}: source too thin: {:?}",
            c.source
        );
        assert!(
            c.node_nm.is_some(),
            "{id}: every shipped cell names its node"
        );
        let kind = c.kind_word();
        assert!(
            id.starts_with(kind.split('_').next().unwrap()),
            "{id} is a {kind}"
        );
    }
}

#[test]
fn the_16nm_cells_use_drawn_areas_and_sot_is_a_genuine_2t_cell() {
    use nvmcalc::circuit::cell::{CellArea, CellDevice, Drive};
    let lib = common::shipped_library();
    for c in lib.cells.iter().filter(|c| c.node_nm == Some(16.0)) {
        assert!(
            matches!(c.area, CellArea::Um2(_)),
            "{}: prefer cell_area_um2 at 16 nm",
            c.id
        );
        if c.kind_word() != "sram" {
            let notes = c.notes.as_deref().unwrap_or("");
            assert!(
                notes.contains("DeepNVM"),
                "{}: say what stands in for DeepNVM++'s cell",
                c.id
            );
        }
    }
    for c in lib.cells.iter().filter(|c| c.kind_word() == "sot_mram") {
        let CellDevice::Sot {
            read_access_width_f,
            write_access_width_f,
            heavy_metal_ohm,
            write,
            ..
        } = c.device
        else {
            panic!("{}: not a SOT device", c.id)
        };
        assert!(
            read_access_width_f > 0.0 && write_access_width_f > read_access_width_f,
            "{}",
            c.id
        );
        assert!(heavy_metal_ohm > 0.0, "{}", c.id);
        assert!(write.pulse_ns < 1.0, "{}: SOT writes are sub-ns", c.id);
        assert!(matches!(
            write.drive,
            Drive::Voltage { .. } | Drive::Current { .. }
        ));
    }
}
