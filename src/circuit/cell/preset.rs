//! Cell preset files (`presets/cells/<id>.toml`): one bitcell, every number with its unit in the
//! key and its source in the file. [`parse_cell_preset`] reads the TOML into a [`RawCell`] and
//! checks it with [`check_cell`], which collects every problem in the file (unknown keys
//! included) with its line, the field path, the value and what is accepted.
//!
//! # Format
//!
//! Top-level keys: `id` (equal to the file name without `.toml`), `name`, `kind` (`sram`,
//! `stt_mram`, `sot_mram`, `reram`, `pcm`, `fefet`), `source` (the papers every number comes
//! from), optional `notes` and `derivation` (the arithmetic behind inferred numbers, kept in the
//! cell's notes), `node_nm`, exactly one of `cell_area_f2` / `cell_area_um2`, `aspect_ratio`.
//!
//! Tables per kind (each listed table is required; any other cell table is refused):
//!
//! | kind | tables |
//! |---|---|
//! | `sram` | `[sram]` `access_width_f`, `nmos_width_f`, `pmos_width_f` |
//! | `stt_mram` | `[mtj]`, `[access]` (CMOS: `width_f`, optional `voltage_drop_v`, optional `type = "cmos"`), `[read]`, `[write]` |
//! | `sot_mram` | `[mtj]`, `[sot]` `read_access_width_f`, `write_access_width_f`, `heavy_metal_ohm`, `[read]`, `[write]` |
//! | `reram`, `pcm` | `[resistance]` `r_on_ohm`, `r_off_ohm`; `[access]` `type = "cmos" \| "diode" \| "none"`; `[read]`, `[set]`, `[reset]` |
//! | `fefet` | `[fefet]` `width_f`, `r_on_ohm`, `r_off_ohm`; `[read]`, `[write]` (voltage only) |
//!
//! `[mtj]`: `r_parallel_ohm`, `r_antiparallel_ohm`. `[read]`: `mode`, `voltage_v`, `current_ua`,
//! optional `power_uw`, `energy_pj`, `min_sense_mv`, optional `sense_latency_ns` and
//! `sense_energy_fj` (the sense amplifier's delay and energy per sensed bit where a circuit
//! simulation of the cell's sense path gives them; they replace the array model's own).
//! `[write]`, `[set]`, `[reset]`: `current_ua` or `voltage_v`, `pulse_ns`, optional `energy_pj`.
//! Every key's unit, accepted range or words and meaning are in the table of cell keys
//! ([`super::CELL_KEYS`]); the rules between keys are [`check_cell`]'s.

use super::{check_cell, CellSpec, IdRule, RawCell};
use crate::input::PresetErrors;

/// Parses and validates one cell preset file. `file` names it in messages (`cells/stt_22nm.toml`);
/// the `id` inside must equal the file name without `.toml`. Every problem is returned.
pub fn parse_cell_preset(file: &str, text: &str) -> Result<CellSpec, PresetErrors> {
    check_cell(file, &RawCell::from_toml(file, text)?, IdRule::PresetFile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::cell::{Access, CellArea, CellDevice, Drive, Mtj, Pulse, Read, ReadMode};
    use crate::circuit::metrics::MemoryKind;

    const STT: &str = r#"id = "t_cell"
name = "Test STT cell"
kind = "stt_mram"
source = "made up for a unit test"
notes = "a note"
derivation = "2 + 2 = 4"
node_nm = 22
cell_area_f2 = 100
aspect_ratio = 0.96

[mtj]
r_parallel_ohm = 2100
r_antiparallel_ohm = 5880

[access]
width_f = 10
voltage_drop_v = 0.15

[read]
mode = "current"
voltage_v = 0.25
min_sense_mv = 25

[write]
current_ua = 93
pulse_ns = 20
"#;

    const FILE: &str = "cells/t_cell.toml";

    fn parse(text: &str) -> Result<CellSpec, PresetErrors> {
        parse_cell_preset(FILE, text)
    }

    fn errors(text: &str) -> String {
        match parse(text) {
            Ok(c) => panic!("expected errors, got {c:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// The text with its `[table]` section (header to the next blank line) replaced by `with`.
    fn replace_table(text: &str, table: &str, with: &str) -> String {
        let header = format!("[{table}]\n");
        let start = text.find(&header).unwrap();
        let end = text[start..]
            .find("\n\n")
            .map_or(text.len(), |i| start + i + 2);
        format!("{}{with}{}", &text[..start], &text[end..])
    }

    #[test]
    fn a_good_stt_preset_parses_exactly() {
        let c = parse(STT).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.id, "t_cell");
        assert_eq!(c.kind, MemoryKind::SttMram);
        assert_eq!(c.node_nm, Some(22.0));
        assert_eq!(c.area, CellArea::F2(100.0));
        assert_eq!(c.aspect_ratio, 0.96);
        assert_eq!(c.notes.as_deref(), Some("a note\nDerivation: 2 + 2 = 4"));
        assert_eq!(
            c.device,
            CellDevice::Stt {
                mtj: Mtj {
                    r_parallel_ohm: 2100.0,
                    r_antiparallel_ohm: 5880.0
                },
                access_width_f: 10.0,
                access_voltage_drop_v: 0.15,
                read: Read {
                    mode: ReadMode::Current,
                    voltage_v: Some(0.25),
                    current_ua: None,
                    power_uw: None,
                    energy_pj: None,
                    min_sense_mv: 25.0,
                    sense_latency_ns: None,
                    sense_energy_fj: None,
                },
                write: Pulse {
                    drive: Drive::Current { current_ua: 93.0 },
                    pulse_ns: 20.0,
                    energy_pj: None,
                },
            }
        );
        // The access type may be written out; the drop defaults to 0 V.
        let text = STT.replace("voltage_drop_v = 0.15\n", "type = \"cmos\"\n");
        let c = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            c.device,
            CellDevice::Stt {
                access_voltage_drop_v,
                ..
            } if access_voltage_drop_v == 0.0
        ));
    }

    const HEAD: &str = "id = \"t_cell\"\nname = \"T\"\nsource = \"made up\"\naspect_ratio = 1\n";

    const READ: &str = "[read]\nmode = \"current\"\nvoltage_v = 0.4\nmin_sense_mv = 80\n\n";

    #[test]
    fn every_kind_parses() {
        let sram = format!(
            "{HEAD}kind = \"sram\"\nnode_nm = 16\ncell_area_um2 = 0.074\n\n[sram]\naccess_width_f = 1.31\nnmos_width_f = 2.08\npmos_width_f = 1.23\n"
        );
        let c = parse(&sram).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.kind, MemoryKind::Sram);
        assert_eq!(c.area, CellArea::Um2(0.074));
        assert_eq!(
            c.device,
            CellDevice::Sram {
                access_width_f: 1.31,
                nmos_width_f: 2.08,
                pmos_width_f: 1.23
            }
        );

        let sot = format!(
            "{HEAD}kind = \"sot_mram\"\ncell_area_f2 = 114\n\n[mtj]\nr_parallel_ohm = 2000\nr_antiparallel_ohm = 5000\n\n[sot]\nread_access_width_f = 3.8\nwrite_access_width_f = 7.6\nheavy_metal_ohm = 500\n\n{READ}[write]\nvoltage_v = 0.675\npulse_ns = 0.4\n"
        );
        let c = parse(&sot).unwrap_or_else(|e| panic!("{e}"));
        let CellDevice::Sot {
            read_access_width_f,
            write_access_width_f,
            heavy_metal_ohm,
            write,
            ..
        } = c.device
        else {
            panic!("{:?}", c.device)
        };
        assert_eq!(
            (read_access_width_f, write_access_width_f, heavy_metal_ohm),
            (3.8, 7.6, 500.0)
        );
        assert_eq!(write.drive, Drive::Voltage { voltage_v: 0.675 });
        assert_eq!(write.pulse_ns, 0.4);

        let pcm = format!(
            "{HEAD}kind = \"pcm\"\ncell_area_f2 = 25\n\n[resistance]\nr_on_ohm = 10000\nr_off_ohm = 1000000\n\n[access]\ntype = \"diode\"\nvoltage_drop_v = 0.4\n\n[read]\nmode = \"voltage\"\ncurrent_ua = 10\nenergy_pj = 0.5\npower_uw = 3\nmin_sense_mv = 80\n\n[set]\ncurrent_ua = 37\npulse_ns = 150\n\n[reset]\ncurrent_ua = 73\npulse_ns = 40\nenergy_pj = 1.2\n"
        );
        let c = parse(&pcm).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.kind, MemoryKind::Pcm);
        let CellDevice::Resistive {
            access,
            access_voltage_drop_v,
            read,
            set,
            reset,
            ..
        } = c.device
        else {
            panic!("{:?}", c.device)
        };
        assert_eq!(
            access,
            Access::Diode {
                voltage_drop_v: 0.4
            }
        );
        assert_eq!(access_voltage_drop_v, 0.4);
        assert_eq!(read.current_ua, Some(10.0));
        assert_eq!((read.energy_pj, read.power_uw), (Some(0.5), Some(3.0)));
        assert_eq!(set.drive, Drive::Current { current_ua: 37.0 });
        assert_eq!(reset.energy_pj, Some(1.2));

        let reram = pcm.replace("kind = \"pcm\"", "kind = \"reram\"").replace(
            "type = \"diode\"\nvoltage_drop_v = 0.4",
            "type = \"cmos\"\nwidth_f = 10",
        );
        let c = parse(&reram).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.kind, MemoryKind::Reram);
        assert!(matches!(
            c.device,
            CellDevice::Resistive {
                access: Access::Cmos { width_f },
                access_voltage_drop_v,
                ..
            } if width_f == 10.0 && access_voltage_drop_v == 0.0
        ));
        let crosspoint = pcm.replace("type = \"diode\"\nvoltage_drop_v = 0.4", "type = \"none\"");
        let c = parse(&crosspoint).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            c.device,
            CellDevice::Resistive {
                access: Access::None,
                ..
            }
        ));

        let fefet = format!(
            "{HEAD}kind = \"fefet\"\ncell_area_f2 = 52\n\n[fefet]\nwidth_f = 4\nr_on_ohm = 70000\nr_off_ohm = 2e10\n\n{READ}[write]\nvoltage_v = 3.5\npulse_ns = 10\nenergy_pj = 0.0029\n"
        );
        let c = parse(&fefet).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.device,
            CellDevice::Fefet {
                r_on_ohm: 70000.0,
                r_off_ohm: 2e10,
                width_f: 4.0,
                read: Read {
                    mode: ReadMode::Current,
                    voltage_v: Some(0.4),
                    current_ua: None,
                    power_uw: None,
                    energy_pj: None,
                    min_sense_mv: 80.0,
                    sense_latency_ns: None,
                    sense_energy_fj: None,
                },
                write: Pulse {
                    drive: Drive::Voltage { voltage_v: 3.5 },
                    pulse_ns: 10.0,
                    energy_pj: Some(0.0029),
                },
            }
        );
    }

    #[test]
    fn missing_source_and_id_mismatch_are_named() {
        let e = errors(&STT.replace("source = \"made up for a unit test\"\n", ""));
        assert!(e.contains("cells/t_cell.toml: source: missing"), "{e}");
        let e = errors(&STT.replace("source = \"made up for a unit test\"", "source = \" \""));
        assert!(
            e.contains("cells/t_cell.toml:4: source = \"\": must not be empty"),
            "{e}"
        );
        let e = errors(&STT.replace("id = \"t_cell\"", "id = \"other\""));
        assert!(
            e.contains("cells/t_cell.toml:1: id = \"other\": must equal the file name without .toml (\"t_cell\")"),
            "{e}"
        );
    }

    #[test]
    fn exactly_one_area_key() {
        let e = errors(&STT.replace(
            "cell_area_f2 = 100",
            "cell_area_f2 = 100\ncell_area_um2 = 0.05",
        ));
        assert!(
            e.contains("cells/t_cell.toml:9: cell_area_um2: give either cell_area_f2"),
            "{e}"
        );
        let e = errors(&STT.replace("cell_area_f2 = 100\n", ""));
        assert!(
            e.contains(
                "cells/t_cell.toml: cell_area_f2 / cell_area_um2: missing; add `cell_area_f2 = …`"
            ),
            "{e}"
        );
        let e = errors(
            &STT.replace("cell_area_f2 = 100", "cell_area_um2 = 0.0486")
                .replace("node_nm = 22\n", ""),
        );
        assert!(
            e.contains("cells/t_cell.toml: node_nm: missing; cell_area_um2 is a drawn area"),
            "{e}"
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let e = errors(&STT.replace("pulse_ns = 20", "pulse_ns = 20\npulse_width_ns = 3"));
        assert!(
            e.contains("cells/t_cell.toml:27: write.pulse_width_ns = 3: unknown key (misspelt?); accepted keys here: current_ua, energy_pj, pulse_ns, voltage_v"),
            "{e}"
        );
        let e = errors(&format!("{STT}colour = \"red\"\n"));
        assert!(e.contains("write.colour = \"red\": unknown key"), "{e}");
        let e = errors(&format!("tmr_percent = 180\n{STT}"));
        assert!(
            e.contains("cells/t_cell.toml:1: tmr_percent = 180: unknown key"),
            "{e}"
        );
    }

    #[test]
    fn a_characterised_sense_path_is_read() {
        let text = STT.replace(
            "min_sense_mv = 25",
            "min_sense_mv = 25\nsense_latency_ns = 0.3\nsense_energy_fj = 20",
        );
        let cell = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        let CellDevice::Stt { read, .. } = cell.device else {
            panic!("an STT cell");
        };
        assert_eq!(read.sense_latency_ns, Some(0.3));
        assert_eq!(read.sense_energy_fj, Some(20.0));
    }

    #[test]
    fn out_of_range_values_name_file_line_field_and_range() {
        let cases = [
            ("cell_area_f2 = 100", "cell_area_f2 = 0.5", "cells/t_cell.toml:8: cell_area_f2 = 0.5: must be a finite number from 1 to 1000"),
            ("aspect_ratio = 0.96", "aspect_ratio = -1", "cells/t_cell.toml:9: aspect_ratio = -1: must be a finite number from 0.05 to 20"),
            ("r_parallel_ohm = 2100", "r_parallel_ohm = 10", "cells/t_cell.toml:12: mtj.r_parallel_ohm = 10: must be a finite number from 100 to 1000000"),
            ("width_f = 10", "width_f = 0", "cells/t_cell.toml:16: access.width_f = 0: must be a finite number from 0.5 to 100"),
            ("voltage_v = 0.25", "voltage_v = 50", "cells/t_cell.toml:21: read.voltage_v = 50: must be a finite number from 0.01 to 5"),
            ("min_sense_mv = 25", "min_sense_mv = nan", "cells/t_cell.toml:22: read.min_sense_mv = nan: must be a finite number from 1 to 1000"),
            ("min_sense_mv = 25", "min_sense_mv = 25\nsense_latency_ns = 0", "cells/t_cell.toml:23: read.sense_latency_ns = 0: must be a finite number from 0.01 to 100"),
            ("min_sense_mv = 25", "min_sense_mv = 25\nsense_energy_fj = -3", "cells/t_cell.toml:23: read.sense_energy_fj = -3: must be a finite number from 0.01 to 100000"),
            ("current_ua = 93", "current_ua = 1e6", "cells/t_cell.toml:25: write.current_ua = 1000000: must be a finite number from 0.01 to 10000"),
            ("pulse_ns = 20", "pulse_ns = 0", "cells/t_cell.toml:26: write.pulse_ns = 0: must be a finite number from 0.01 to 10000"),
            ("node_nm = 22", "node_nm = 0", "cells/t_cell.toml:7: node_nm = 0: must be a finite number from 1 to 1000"),
        ];
        for (from, to, expected) in cases {
            let e = errors(&STT.replace(from, to));
            assert!(e.contains(expected), "{to}\n{e}");
        }
        let e = errors(&STT.replace("r_antiparallel_ohm = 5880", "r_antiparallel_ohm = 2000"));
        assert!(
            e.contains("cells/t_cell.toml:13: mtj.r_antiparallel_ohm = 2000: must be larger than r_parallel_ohm (2100)"),
            "{e}"
        );
        // Every problem in the file is reported together.
        let e = errors(
            &STT.replace("pulse_ns = 20", "pulse_ns = 0")
                .replace("width_f = 10", "width_f = 0"),
        );
        assert!(e.starts_with("2 problems"), "{e}");
    }

    #[test]
    fn tables_of_another_kind_are_refused_and_missing_ones_named() {
        let e = errors(&format!("{STT}\n[sram]\naccess_width_f = 1\n"));
        assert!(
            e.contains("cells/t_cell.toml:28: sram: kind = \"stt_mram\" has no [sram] table; its tables are [mtj], [access], [read], [write]"),
            "{e}"
        );
        let e = errors(&STT.replace("[write]", "[set]"));
        assert!(
            e.contains("set: kind = \"stt_mram\" has no [set] table"),
            "{e}"
        );
        assert!(
            e.contains(
                "cells/t_cell.toml: write: missing; kind = \"stt_mram\" needs the table [write]"
            ),
            "{e}"
        );
        let sram = STT.replace("kind = \"stt_mram\"", "kind = \"sram\"");
        let e = errors(&sram);
        for t in ["mtj", "access", "read", "write"] {
            assert!(
                e.contains(&format!(
                    "{t}: kind = \"sram\" has no [{t}] table; its tables are [sram]"
                )),
                "{t}\n{e}"
            );
        }
        assert!(
            e.contains("sram: missing; kind = \"sram\" needs the table [sram]"),
            "{e}"
        );
        // A bad kind is reported once, without a cascade of table errors.
        let e = errors(&STT.replace("kind = \"stt_mram\"", "kind = \"mram\""));
        assert!(
            e.contains("cells/t_cell.toml:3: kind = \"mram\": must be one of: sram, stt_mram, sot_mram, reram, pcm, fefet"),
            "{e}"
        );
        assert!(e.starts_with("1 problem "), "{e}");
    }

    #[test]
    fn pulse_read_and_access_rules() {
        let e = errors(&STT.replace("current_ua = 93", "current_ua = 93\nvoltage_v = 1"));
        assert!(e.contains("write.voltage_v: give either current_ua"), "{e}");
        let e = errors(&STT.replace("current_ua = 93\n", ""));
        assert!(
            e.contains("write.current_ua / voltage_v: missing; add `current_ua = …` (0.01 to 10000) or `voltage_v = …` (0.01 to 10)"),
            "{e}"
        );
        let e = errors(&STT.replace("voltage_v = 0.25\n", ""));
        assert!(
            e.contains("read.voltage_v: missing; mode = \"current\" applies a read voltage"),
            "{e}"
        );
        let e = errors(&STT.replace("mode = \"current\"\nvoltage_v = 0.25", "mode = \"voltage\""));
        assert!(
            e.contains("read.current_ua: missing; mode = \"voltage\" forces a read current"),
            "{e}"
        );
        let e = errors(&STT.replace("mode = \"current\"", "mode = \"amps\""));
        assert!(
            e.contains("read.mode = \"amps\": must be one of: current, voltage"),
            "{e}"
        );
        let e = errors(&STT.replace("width_f = 10", "type = \"diode\"\nwidth_f = 10"));
        assert!(
            e.contains(
                "access.type = \"diode\": an STT-MRAM cell (1T-1MTJ) has a CMOS access transistor"
            ),
            "{e}"
        );

        let fefet = format!(
            "{HEAD}kind = \"fefet\"\ncell_area_f2 = 52\n\n[fefet]\nwidth_f = 4\nr_on_ohm = 70000\nr_off_ohm = 2e10\n\n{READ}[write]\ncurrent_ua = 3\npulse_ns = 10\n"
        );
        let e = errors(&fefet);
        assert!(
            e.contains("write.current_ua = 3: a FeFET is written by a gate-voltage pulse; give voltage_v instead"),
            "{e}"
        );
        let e = errors(&fefet.replace("r_off_ohm = 2e10", "r_off_ohm = 5e12"));
        assert!(e.contains("fefet.r_off_ohm = 5000000000000: must be a finite number from 100 to 1000000000000"), "{e}");

        let pcm = format!(
            "{HEAD}kind = \"pcm\"\ncell_area_f2 = 25\n\n[resistance]\nr_on_ohm = 10000\nr_off_ohm = 1000000\n\n[access]\ntype = \"none\"\nwidth_f = 2\n\n{READ}[set]\ncurrent_ua = 37\npulse_ns = 150\n\n[reset]\ncurrent_ua = 73\npulse_ns = 40\n"
        );
        let e = errors(&pcm);
        assert!(
            e.contains(
                "access.width_f = 2: a cross-point cell (type = \"none\") has no access device"
            ),
            "{e}"
        );
        let e = errors(&pcm.replace("type = \"none\"\nwidth_f = 2", "type = \"diode\""));
        assert!(e.contains("access.voltage_drop_v: missing"), "{e}");
        let e = errors(&pcm.replace("type = \"none\"\n", ""));
        assert!(
            e.contains("access.type: missing; add `type = \"cmos\"`"),
            "{e}"
        );
        let e = errors(&pcm.replace("type = \"none\"\nwidth_f = 2", "type = \"cmos\""));
        assert!(e.contains("access.width_f: missing"), "{e}");
        let e = errors(&replace_table(&pcm, "reset", ""));
        assert!(
            e.contains("reset: missing; kind = \"pcm\" needs the table [reset]"),
            "{e}"
        );
        let e = errors(&pcm.replace("r_off_ohm = 1000000", "r_off_ohm = 10000"));
        assert!(
            e.contains("resistance.r_off_ohm = 10000: must be larger than r_on_ohm (10000)"),
            "{e}"
        );
    }
}
