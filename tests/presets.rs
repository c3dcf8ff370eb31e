//! Every shipped preset validates, the index lists exactly the files in the folder, and every
//! number carries a source.

mod common;

use std::collections::BTreeSet;
use std::fs;

use nvmcalc::{Comparison, Index};

#[test]
fn every_shipped_preset_validates() {
    let lib = common::shipped_library();
    assert!(lib.technologies.len() >= 3);
    assert!(lib.workloads.len() >= 3);
    for t in &lib.technologies {
        assert!(t.source.len() > 20, "{}: source too thin: {:?}", t.id, t.source);
    }
    for w in &lib.workloads {
        assert!(w.source.len() > 20 && w.derivation.len() > 20, "{}: source/derivation too thin", w.id);
    }
}

#[test]
fn the_index_lists_exactly_the_files_in_the_folder() {
    let dir = common::presets_dir();
    let index = Index::parse(&fs::read_to_string(dir.join("index.toml")).unwrap()).unwrap();
    let listed: BTreeSet<String> = index.files().map(str::to_string).collect();
    let mut on_disk = BTreeSet::new();
    for folder in ["caches", "workloads"] {
        for entry in fs::read_dir(dir.join(folder)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".toml") {
                on_disk.insert(format!("{folder}/{name}"));
            }
        }
    }
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(unlisted.is_empty(), "files not listed in presets/index.toml: {unlisted:?}");
    assert!(missing.is_empty(), "listed in presets/index.toml but not on disk: {missing:?}");
}

#[test]
fn the_default_scenario_covers_sram_and_two_other_technologies() {
    let lib = common::shipped_library();
    let c = Comparison::from_scenario(&lib, &lib.default_scenario).unwrap();
    let kinds: BTreeSet<&str> = c.rows.iter().map(|r| r.technology.memory.label()).collect();
    assert!(kinds.contains("SRAM") && kinds.len() >= 3, "{kinds:?}");
    assert!(c.warnings.is_empty(), "the default comparison is iso-capacity and iso-width: {:?}", c.warnings);
}

#[test]
fn every_technology_and_workload_pair_evaluates_to_finite_non_negative_numbers() {
    let lib = common::shipped_library();
    let ids: Vec<String> = lib.technologies.iter().map(|t| t.id.clone()).collect();
    for w in &lib.workloads {
        for delay in [nvmcalc::eval::DelayDefinition::AccessTime, nvmcalc::eval::DelayDefinition::ExecutionTime] {
            let s = nvmcalc::Scenario { technologies: ids.clone(), baseline: ids[0].clone(), workload: w.id.clone(), delay };
            let report = nvmcalc::ComparisonReport::new(&Comparison::from_scenario(&lib, &s).unwrap());
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
