//! Issue #18, hardening: the three ways a user's cell comes in — a custom cell in a link
//! (`cell=`), an NVSim `.cell` file (`--cell`, the page's import) and a cell preset `.toml` (the
//! page's import) — pass the one raw-cell check, so each refuses what the others refuse, and
//! accepts what they accept.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use nvmcalc::design::import::{import_cell_preset, import_custom_cell};
use nvmcalc::Scenario;

/// One value of one cell key, in each of the three spellings.
struct Case {
    /// In a link: `path:value`.
    link: &'static str,
    /// The `.cell` line it replaces (by its label) and the line written instead.
    cell: (&'static str, &'static str),
    /// The preset `.toml` line it replaces (by its key) and the line written instead.
    toml: (&'static str, &'static str),
    /// Whether every reader accepts it.
    accepted: bool,
}

const CASES: [Case; 7] = [
    Case {
        link: "mtj.r_parallel_ohm:3000",
        cell: ("-ResistanceOn (ohm):", "-ResistanceOn (ohm): 3000"),
        toml: ("r_parallel_ohm =", "r_parallel_ohm = 3000"),
        accepted: true,
    },
    Case {
        link: "mtj.r_parallel_ohm:1e300",
        cell: ("-ResistanceOn (ohm):", "-ResistanceOn (ohm): 1e300"),
        toml: ("r_parallel_ohm =", "r_parallel_ohm = 1e300"),
        accepted: false,
    },
    // Above the high resistance.
    Case {
        link: "mtj.r_parallel_ohm:100000",
        cell: ("-ResistanceOn (ohm):", "-ResistanceOn (ohm): 100000"),
        toml: ("r_parallel_ohm =", "r_parallel_ohm = 100000"),
        accepted: false,
    },
    Case {
        link: "cell_area_f2:-5",
        cell: ("-CellArea (F^2):", "-CellArea (F^2): -5"),
        toml: ("cell_area_f2 =", "cell_area_f2 = -5"),
        accepted: false,
    },
    Case {
        link: "aspect_ratio:0",
        cell: ("-CellAspectRatio:", "-CellAspectRatio: 0"),
        toml: ("aspect_ratio =", "aspect_ratio = 0"),
        accepted: false,
    },
    Case {
        link: "read.voltage_v:nan",
        cell: ("-ReadVoltage (V):", "-ReadVoltage (V): nan"),
        toml: ("voltage_v =", "voltage_v = nan"),
        accepted: false,
    },
    Case {
        link: "read.voltage_v:1e9",
        cell: ("-ReadVoltage (V):", "-ReadVoltage (V): 1e9"),
        toml: ("voltage_v =", "voltage_v = 1e9"),
        accepted: false,
    },
];

fn replace_line(text: &str, starts: &str, with: &str) -> String {
    let mut found = false;
    let out: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.starts_with(starts) && !found {
                found = true;
                with
            } else {
                l
            }
        })
        .collect();
    assert!(found, "no line starts with `{starts}`");
    out.join("\n") + "\n"
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn each_way_in_refuses_what_the_others_refuse() {
    let lib = common::shipped_library();
    let sample = fs::read_to_string(root().join("tests/golden/nvsim/samples/sample_STTRAM.cell"))
        .expect("the sample .cell is in the repository");
    let preset = fs::read_to_string(root().join("presets/cells/stt_22nm.toml"))
        .expect("the shipped STT preset");
    let preset = replace_line(&preset, "id =", "id = \"mine\"");
    let dir = std::env::temp_dir().join(format!("nvmcalc-cellcheck-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    for case in &CASES {
        // A link cell.
        let query = format!("cell=mine~stt_22nm~{}&tech=sram_22nm,mine", case.link);
        let d = Scenario::from_query(&query, &lib);
        let link_ok = d.notices.is_empty() && d.scenario.technologies.contains(&"mine".into());
        // An NVSim .cell, read as the page and the CLI read it.
        let cell_text = replace_line(&sample, case.cell.0, case.cell.1);
        let cell_ok = import_custom_cell("mine.cell", &cell_text, &[], Some(22)).is_ok();
        // A cell preset file.
        let toml_text = replace_line(&preset, case.toml.0, case.toml.1);
        let toml_ok = import_cell_preset("mine.toml", &toml_text, &[]).is_ok();
        // The CLI's `--cell`.
        let path = dir.join("mine.cell");
        fs::write(&path, &cell_text).unwrap();
        let cli = Command::new(env!("CARGO_BIN_EXE_nvmcalc"))
            .arg("--presets")
            .arg(root().join("presets"))
            .args([
                "compare",
                "--tech",
                "sram_22nm",
                "--node-nm",
                "22",
                "--cell",
            ])
            .arg(&path)
            .output()
            .unwrap();
        let cli_ok = cli.status.success();
        assert_eq!(
            [link_ok, cell_ok, toml_ok, cli_ok],
            [case.accepted; 4],
            "{}: link {:?}; cli {}",
            case.link,
            d.notices,
            String::from_utf8_lossy(&cli.stderr)
        );
    }
    fs::remove_dir_all(&dir).ok();
}
