//! The `nvmcalc` command line: default run, formats, share-link scenarios, error wording, and a
//! snapshot of the default table (set UPDATE_SNAPSHOTS=1 to rewrite it after an intended change).

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn nvmcalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nvmcalc"))
        .arg("--presets")
        .arg(common::presets_dir())
        .args(args)
        .output()
        .expect("the nvmcalc binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn no_arguments_compares_the_default_scenario() {
    let out = nvmcalc(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lib = common::shipped_library();
    let text = stdout(&out);
    // The opening view: the page's (an empty link), with its takeaway.
    let opening = nvmcalc::Scenario::opening(&lib);
    assert_ne!(opening, nvmcalc::Scenario::default_for(&lib));
    for id in &opening.technologies {
        assert!(text.contains(id.as_str()), "{id} missing from:\n{text}");
    }
    assert!(text.contains("\nIn short: "), "{text}");
    assert_eq!(
        text,
        stdout(&nvmcalc(&["compare"])),
        "`nvmcalc` = `nvmcalc compare`"
    );
}

#[test]
fn default_table_matches_the_snapshot() {
    snapshot(&[], "compare_default.txt");
}

/// An option reads over the link defaults (`[default]` of the index), not over the opening view.
#[test]
fn link_defaults_table_matches_the_snapshot() {
    snapshot(
        &["compare", "--delay", "access"],
        "compare_link_defaults.txt",
    );
}

fn snapshot(args: &[&str], file: &str) {
    let text = stdout(&nvmcalc(args));
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(file);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&path, &text).unwrap();
    }
    let expected = fs::read_to_string(&path)
        .expect("snapshot exists (run with UPDATE_SNAPSHOTS=1 to create it)");
    if text != expected {
        let diff: Vec<String> = expected
            .lines()
            .zip(text.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "the table of {args:?} changed (UPDATE_SNAPSHOTS=1 accepts it):\n{}",
            diff.join("\n")
        );
    }
}

#[test]
fn json_has_every_metric_and_its_ratio_per_technology() {
    // The link defaults (an option given): NVMExplorer's caches on its ResNet-50 counts.
    let out = nvmcalc(&["compare", "--format", "json", "--delay", "access"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let techs = v["technologies"].as_array().unwrap();
    assert_eq!(techs.len(), 3);
    let keys = [
        "area_mm2",
        "read_latency_ns",
        "write_latency_ns",
        "read_energy_pj",
        "write_energy_pj",
        "leakage_mw",
        "energy_j",
        "delay_s",
        "edp_js",
    ];
    for t in techs {
        for k in keys {
            assert!(t[k].is_f64(), "{k} missing in {t}");
            assert!(
                t[format!("{k}_vs_baseline")].is_f64(),
                "{k}_vs_baseline missing in {t}"
            );
        }
    }
    let base = techs.iter().find(|t| t["id"] == v["baseline"]).unwrap();
    assert_eq!(base["edp_js_vs_baseline"], 1.0);
    // The STT-MRAM preset reads faster than SRAM in the NVMExplorer table: its access-time EDP is lower.
    let stt = techs
        .iter()
        .find(|t| t["id"] == "nvmx_stt_opt_22nm_2mb_readedp")
        .unwrap();
    assert!(stt["edp_js_vs_baseline"].as_f64().unwrap() < 1.0);
}

#[test]
fn csv_has_a_header_and_one_row_per_technology() {
    let out = nvmcalc(&[
        "compare",
        "--format",
        "csv",
        "--tech",
        "nvsim_sram_22nm_4mb_cache,nvsim_stt_22nm_4mb_cache",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("id,name,memory,capacity_kib,"));
    assert!(lines[1].starts_with("nvsim_sram_22nm_4mb_cache,"));
    let cols = nvmcalc::report::CSV_COLUMNS.len();
    // Sources contain commas and are quoted; the quoted field counts once.
    assert!(lines[1].matches(',').count() >= cols - 1);
}

#[test]
fn a_share_link_scenario_and_options_agree() {
    let link = "http://localhost:8080/?v=1&tech=nvsim_sram_22nm_4mb_cache,nvsim_stt_aggr_22nm_4mb_cache&base=nvsim_sram_22nm_4mb_cache&wl=gemm_1024_fp32_tiled&delay=execution&embed=1";
    let a = stdout(&nvmcalc(&[
        "compare",
        "--format",
        "json",
        "--scenario",
        link,
    ]));
    let b = stdout(&nvmcalc(&[
        "compare",
        "--format",
        "json",
        "--tech",
        "nvsim_sram_22nm_4mb_cache,nvsim_stt_aggr_22nm_4mb_cache",
        "--workload",
        "gemm_1024_fp32_tiled",
        "--delay",
        "execution",
    ]));
    assert_eq!(a, b);
    assert!(a.contains("\"delay_definition\": \"execution\""));
}

#[test]
fn bad_options_name_the_option_the_value_and_what_is_accepted() {
    let out = nvmcalc(&["compare", "--tech", "sram_nope", "--workload", "zz"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--tech: URL parameter `tech` = `sram_nope`: not a loaded technology preset; accepted: nvmx_sram_22nm_2mb_readedp"), "{err}");
    assert!(
        err.contains("--workload: URL parameter `wl` = `zz`"),
        "{err}"
    );

    let out = nvmcalc(&[
        "compare",
        "--tech",
        "nvmx_sram_22nm_2mb_readedp",
        "--baseline",
        "nvmx_stt_opt_22nm_2mb_readedp",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("must be one of the compared technologies"),
        "{}",
        stderr(&out)
    );

    let out = nvmcalc(&["compare", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("possible values: table, json, csv"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn broken_presets_are_reported_with_file_line_field_and_rule() {
    let dir = std::env::temp_dir().join(format!("nvmcalc-cli-test-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&common::presets_dir(), &dir);
    let file = dir.join("caches/nvmx_pcm_opt_22nm_2mb_readedp.toml");
    let text = fs::read_to_string(&file).unwrap().replace(
        "leakage_mw = 43.466",
        "leakage_mw = -43.466\nleakage_uw = 1",
    );
    fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nvmcalc"))
        .arg("--presets")
        .arg(&dir)
        .output()
        .unwrap();
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("caches/nvmx_pcm_opt_22nm_2mb_readedp.toml:13: leakage_mw = -43.466: must be a finite number from 0 to 1000000"), "{err}");
    assert!(
        err.contains("leakage_uw = 1: unknown key (misspelt?)"),
        "{err}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_nvmcalc"))
        .args(["--presets", "/nonexistent/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/dir/index.toml"),
        "{}",
        stderr(&out)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn golden(dir: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/nvsim")
        .join(dir)
}

#[test]
fn nvsim_runs_every_reference_configuration() {
    let mut count = 0;
    for entry in fs::read_dir(golden("configs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "cfg") {
            let out = nvmcalc(&["nvsim", "--brief", path.to_str().unwrap()]);
            assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
            let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
            let design = v["design"].as_str().unwrap();
            let keys: &[&str] = if design == "RAM" {
                &[
                    "area_mm2",
                    "read_latency_ns",
                    "write_latency_ns",
                    "read_energy_pj",
                    "write_energy_pj",
                    "leakage_mw",
                ]
            } else {
                &[
                    "area_mm2",
                    "hit_latency_ns",
                    "miss_latency_ns",
                    "write_latency_ns",
                    "hit_energy_pj",
                    "miss_energy_pj",
                    "write_energy_pj",
                    "leakage_mw",
                ]
            };
            for k in keys {
                let x = v[k].as_f64().unwrap_or(f64::NAN);
                assert!(x.is_finite() && x > 0.0, "{}: {k} = {x}", path.display());
            }
            if design == "cache" {
                assert!(
                    v["data"]["organization"].is_object()
                        && v["tag"]["read_latency_ns"].is_number()
                );
            }
            count += 1;
        }
    }
    assert_eq!(count, 50, "every reference configuration ran");
}

#[test]
fn nvsim_runs_nvsims_own_samples_and_names_what_it_cannot_do() {
    for (file, expect_ok, needle) in [
        ("nvsim.cfg", true, ""),
        ("sample_NVM_macro.cfg", true, ""),
        ("sample_PCRAM.cfg", true, ""),
        ("sample_RRAM.cfg", true, ""),
        ("sample_STTRAM_cache.cfg", true, ""),
        ("sample_STTRAM_macro.cfg", true, ""),
        (
            "nvsim_bc.cfg",
            false,
            "-MemoryCellInputFile names FBRAM_1.cell",
        ),
        ("sample_SLCNAND.cfg", false, "SLCNAND"),
    ] {
        let path = golden("samples").join(file);
        let out = nvmcalc(&["nvsim", path.to_str().unwrap()]);
        assert_eq!(out.status.success(), expect_ok, "{file}: {}", stderr(&out));
        if expect_ok {
            let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert!(v["area_mm2"].as_f64().unwrap() > 0.0, "{file}");
        } else {
            assert!(stderr(&out).contains(needle), "{file}: {}", stderr(&out));
        }
    }
}

#[test]
fn nvsim_errors_name_the_file_line_and_key() {
    let dir = std::env::temp_dir().join(format!("nvmcalc-nvsim-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    fs::copy(golden("configs").join("SRAM.cell"), dir.join("SRAM.cell")).unwrap();
    let text = fs::read_to_string(golden("configs").join("SRAM_22nm_2MB_ReadEDP.cfg")).unwrap();
    let bad = text.replace("-Capacity (MB): 2", "-Capacity (MB): two");
    fs::write(dir.join("bad.cfg"), bad).unwrap();
    let out = nvmcalc(&["nvsim", dir.join("bad.cfg").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.cfg:6") && err.contains("-Capacity"),
        "{err}"
    );
    let unknown = text.replace("-Routing: H-tree", "-Routting: H-tree");
    fs::write(dir.join("unknown.cfg"), unknown).unwrap();
    let err = stderr(&nvmcalc(&[
        "nvsim",
        dir.join("unknown.cfg").to_str().unwrap(),
    ]));
    assert!(
        err.contains("unknown.cfg:") && err.contains("-Routting"),
        "{err}"
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn cell_presets_compare_like_cache_presets_with_cache_options() {
    let out = nvmcalc(&[
        "compare",
        "--format",
        "json",
        "--tech",
        "sram_22nm,stt_22nm,sot_22nm",
        "--capacity-mib",
        "2.75",
        "--slices",
        "11",
        "--assoc",
        "16",
        "--line-bytes",
        "128",
        "--sector-bytes",
        "64",
        "--roadmap",
        "hp",
        "--temperature-k",
        "350",
        "--objective",
        "read_edp",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let techs = v["technologies"].as_array().unwrap();
    let ids: Vec<&str> = techs.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["sram_22nm", "stt_22nm", "sot_22nm"]);
    for t in techs {
        assert_eq!(t["capacity_kib"], 2816.0);
        // One 64 B sector per access.
        assert_eq!(t["access_bits"], 512);
        for k in [
            "area_mm2",
            "read_latency_ns",
            "write_energy_pj",
            "leakage_mw",
            "edp_js",
        ] {
            let x = t[k].as_f64().unwrap();
            assert!(x.is_finite() && x > 0.0, "{}: {k} = {x}", t["id"]);
        }
        let source = t["source"].as_str().unwrap();
        assert!(source.contains("nvmcalc's circuit model"), "{source}");
        let notes = t["notes"].as_str().unwrap();
        assert!(
            notes.contains("11 slices of 256 KiB") && notes.contains("read_edp"),
            "{notes}"
        );
    }
    assert_eq!(v["baseline"], "sram_22nm");

    // The same scenario through its share link gives the same JSON.
    let table = stdout(&nvmcalc(&[
        "compare",
        "--tech",
        "sram_22nm,stt_22nm,sot_22nm",
        "--capacity-mib",
        "2.75",
        "--slices",
        "11",
        "--sector-bytes",
        "64",
        "--objective",
        "read_edp",
    ]));
    let query = table
        .lines()
        .find_map(|l| l.strip_prefix("Share link query: ?"))
        .unwrap();
    assert!(
        query.contains("&cap=2.75&slices=11&sector=64&obj=read_edp"),
        "{query}"
    );
    let again = stdout(&nvmcalc(&[
        "compare",
        "--format",
        "json",
        "--scenario",
        query,
    ]));
    assert_eq!(again, stdout(&out));
}

#[test]
fn bad_cache_options_name_the_option_the_value_and_what_is_accepted() {
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "stt_22nm",
        "--capacity-mib",
        "lots",
        "--temperature-k",
        "500",
        "--objective",
        "speed",
        "--line-bytes",
        "100",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for needle in [
        "--capacity-mib: URL parameter `cap` = `lots`: Capacity (MiB, all slices): accepted: a number of MiB from 0.0625 to 1024",
        "--temperature-k: URL parameter `temp` = `500`: Temperature (K): accepted: a whole number of kelvin from 300 to 400",
        "--objective: URL parameter `obj` = `speed`: Organisation optimised for: accepted: read_latency, write_latency",
        "--line-bytes: URL parameter `line` = `100`: Line size (B): accepted: a power of two from 16 to 512 bytes",
    ] {
        assert!(err.contains(needle), "{needle}\nnot in:\n{err}");
    }
    // A slice must hold whole sets (any number of them: 3 MiB in one slice is 1536 sets).
    let out = nvmcalc(&["compare", "--tech", "stt_22nm", "--capacity-mib", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "stt_22nm",
        "--capacity-mib",
        "1",
        "--slices",
        "1024",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--assoc: URL parameter `assoc` = `16`: Associativity (ways): a slice of 1 KiB does not hold a whole number of 16-way sets"),
        "{}",
        stderr(&out)
    );
    // A roadmap the node has no table for is named with the node and the roadmaps it offers.
    let out = nvmcalc(&["compare", "--tech", "stt_16nm", "--roadmap", "lstp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--roadmap: URL parameter `rm` = `lstp`: the node cacti_16nm has no LSTP roadmap (HP offered)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_nvsim_cell_file_imports_as_a_custom_technology() {
    let dir = std::env::temp_dir().join(format!("nvmcalc-cell-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("My STT (v2).cell");
    fs::copy(golden("configs").join("sample_STTRAM.cell"), &path).unwrap();
    let p = path.to_str().unwrap();

    // The sample cell states no node: its row says how to give one, beside the others (issue
    // #16: a failing technology is a row with its error, not a replaced table).
    let out = nvmcalc(&["compare", "--tech", "sram_22nm", "--cell", p]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("my_stt_v2  not built: cell `my_stt_v2` states no process node")
            && stdout(&out).contains("--node-nm"),
        "{}",
        stdout(&out)
    );

    let out = nvmcalc(&[
        "compare",
        "--tech",
        "sram_22nm",
        "--cell",
        p,
        "--node-nm",
        "22",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("my_stt_v2"), "{text}");
    // The share link carries the imported cell as its changes from the nearest STT preset, and
    // that link gives the same numbers.
    let link = text
        .lines()
        .find_map(|l| l.strip_prefix("Share link query: ?"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        link.starts_with("v=1&tech=sram_22nm,my_stt_v2&base=sram_22nm")
            && link.contains("&cell=my_stt_v2~stt_"),
        "{link}"
    );
    let via_link = stdout(&nvmcalc(&[
        "compare",
        "--format",
        "json",
        "--scenario",
        link,
    ]));
    let direct = stdout(&nvmcalc(&[
        "compare",
        "--format",
        "json",
        "--tech",
        "sram_22nm",
        "--cell",
        p,
        "--node-nm",
        "22",
    ]));
    let numbers = |json: &str| {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["technologies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["id"].clone(), t["edp_js"].clone(), t["area_mm2"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(&via_link), numbers(&direct));

    // Named in --tech, it keeps its place; a bad file is named with what is wrong.
    let json = stdout(&nvmcalc(&[
        "compare",
        "--format",
        "json",
        "--tech",
        "my_stt_v2,sram_22nm",
        "--cell",
        p,
        "--node-nm",
        "22",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["technologies"][0]["id"], "my_stt_v2");
    assert!(v["technologies"][0]["source"]
        .as_str()
        .unwrap()
        .contains("User-supplied NVSim cell file"));
    let bad = dir.join("bad.cell");
    fs::write(&bad, "-MemCellType: MRAM\n-CellArea (F^2): minus\n").unwrap();
    let out = nvmcalc(&["compare", "--cell", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--cell: ") && stderr(&out).contains("bad.cell"),
        "{}",
        stderr(&out)
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn list_shows_cell_presets_with_their_sources() {
    let out = nvmcalc(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lib = common::shipped_library();
    for c in &lib.cells {
        assert!(text.contains(&c.id), "{} missing:\n{text}", c.id);
        assert!(
            text.contains(&format!("source: {}", c.source)),
            "{} source missing",
            c.id
        );
    }
    assert!(text.contains("Technologies (cell presets"), "{text}");
}

#[test]
fn network_iso_area_json_matches_the_library_run() {
    let query =
        "v=1&tech=sram_16nm,stt_16nm_deepnvm,sot_16nm_deepnvm&base=sram_16nm&cap=3&slices=3\
                 &net=resnet18&phase=training&batch=16&elem=4&gpu=gtx_1080_ti&an=iso_area";
    let out = nvmcalc(&["compare", "--scenario", query, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["analysis"], "iso_area");
    let lib = common::shipped_library();
    let decoded = nvmcalc::Scenario::from_query(query, &lib);
    assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
    let expected = nvmcalc::outcome::run(&lib, &decoded.scenario, &[]).expect("runs");
    let expected: serde_json::Value = serde_json::from_str(&expected.to_json()).expect("JSON");
    assert_eq!(v, expected);
    let techs = v["technologies"].as_array().expect("rows");
    assert_eq!(techs.len(), 3);
    for t in techs {
        assert!(t["area_mm2"].as_f64().unwrap() <= v["budget_mm2"].as_f64().unwrap());
    }
}

#[test]
fn sweep_prints_ten_capacities_from_1_to_512_mib() {
    let out = nvmcalc(&[
        "sweep",
        "--tech",
        "sram_16nm,stt_16nm,sot_16nm",
        "--capacity-mib",
        "3",
        "--slices",
        "3",
        "--net",
        "resnet18",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // Header + 10 capacities × 3 technologies.
    assert_eq!(lines.len(), 1 + 30, "{text}");
    assert!(lines[0].starts_with("capacity_kib,"), "{}", lines[0]);
    assert!(lines[1].starts_with("1024.0,1,sram_16nm,"), "{}", lines[1]);
    assert!(
        lines[30].starts_with("524288.0,512,sot_16nm,"),
        "{}",
        lines[30]
    );
}

#[test]
fn network_options_are_checked_and_named() {
    let out = nvmcalc(&["compare", "--net", "resnet18", "--batch", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--batch") && stderr(&out).contains("1 to 65536"),
        "{}",
        stderr(&out)
    );
    let out = nvmcalc(&["compare", "--net", "resnet181"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--net") && stderr(&out).contains("resnet18"),
        "{}",
        stderr(&out)
    );
    let out = nvmcalc(&["compare", "--analysis", "iso_area"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--net"), "{}", stderr(&out));
    // Iso-area needs cells, not cache-characterisation presets.
    let out = nvmcalc(&["compare", "--net", "resnet18", "--analysis", "iso_area"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs cell presets"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn details_prints_the_designed_arrays_in_every_format() {
    let args = [
        "compare",
        "--tech",
        "sram_16nm,stt_16nm",
        "--analysis",
        "details",
    ];
    // JSON: the library's report, byte for byte.
    let out = nvmcalc(&[&args[..], &["--format", "json"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let lib = common::shipped_library();
    let decoded = nvmcalc::Scenario::from_query("tech=sram_16nm,stt_16nm&an=details", &lib);
    assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
    let expected = nvmcalc::outcome::run(&lib, &decoded.scenario, &[]).expect("runs");
    assert_eq!(stdout(&out), expected.to_json() + "\n");
    assert_eq!(v["analysis"], "details");
    let techs = v["technologies"].as_array().expect("technologies");
    assert_eq!(techs.len(), 2);
    for t in techs {
        for array in ["data", "tag"] {
            let a = &t[array];
            assert!(
                a["description"].as_str().unwrap().contains(" rows × "),
                "{}",
                a["description"]
            );
            for key in [
                "read_latency_ns",
                "write_latency_ns",
                "read_energy_pj",
                "write_energy_pj",
                "leakage_mw",
                "area_mm2",
            ] {
                let parts = a[key]["parts"].as_array().expect("parts");
                let sum: f64 = parts.iter().map(|p| p["value"].as_f64().unwrap()).sum();
                let total = a[key]["total"].as_f64().unwrap();
                let rest = a[key]["unassigned"].as_f64().unwrap();
                assert!(
                    (sum + rest - total).abs() <= 1e-9 * total,
                    "{} {array} {key}: {sum} + {rest} vs {total}",
                    t["id"]
                );
            }
        }
    }

    // Text: the organisations and one table per technology.
    let out = nvmcalc(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for part in [
        "Cache details — 4 MiB",
        "data array (4 MiB): ",
        "tag array (",
        "Read latency (ns)",
        "Area (mm²)",
        "H-tree",
        "cell write pulse",
        "an=details",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }

    // CSV: units in the header, one row per technology × array × metric × component.
    let out = nvmcalc(&[&args[..], &["--format", "csv"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,array,metric,component,label,value_ns,value_pj,value_mw,value_mm2,share_of_total"
    );
    assert!(
        lines.contains(&"stt_16nm,tag,leakage_mw,cells,cells,,,0,,0"),
        "an MRAM cell array does not leak:\n{csv}"
    );
    // 39 components + 6 totals + the area's unassigned corners, per array.
    assert_eq!(lines.len(), 1 + 2 * 2 * 46);
}

#[test]
fn details_lists_cache_presets_as_not_designed_and_needs_a_cell() {
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "nvmx_sram_22nm_2mb_readedp,sram_22nm",
        "--baseline",
        "sram_22nm",
        "--analysis",
        "details",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["technologies"].as_array().unwrap().len(), 1);
    assert_eq!(v["not_designed"][0]["id"], "nvmx_sram_22nm_2mb_readedp");

    let out = nvmcalc(&[
        "compare",
        "--tech",
        "nvmx_sram_22nm_2mb_readedp",
        "--analysis",
        "details",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`nvmx_sram_22nm_2mb_readedp`")
            && err.contains("choose at least one cell preset")
            && err.contains("sram_16nm"),
        "{err}"
    );
}

#[test]
fn details_follows_the_cache_options_and_a_share_link() {
    let out = nvmcalc(&[
        "compare",
        "--scenario",
        "v=1&tech=sot_22nm&base=sot_22nm&cap=2.75&slices=11&an=details",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["slices"], 11);
    let t = &v["technologies"][0];
    // Each of the 11 slices holds 256 KiB.
    assert_eq!(t["data"]["organization"]["capacity_bits"], 256 * 1024 * 8);
    let slice_area = t["data"]["area_mm2"]["total"].as_f64().unwrap()
        + t["tag"]["area_mm2"]["total"].as_f64().unwrap();
    let cache_area = t["cache"]["area_mm2"].as_f64().unwrap();
    assert!((cache_area - 11.0 * slice_area).abs() <= 1e-9 * cache_area);
}

#[test]
fn workloads_runs_every_chosen_network_in_every_format() {
    let args = [
        "compare",
        "--tech",
        "sram_16nm,stt_16nm,sot_16nm",
        "--baseline",
        "sram_16nm",
        "--net",
        "resnet50",
        "--batch",
        "16",
        "--analysis",
        "workloads",
        "--nets",
        "alexnet,bert_base,gpt2_small",
    ];
    let json = nvmcalc(&[&args[..], &["--format", "json"]].concat());
    assert!(json.status.success(), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    assert_eq!(v["analysis"], "workloads");
    assert_eq!(v["batch"], 16);
    let nets: Vec<&str> = v["networks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(nets, ["alexnet", "bert_base", "gpt2_small"]);
    for n in v["networks"].as_array().unwrap() {
        let base = &n["technologies"][0];
        assert_eq!(base["id"], "sram_16nm");
        assert_eq!(base["edp_js_vs_baseline"], 1.0);
        assert!(base["edp_js"].as_f64().unwrap() > 0.0);
    }
    // The library run gives the same report.
    let lib = common::shipped_library();
    let d = nvmcalc::Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&net=resnet50&batch=16\
         &an=workloads&nets=alexnet,bert_base,gpt2_small",
        &lib,
    );
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let o = nvmcalc::outcome::run(&lib, &d.scenario, &[]).unwrap();
    assert_eq!(stdout(&json), o.to_json() + "\n");

    let csv = nvmcalc(&[&args[..], &["--format", "csv"]].concat());
    let csv = stdout(&csv);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 3 * 3, "{csv}");
    assert!(lines[0]
        .starts_with("network,network_name,workload,id,name,energy_j,delay_s,edp_js,area_mm2,"));

    let table = nvmcalc(&args);
    let text = stdout(&table);
    assert!(table.status.success(), "{}", stderr(&table));
    for part in [
        "Across networks — inference, batch 16",
        "EDP (J·s)",
        "bert_base",
        "nets=alexnet,bert_base,gpt2_small",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
}

#[test]
fn bad_nets_are_named_with_the_accepted_ids() {
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "sram_16nm,stt_16nm",
        "--net",
        "resnet50",
        "--analysis",
        "workloads",
        "--nets",
        "resnet50,no_such_net",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("--nets")
            && err.contains("`no_such_net`")
            && err.contains("not a loaded network preset")
            && err.contains("bert_base"),
        "{err}"
    );
    // `--nets` belongs to the workloads analysis only.
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "sram_16nm,stt_16nm",
        "--net",
        "resnet50",
        "--nets",
        "resnet50",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("an=workloads"), "{}", stderr(&out));
    // And it needs a main network for its settings.
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "sram_16nm,stt_16nm",
        "--analysis",
        "workloads",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--net"), "{}", stderr(&out));
}

#[test]
fn traffic_prints_the_workload_level_alone_in_three_formats() {
    let args = [
        "traffic",
        "--net",
        "resnet50",
        "--phase",
        "inference",
        "--batch",
        "32",
        "--gpu",
        "h200",
    ];
    let json = nvmcalc(&[&args[..], &["--format", "json"]].concat());
    assert!(json.status.success(), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("one JSON object");
    for key in [
        "l2_read_sectors",
        "l2_write_sectors",
        "dram_read_bytes",
        "dram_write_bytes",
        "execution_time_s",
    ] {
        let x = v[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} at the top level"));
        assert!(x.is_finite() && x > 0.0, "{key} = {x}");
    }
    // The GPU's own L2 by default: 60 MiB.
    assert_eq!(v["l2_bytes"].as_u64(), Some(60 << 20));
    assert!(
        v.get("kernels").is_none(),
        "per-kernel rows only with --kernels"
    );

    let csv = nvmcalc(&[&args[..], &["--format", "csv"]].concat());
    let text = stdout(&csv);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(
        col("l2_read_sectors").parse::<f64>().unwrap(),
        v["l2_read_sectors"].as_f64().unwrap(),
        "CSV and JSON agree"
    );

    let table = nvmcalc(&[&args[..], &["--l2-mib", "8"]].concat());
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    assert!(
        text.contains("8192 KiB") || text.contains("8 MiB"),
        "{text}"
    );

    // A smaller L2 never reads less from DRAM.
    let small = nvmcalc(&[&args[..], &["--l2-mib", "8", "--format", "json"]].concat());
    let s: serde_json::Value = serde_json::from_str(&stdout(&small)).unwrap();
    assert!(s["dram_read_bytes"].as_f64() >= v["dram_read_bytes"].as_f64());

    let kernels = nvmcalc(&[&args[..], &["--kernels", "--format", "json"]].concat());
    let k: serde_json::Value = serde_json::from_str(&stdout(&kernels)).unwrap();
    let rows = k["kernels"].as_array().expect("per-kernel rows");
    assert!(rows.len() > 100, "{} kernels", rows.len());
    let sum: f64 = rows
        .iter()
        .map(|r| r["l2_read_sectors"].as_f64().unwrap())
        .sum();
    assert_eq!(
        sum,
        v["l2_read_sectors"].as_f64().unwrap(),
        "rows sum to the total"
    );
}

#[test]
fn traffic_and_validate_traffic_name_bad_input() {
    let out = nvmcalc(&[
        "traffic", "--net", "resnet50", "--gpu", "h200", "--l2-mib", "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--l2-mib 0: accepted: a number of MiB"),
        "{}",
        stderr(&out)
    );
    let out = nvmcalc(&["traffic", "--net", "resnet50", "--gpu", "h999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`gpu` = `h999`"), "{}", stderr(&out));
    let out = nvmcalc(&["validate-traffic", "--only", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--only nope: no measured workload preset has this id"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_traffic_prints_ratios_and_the_accuracy_per_quantity() {
    let out = nvmcalc(&["validate-traffic", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() >= 18);
    let acc = v["accuracy"].as_array().unwrap();
    assert_eq!(acc.len(), 5);
    for a in acc {
        let m = a["median_abs_error"].as_f64().unwrap();
        assert!((0.0..1.0).contains(&m), "{a}");
    }
    let table = stdout(&nvmcalc(&["validate-traffic"]));
    assert!(table.contains("median |error|") && table.contains("h200_resnet50_inference_b32"));
}

#[test]
fn a_profile_is_a_workload_on_the_gpu_it_was_taken_on() {
    let dir = format!("{}/tests/data/profiles", env!("CARGO_MANIFEST_DIR"));
    let ncu = format!("{dir}/ncu_raw_resnet50_h200_excerpt.csv");
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "sram_16nm,stt_16nm",
        "--baseline",
        "sram_16nm",
        "--profile",
        &ncu,
        "--gpu",
        "h200",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let w = &v["workload"];
    assert_eq!(w["id"], "profile");
    assert_eq!(w["access_bytes"], 32);
    // The reader's totals: reads and writes with atomics and reductions counted in both.
    let text = fs::read_to_string(&ncu).unwrap();
    let t = nvmcalc::gpu::profile::read_profile(&ncu, &text).unwrap();
    let rmw = t.l2_atomic_sectors.unwrap_or(0.0) + t.l2_reduction_sectors.unwrap_or(0.0);
    assert_eq!(w["reads"].as_f64().unwrap(), t.l2_read_sectors + rmw);
    assert_eq!(w["writes"].as_f64().unwrap(), t.l2_write_sectors + rmw);
    assert_eq!(
        w["execution_time_s"].as_f64().unwrap(),
        t.duration_s.unwrap()
    );
    // A run time given replaces the file's kernel durations.
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "sram_16nm",
        "--profile",
        &ncu,
        "--gpu",
        "h200",
        "--run-time-ms",
        "5.29",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!((v["workload"]["execution_time_s"].as_f64().unwrap() - 5.29e-3).abs() < 1e-12);
    let table = stdout(&nvmcalc(&["compare", "--profile", &ncu, "--gpu", "h200"]));
    assert!(
        table.contains("the link carries the profile's summed numbers"),
        "{table}"
    );
    // The link alone gives the same numbers.
    let link = table
        .lines()
        .find_map(|l| l.strip_prefix("Share link query: ?"))
        .expect("a share link");
    assert!(link.contains("prof=h200~ncu~"), "{link}");
    let again = nvmcalc(&["compare", "--scenario", link, "--format", "json"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let by_file = nvmcalc(&[
        "compare",
        "--profile",
        &ncu,
        "--gpu",
        "h200",
        "--format",
        "json",
    ]);
    assert_eq!(
        stdout(&again),
        stdout(&by_file),
        "link and file give the same report"
    );

    // The GPU must be named; a broken file names the missing metric; a summary needs a time.
    let out = nvmcalc(&["compare", "--profile", &ncu]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give --gpu"), "{}", stderr(&out));
    let broken = format!("{dir}/broken_missing_dram_write.csv");
    let out = nvmcalc(&["compare", "--profile", &broken, "--gpu", "h200"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no `dram__bytes_write.sum`: add it to ncu --metrics"),
        "{}",
        stderr(&out)
    );
    let nvprof = format!("{dir}/nvprof_metrics_summary.csv");
    let out = nvmcalc(&["compare", "--profile", &nvprof, "--gpu", "h200"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--run-time-ms"), "{}", stderr(&out));
    let out = nvmcalc(&[
        "compare",
        "--profile",
        &nvprof,
        "--gpu",
        "h200",
        "--run-time-ms",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("run time = `0` ms: accepted"),
        "{}",
        stderr(&out)
    );
    let out = nvmcalc(&[
        "compare",
        "--profile",
        &nvprof,
        "--gpu",
        "h200",
        "--net",
        "resnet50",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the profile is the workload"),
        "{}",
        stderr(&out)
    );
}

/// `study` opens a page view (the reproduction above the calculator), not a scenario: `compare`
/// refuses it by name and points at `nvmcalc reproduce`; a bad value is an error like every key.
#[test]
fn compare_refuses_the_study_key_and_names_the_reproduce_command() {
    for link in ["v=1&study=deepnvm", "v=1&net=resnet50&study=deepnvm"] {
        let out = nvmcalc(&["compare", "--scenario", link]);
        assert_eq!(out.status.code(), Some(2), "{link}");
        let err = stderr(&out);
        assert!(
            err.contains("--scenario: URL parameter `study` = `deepnvm` opens the DeepNVM++ reproduction on the page")
                && err.contains("run `nvmcalc reproduce deepnvm`"),
            "{err}"
        );
        assert!(stdout(&out).is_empty());
    }
    let out = nvmcalc(&["compare", "--scenario", "v=1&study=nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(
            "URL parameter `study` = `nope`: not a study this page reproduces; accepted: deepnvm"
        ),
        "{err}"
    );
}

/// `nvmcalc reproduce deepnvm --format json` names, claim by claim, the best workload of a
/// best-of claim and the calculator view that shows the number; each link runs in `compare`.
#[test]
fn reproduce_json_carries_each_claims_workload_and_link() {
    let out = nvmcalc(&["reproduce", "deepnvm", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let claims = v.as_array().expect("a list of claims");
    assert_eq!(claims.len(), 10);
    for c in claims {
        let claim = c["claim"].as_str().expect("claim");
        let run = &c["run"];
        let link = run["link"].as_str().expect("a link");
        assert!(
            link.starts_with("v=1&tech=") && !link.contains("study"),
            "{link}"
        );
        match run["workload"].as_str() {
            Some(w) => {
                assert!(claim.contains("best workload"), "{claim}");
                assert!(
                    w.ends_with(", batch 32")
                        && w.contains(", inference") | w.contains(", training"),
                    "{w}"
                );
            }
            None => assert!(!claim.contains("best workload"), "{claim}"),
        }
        for key in ["analysis", "technology", "key", "inverse", "reading"] {
            assert!(!run[key].is_null(), "{claim}: no run.{key}");
        }
    }
    // A claim's link is a scenario `compare` runs as it is.
    let link = claims[0]["run"]["link"].as_str().unwrap();
    let out = nvmcalc(&["compare", "--scenario", link, "--format", "json"]);
    assert!(out.status.success(), "{link}: {}", stderr(&out));
    // The table names the runs too, and the CSV has their columns.
    let text = stdout(&nvmcalc(&["reproduce", "deepnvm"]));
    assert!(text.contains("Where each number comes from"), "{text}");
    assert!(text.contains(link), "{text}");
    let csv = stdout(&nvmcalc(&["reproduce", "deepnvm", "--format", "csv"]));
    assert!(
        csv.starts_with("claim,paper,ours,diff_pct,check,tolerance_pct,pass,workload,analysis,technology,key,capacity_kib,inverse,link\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 11);
}
