//! Issue #18, hardening: the CLI reads only regular files and at most the size limit plus one
//! byte; a `.cfg` may name a cell file only inside its own folder; the lines of a file the user
//! did not name are never echoed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nvmcalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nvmcalc"))
        .arg("--presets")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("presets"))
        .args(args)
        .output()
        .expect("the nvmcalc binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder holding a reference `.cfg` whose cell file line is replaced by `cell`.
fn cfg_naming(tag: &str, cell: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("nvmcalc-hard-{tag}-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/nvsim/configs/SRAM_22nm_2MB_ReadEDP.cfg");
    let text = fs::read_to_string(golden).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("-MemoryCellInputFile") {
                format!("-MemoryCellInputFile: {cell}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let cfg = dir.join("t.cfg");
    fs::write(&cfg, text).unwrap();
    (dir, cfg)
}

#[test]
fn a_cfg_cannot_name_a_cell_file_outside_its_folder() {
    for (tag, outside) in [
        ("abs", "/etc/passwd"),
        ("dev", "/dev/zero"),
        ("up", "../x.cell"),
    ] {
        let (dir, cfg) = cfg_naming(tag, outside);
        let out = nvmcalc(&["nvsim", cfg.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{outside}");
        let err = stderr(&out);
        assert!(err.contains(outside) && err.contains("folder"), "{err}");
        assert!(!err.contains("root:"), "{err}");
        fs::remove_dir_all(&dir).ok();
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_cfgs_folder_is_refused() {
    let (dir, cfg) = cfg_naming("link", "link.cell");
    std::os::unix::fs::symlink("/etc/passwd", dir.join("link.cell")).unwrap();
    let err = stderr(&nvmcalc(&["nvsim", cfg.to_str().unwrap()]));
    assert!(
        err.contains("link.cell") && err.contains("outside"),
        "{err}"
    );
    assert!(!err.contains("root:"), "{err}");
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_broken_cell_file_named_by_a_cfg_is_reported_without_its_lines() {
    let (dir, cfg) = cfg_naming("quiet", "bad.cell");
    fs::write(
        dir.join("bad.cell"),
        "SECRET-TEXT here\n-CellArea (F^2): 40\n",
    )
    .unwrap();
    let err = stderr(&nvmcalc(&["nvsim", cfg.to_str().unwrap()]));
    assert!(err.contains("bad.cell:1"), "{err}");
    assert!(!err.contains("SECRET"), "{err}");
    // Named by the user, the same file is quoted: the user sees their own line.
    let err = stderr(&nvmcalc(&[
        "compare",
        "--cell",
        dir.join("bad.cell").to_str().unwrap(),
    ]));
    assert!(err.contains("SECRET"), "{err}");
    fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    for special in ["/dev/zero", "/dev/null", "/tmp"] {
        let out = nvmcalc(&["compare", "--cell", special]);
        assert_eq!(out.status.code(), Some(2), "{special}");
        let err = stderr(&out);
        assert!(err.contains("not a regular file"), "{special}: {err}");
    }
    let out = nvmcalc(&["compare", "--profile", "/dev/zero", "--gpu", "h200"]);
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_over_the_limit_is_refused_without_reading_it_all() {
    let dir = std::env::temp_dir().join(format!("nvmcalc-hard-big-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.cell");
    fs::write(
        &big,
        "// x\n".repeat(nvmcalc::input::MAX_FILE_BYTES / 5 + 10),
    )
    .unwrap();
    let err = stderr(&nvmcalc(&["compare", "--cell", big.to_str().unwrap()]));
    assert!(err.contains("larger than"), "{err}");
    let bin = dir.join("bin.cell");
    fs::write(&bin, [0xffu8, 0xfe, 0x00]).unwrap();
    let err = stderr(&nvmcalc(&["compare", "--cell", bin.to_str().unwrap()]));
    assert!(err.contains("not UTF-8"), "{err}");
    fs::remove_dir_all(&dir).ok();
}

/// An option's text is one value: `&`, `=` or `#` in it set nothing else, non-ASCII text comes
/// back as typed, and an option replaces the same key of `--scenario` rather than repeating it.
#[test]
fn option_values_cannot_set_other_keys() {
    let out = nvmcalc(&["compare", "--tech", "sram_22nm,stt_22nm&cap=8&an=details"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`stt_22nm&cap=8&an=details`"), "{err}");
    assert!(!err.contains("Cache details"), "{err}");

    let err = stderr(&nvmcalc(&["compare", "--tech", "sram_22nm,größe#x"]));
    assert!(err.contains("`größe#x`"), "{err}");

    let out = nvmcalc(&[
        "compare",
        "--scenario",
        "?v=1&tech=sram_22nm,stt_22nm&cap=4",
        "--capacity-mib",
        "8",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("cap=8"), "{text}");
    assert!(!text.contains("cap=4"), "{text}");
}

/// Empty option values are errors, like empty link values and empty list entries.
#[test]
fn empty_values_are_errors() {
    for args in [
        &["compare", "--node-nm="][..],
        &["compare", "--tech", "sram_22nm,,stt_22nm"],
        &["compare", "--scenario", "?v=1&cap=4&cap=8"],
        &["compare", "--net", "gpt2_small", "--seq", "100000"],
    ] {
        let out = nvmcalc(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("problem"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

/// The share link the CLI prints reads back, by the same CLI, as the run it came from; a
/// scenario whose link would be too long gets the reason instead of a link.
#[test]
fn the_printed_share_link_reads_back() {
    let out = nvmcalc(&[
        "compare",
        "--tech",
        "sram_22nm,stt_22nm",
        "--net",
        "gpt2_small",
        "--decode",
        "16",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let query = text
        .lines()
        .find_map(|l| l.strip_prefix("Share link query: "))
        .expect("a share link");
    let again = nvmcalc(&["compare", "--scenario", query]);
    assert!(again.status.success(), "{query}: {}", stderr(&again));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        text,
        "the link's run is the same"
    );

    // Raw non-ASCII text is written back percent-encoded: three times as long.
    let long = "é".repeat(1200);
    let link = format!("?v=1&cell=mine~stt_22nm~name:'{long}&tech=sram_22nm,mine");
    let out = nvmcalc(&["compare", "--scenario", &link]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Share link query"), "{text}");
    assert!(text.contains("No share link: the link would be"), "{text}");
}

/// A cell named like a formula opens as text in a spreadsheet: no CSV field starts with `=`.
#[test]
fn csv_exports_are_spreadsheet_safe() {
    let link = "?v=1&cell=mine~stt_22nm~name:'%3DHYPERLINK(%22http://x%22)&tech=sram_22nm,mine";
    for an in ["iso_capacity", "details"] {
        let out = nvmcalc(&[
            "compare",
            "--scenario",
            link,
            "--analysis",
            an,
            "--format",
            "csv",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        if an == "iso_capacity" {
            assert!(text.contains("'=HYPERLINK"), "{an}: {text}");
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            for field in record.unwrap().iter() {
                assert!(!field.starts_with('='), "{an}: {field}");
            }
        }
    }
}
