//! Every NVSim `.cfg` and `.cell` under `tests/golden/nvsim/` parses, and the parsed values agree
//! with the file's text, with the names of the reference runs, and with spot values read by hand.

use std::fs;
use std::path::{Path, PathBuf};

use nvmcalc::nvsim::format::{
    parse_cell, parse_cfg, AccessType, BufferDesignOptimization, CacheAccessMode, DesignTarget,
    DeviceRoadmap, DriveMode, ForcedGrid, MemCellType, NvsimCell, NvsimConfig, OptimizationTarget,
    RepeaterType, Routing, WireType,
};
use nvmcalc::units::Capacity;

/// Cell files that NVSim's own samples name but NVSim does not ship.
const NOT_SHIPPED: &[&str] = &["FBRAM_1.cell"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/nvsim")
}

/// Every file with extension `ext` in `configs/` and `samples/`, sorted.
fn files(ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in ["configs", "samples"] {
        for entry in fs::read_dir(root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn name(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

fn cfg(rel: &str) -> NvsimConfig {
    let path = root().join(rel);
    parse_cfg(rel, &read(&path)).unwrap_or_else(|e| panic!("{e}"))
}

fn cell(rel: &str) -> NvsimCell {
    let path = root().join(rel);
    parse_cell(rel, &read(&path)).unwrap_or_else(|e| panic!("{e}"))
}

/// The value of the uncommented line that starts with `prefix`, taken straight from the text.
fn text_value<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    text.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(prefix))
        .map(str::trim)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-30)
}

#[test]
fn the_golden_folders_hold_every_expected_file() {
    assert_eq!(files("cfg").len(), 50 + 8, "{:?}", files("cfg"));
    assert_eq!(files("cell").len(), 5 + 6, "{:?}", files("cell"));
}

#[test]
fn every_cfg_parses_and_agrees_with_its_text() {
    let mut failures = Vec::new();
    for path in files("cfg") {
        let file = name(&path);
        let text = read(&path);
        let c = match parse_cfg(&file, &text) {
            Ok(c) => c,
            Err(e) => {
                failures.push(e.to_string());
                continue;
            }
        };
        let mut check = |ok: bool, what: &str| {
            if !ok {
                failures.push(format!("{file}: {what} differs from the text"));
            }
        };
        let t = |prefix| text_value(&text, prefix).unwrap();
        check(
            c.design_target.word() == t("-DesignTarget:"),
            "design target",
        );
        check(c.process_node_nm.to_string() == t("-ProcessNode:"), "node");
        check(
            c.word_width_bits.to_string() == t("-WordWidth (bit):"),
            "word width",
        );
        check(c.device_roadmap.word() == t("-DeviceRoadmap:"), "roadmap");
        check(
            c.temperature_k.to_string() == t("-Temperature (K):"),
            "temperature",
        );
        check(c.cell_file() == t("-MemoryCellInputFile:"), "cell file");
        let capacity = [("-Capacity (KB):", 1024), ("-Capacity (MB):", 1 << 20)]
            .iter()
            .find_map(|(p, f)| text_value(&text, p).map(|v| v.parse::<u64>().unwrap() * f))
            .unwrap();
        check(
            Capacity::from_bytes(capacity) == Some(c.capacity),
            "capacity",
        );
        if let Some(v) = text_value(&text, "-OptimizationTarget:") {
            check(c.optimization_target.word() == v, "optimization target");
        }
        if let Some(v) = text_value(&text, "-Associativity (for cache only):") {
            check(c.associativity.to_string() == v, "associativity");
        }
        if let Some(v) = text_value(&text, "-Routing:") {
            check(c.routing.word() == v, "routing");
        }

        let cell_path = c.cell_path_beside(&path.display().to_string()).unwrap();
        if NOT_SHIPPED.contains(&c.cell_file()) {
            assert!(!Path::new(&cell_path).exists());
            continue;
        }
        match fs::read_to_string(&cell_path) {
            Ok(cell_text) => {
                if let Err(e) = parse_cell(&cell_path, &cell_text) {
                    failures.push(e.to_string());
                }
            }
            Err(e) => failures.push(format!("{file}: cell file {cell_path}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reference_run_names_agree_with_the_parsed_configs() {
    for path in files("cfg")
        .into_iter()
        .filter(|p| name(p).starts_with("configs"))
    {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let c = cfg(&name(&path));
        let parts: Vec<&str> = stem.split('_').collect();
        let node = parts.iter().find_map(|p| p.strip_suffix("nm")).unwrap();
        assert_eq!(c.process_node_nm.to_string(), node, "{stem}");
        let size = parts.last().unwrap();
        let capacity = match (size.strip_suffix("MB"), size.strip_suffix("KB")) {
            (Some(mb), _) => parts_size(mb, 1 << 20),
            (_, Some(kb)) => parts_size(kb, 1 << 10),
            _ => parts
                .iter()
                .find_map(|p| p.strip_suffix("MB"))
                .map(|mb| parts_size(mb, 1 << 20))
                .unwrap(),
        };
        assert_eq!(Some(c.capacity), capacity, "{stem}");
        let target = OptimizationTarget::WORDS
            .iter()
            .find(|(w, _)| parts.contains(w))
            .map(|(_, t)| *t)
            .unwrap();
        assert_eq!(c.optimization_target, target, "{stem}");
        if stem.starts_with('p') {
            // pNN_<cell>_<RAM|cache>_<node>_<roadmap>_<target>_<size>
            let roadmap = DeviceRoadmap::WORDS
                .iter()
                .find(|(w, _)| parts.contains(w))
                .map(|(_, r)| *r)
                .unwrap();
            assert_eq!(c.device_roadmap, roadmap, "{stem}");
            let design = if parts.contains(&"cache") {
                DesignTarget::Cache
            } else {
                DesignTarget::Ram
            };
            assert_eq!(c.design_target, design, "{stem}");
            let at = parts
                .iter()
                .position(|p| *p == "RAM" || *p == "cache")
                .unwrap();
            assert_eq!(
                c.cell_file(),
                format!("{}.cell", parts[1..at].join("_")),
                "{stem}"
            );
        } else {
            // <cell>_<node>nm_<size>_ReadEDP: 16-way caches of 512-bit lines on HP devices.
            let at = parts.iter().position(|p| p.ends_with("nm")).unwrap();
            assert_eq!(
                c.cell_file(),
                format!("{}.cell", parts[..at].join("_")),
                "{stem}"
            );
            assert_eq!(c.design_target, DesignTarget::Cache, "{stem}");
            assert_eq!(c.associativity, 16, "{stem}");
            assert_eq!(c.word_width_bits, 512, "{stem}");
            assert_eq!(c.device_roadmap, DeviceRoadmap::Hp, "{stem}");
        }
    }
}

fn parts_size(n: &str, unit: u64) -> Option<Capacity> {
    Capacity::from_bytes(n.parse::<u64>().unwrap() * unit)
}

#[test]
fn sram_22nm_4mb_read_edp() {
    let c = cfg("configs/SRAM_22nm_4MB_ReadEDP.cfg");
    assert_eq!(c.design_target, DesignTarget::Cache);
    assert_eq!(c.cache_access_mode, CacheAccessMode::Normal);
    assert_eq!(c.optimization_target, OptimizationTarget::ReadEdp);
    assert!(c.enable_pruning);
    assert_eq!(c.process_node_nm, 22);
    assert_eq!(c.capacity, Capacity::from_kib(4 * 1024).unwrap());
    assert_eq!(c.capacity.to_string(), "4 MiB");
    assert_eq!(c.word_width_bits, 512);
    assert_eq!(c.associativity, 16);
    assert_eq!(c.device_roadmap, DeviceRoadmap::Hp);
    assert_eq!(c.local_wire.wire_type, Some(WireType::LocalAggressive));
    assert_eq!(c.local_wire.repeater, Some(RepeaterType::RepeatedNone));
    assert_eq!(c.local_wire.low_swing, Some(false));
    assert_eq!(c.global_wire.wire_type, Some(WireType::GlobalAggressive));
    assert_eq!(c.global_wire.repeater, Some(RepeaterType::RepeatedNone));
    assert_eq!(c.global_wire.low_swing, Some(false));
    assert_eq!(c.routing, Routing::HTree);
    assert!(c.internal_sensing);
    assert_eq!(c.cell_file(), "SRAM.cell");
    assert_eq!(c.temperature_k, 350);
    assert_eq!(
        c.buffer_design_optimization,
        Some(BufferDesignOptimization::Latency)
    );
    assert!(c.use_cacti_assumption);
    assert_eq!(c.force_bank, None);
    assert!(c.warnings.is_empty());
}

#[test]
fn forced_organisations_in_the_reference_runs() {
    for rel in [
        "configs/p12_SRAM_RAM_32nm_HP_ReadLatency_2048KB.cfg",
        "configs/p13_sample_STTRAM_RAM_32nm_HP_ReadLatency_2048KB.cfg",
    ] {
        let c = cfg(rel);
        let bank = ForcedGrid {
            rows: 4,
            columns: 4,
            active_rows: 1,
            active_columns: 4,
        };
        let mat = ForcedGrid {
            rows: 2,
            columns: 2,
            active_rows: 1,
            active_columns: 2,
        };
        assert_eq!(
            (c.force_bank, c.force_mat),
            (Some(bank), Some(mat)),
            "{rel}"
        );
        assert_eq!(c.force_mux_output_lev1, Some(1), "{rel}");
        assert_eq!(c.force_mux_output_lev2, Some(1), "{rel}");
        assert!(!c.use_cacti_assumption, "{rel}");
    }
    assert_eq!(
        cfg("configs/p12_SRAM_RAM_32nm_HP_ReadLatency_2048KB.cfg").force_mux_sense_amp,
        Some(2)
    );
    assert_eq!(
        cfg("configs/p13_sample_STTRAM_RAM_32nm_HP_ReadLatency_2048KB.cfg").force_mux_sense_amp,
        Some(4)
    );
}

#[test]
fn nvsim_sample_configs() {
    let c = cfg("samples/nvsim.cfg");
    assert_eq!(c.design_target, DesignTarget::Ram);
    assert_eq!(c.capacity, Capacity::from_kib(128).unwrap());
    assert_eq!((c.process_node_nm, c.word_width_bits), (32, 512));
    assert_eq!(
        c.force_bank.map(|g| (g.rows, g.active_columns)),
        Some((4, 4))
    );
    assert_eq!(c.force_mux_sense_amp, Some(2));
    assert_eq!(c.optimization_target, OptimizationTarget::ReadLatency);

    let c = cfg("samples/sample_PCRAM.cfg");
    assert_eq!(c.routing, Routing::NonHTree);
    assert!(!c.internal_sensing);
    assert_eq!(c.global_wire.wire_type, Some(WireType::LocalConservative));
    assert_eq!(c.capacity, Capacity::from_kib(16 * 1024).unwrap());
    assert_eq!((c.process_node_nm, c.temperature_k), (90, 340));
    assert_eq!(c.device_roadmap, DeviceRoadmap::Lop);
    assert_eq!(
        c.force_bank,
        Some(ForcedGrid {
            rows: 8,
            columns: 4,
            active_rows: 1,
            active_columns: 1
        })
    );
    assert_eq!(c.force_mux_output_lev1, Some(8));
    // `-Optimization: latency` is not a key stock NVSim reads: accepted with a warning.
    assert_eq!(c.warnings.len(), 1);
    assert!(
        c.warnings[0].to_string().starts_with(
            "samples/sample_PCRAM.cfg:30: -Optimization = latency: stock NVSim does not read"
        ),
        "{}",
        c.warnings[0]
    );

    let c = cfg("samples/sample_SLCNAND.cfg");
    assert_eq!(c.optimization_target, OptimizationTarget::Area);
    assert_eq!(c.capacity, Capacity::from_kib(256 * 1024).unwrap());
    assert_eq!(c.flash_page_size, Capacity::from_bytes(2048));
    assert_eq!(c.flash_block_size, Capacity::from_kib(128));
    assert_eq!(
        c.buffer_design_optimization,
        Some(BufferDesignOptimization::Area)
    );
    assert_eq!(c.local_wire.wire_type, None);
    assert_eq!((c.process_node_nm, c.temperature_k), (50, 380));

    let c = cfg("samples/sample_STTRAM_cache.cfg");
    assert_eq!(c.design_target, DesignTarget::Cache);
    assert_eq!(c.cache_access_mode, CacheAccessMode::Sequential);
    assert_eq!(c.associativity, 16);
    assert_eq!(c.capacity, Capacity::from_kib(8 * 1024).unwrap());

    let c = cfg("samples/nvsim_bc.cfg");
    assert_eq!(c.cell_file(), "FBRAM_1.cell");
    assert_eq!(c.optimization_target, OptimizationTarget::Area);
    assert_eq!(c.temperature_k, 380);

    for rel in [
        "samples/sample_STTRAM_macro.cfg",
        "samples/sample_NVM_macro.cfg",
    ] {
        let c = cfg(rel);
        assert_eq!(c.force_mux_sense_amp, Some(16), "{rel}");
        assert_eq!(c.cell_file(), "sample_STTRAM.cell", "{rel}");
    }
    assert_eq!(cfg("samples/sample_RRAM.cfg").force_mux_sense_amp, Some(64));
}

#[test]
fn every_cell_parses_and_agrees_with_its_text() {
    let mut failures = Vec::new();
    for path in files("cell") {
        let file = name(&path);
        let text = read(&path);
        match parse_cell(&file, &text) {
            Ok(c) => {
                let area: f64 = text_value(&text, "-CellArea (F^2):")
                    .unwrap()
                    .parse()
                    .unwrap();
                let ratio: f64 = text_value(&text, "-CellAspectRatio:")
                    .unwrap()
                    .parse()
                    .unwrap();
                if c.mem_cell_type.word() != text_value(&text, "-MemCellType:").unwrap()
                    || c.cell_area_f2 != area
                    || c.cell_aspect_ratio != ratio
                {
                    failures.push(format!("{file}: type, area or aspect ratio differ"));
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sram_cell() {
    let c = cell("configs/SRAM.cell");
    assert_eq!(c.mem_cell_type, MemCellType::Sram);
    assert_eq!((c.cell_area_f2, c.cell_aspect_ratio), (146.0, 1.46));
    assert_eq!(c.read_mode, DriveMode::Voltage);
    assert_eq!(c.access_type, AccessType::Cmos);
    assert_eq!(c.access_cmos_width_f, Some(1.31));
    assert_eq!(c.sram_cell_nmos_width_f, Some(2.08));
    assert_eq!(c.sram_cell_pmos_width_f, Some(1.23));
    assert_eq!(c.resistance_on_ohm, None);
    assert!(c.warnings.is_empty());
    assert_eq!(cell("samples/SRAM.cell"), c.clone());
}

#[test]
fn stt_mram_cells() {
    let c = cell("configs/sample_STTRAM.cell");
    assert_eq!(c.mem_cell_type, MemCellType::Mram);
    assert_eq!((c.cell_area_f2, c.cell_aspect_ratio), (54.0, 0.54));
    assert_eq!(
        (c.resistance_on_ohm, c.resistance_off_ohm),
        (Some(3000.0), Some(6000.0))
    );
    assert_eq!(c.read_mode, DriveMode::Current);
    assert_eq!(c.read_voltage_v, Some(0.25));
    assert_eq!(c.min_sense_voltage_mv, Some(25.0));
    assert!(close(c.read_power.unwrap().uw(), 30.0));
    for pulse in [c.reset, c.set] {
        assert_eq!(pulse.mode, DriveMode::Current);
        assert_eq!(pulse.current_ua, Some(80.0));
        assert!(close(pulse.pulse.unwrap().ns(), 10.0));
        assert!(close(pulse.energy.unwrap().pj(), 1.0));
    }
    assert_eq!(c.voltage_drop_access_device_v, Some(0.15));
    assert_eq!(c.access_cmos_width_f, Some(8.0));

    let c = cell("configs/sample_STTRAM_aggressive.cell");
    assert_eq!((c.cell_area_f2, c.cell_aspect_ratio), (34.5, 0.96));
    assert_eq!(c.resistance_on_ohm, Some(6000.0));
    assert!(close(c.read_power.unwrap().uw(), 23.4));
    assert_eq!(c.reset.current_ua, Some(40.82));
    assert!(close(c.set.pulse.unwrap().ns(), 5.0));
    assert!(close(c.set.energy.unwrap().pj(), 0.252));
    assert_eq!(c.access_cmos_width_f, Some(4.5));

    // NVSim's later revision of the sample STT-MRAM cell.
    let c = cell("samples/sample_STTRAM.cell");
    assert_eq!((c.cell_area_f2, c.access_cmos_width_f), (57.5, Some(8.5)));
    assert!(close(c.reset.energy.unwrap().pj(), 0.193895));
    assert_eq!(c.read_power, None);
}

#[test]
fn pcram_cell() {
    let c = cell("configs/sample_PCRAM.cell");
    assert_eq!(c.mem_cell_type, MemCellType::Pcram);
    assert_eq!(c.process_node_nm, Some(90));
    assert_eq!((c.cell_area_f2, c.cell_aspect_ratio), (9.0, 1.0));
    assert_eq!(
        (c.resistance_on_ohm, c.resistance_off_ohm),
        (Some(1000.0), Some(1e6))
    );
    assert_eq!(c.read_mode, DriveMode::Voltage);
    assert_eq!(c.read_current_ua, Some(40.0));
    assert!(close(c.read_energy.unwrap().pj(), 2.0));
    assert_eq!(
        (c.reset.mode, c.reset.current_ua),
        (DriveMode::Current, Some(300.0))
    );
    assert!(close(c.reset.pulse.unwrap().ns(), 40.0));
    assert_eq!(c.set.current_ua, Some(150.0));
    assert!(close(c.set.pulse.unwrap().ns(), 150.0));
    assert_eq!(c.voltage_drop_access_device_v, Some(0.3));
    assert_eq!(c.access_cmos_width_f, Some(2.0));
    // Stock NVSim does not read -ReadEnergy: accepted, kept, and flagged.
    assert_eq!(c.warnings.len(), 1);
    assert!(
        c.warnings[0].to_string().starts_with(
            "configs/sample_PCRAM.cell:17: -ReadEnergy (pJ) = 2: stock NVSim does not read"
        ),
        "{}",
        c.warnings[0]
    );
}

#[test]
fn rram_cells() {
    let c = cell("configs/sample_RRAM.cell");
    assert_eq!(c.mem_cell_type, MemCellType::Memristor);
    assert_eq!(c.access_type, AccessType::None);
    assert!(!c.read_floating);
    let b = c.bias_resistances;
    assert_eq!(b.on_at_set_voltage_ohm, Some(1e5));
    assert_eq!(b.off_at_set_voltage_ohm, Some(1e7));
    assert_eq!(b.on_at_read_voltage_ohm, Some(1e6));
    assert_eq!(b.off_at_read_voltage_ohm, Some(1e7));
    assert_eq!(b.on_at_half_reset_voltage_ohm, Some(5e5));
    assert_eq!(b.on_at_half_read_voltage_ohm, None);
    assert_eq!(
        (c.capacitance_on_farad, c.capacitance_off_farad),
        (Some(1e-16), Some(1e-16))
    );
    assert_eq!(
        (c.read_mode, c.read_voltage_v),
        (DriveMode::Current, Some(0.4))
    );
    assert!(close(c.read_power.unwrap().uw(), 0.16));
    for pulse in [c.reset, c.set] {
        assert_eq!(
            (pulse.mode, pulse.voltage_v),
            (DriveMode::Voltage, Some(2.0))
        );
        assert!(close(pulse.pulse.unwrap().ns(), 10.0));
        assert!(close(pulse.energy.unwrap().pj(), 0.6));
    }
    assert!(c.warnings.is_empty());

    let c = cell("samples/sample_RRAM.cell");
    assert_eq!(c.read_power, None);
    assert!(close(c.read_energy.unwrap().pj(), 0.1));
    assert_eq!(c.warnings.len(), 1);
}

#[test]
fn slc_nand_cell() {
    let c = cell("samples/sample_SLCNAND.cell");
    assert_eq!(c.mem_cell_type, MemCellType::SlcNand);
    assert_eq!((c.cell_area_f2, c.cell_aspect_ratio), (4.0, 1.0));
    let f = c.flash;
    assert_eq!(f.gate_coupling_ratio, Some(0.7));
    assert!(close(f.erase_time.unwrap().ms(), 1.25));
    assert!(close(f.program_time.unwrap().us(), 200.0));
    assert_eq!(f.erase_voltage_v, Some(16.0));
    assert_eq!(f.program_voltage_v, Some(6.0));
    assert_eq!(f.pass_voltage_v, Some(3.8));
    assert_eq!(
        (c.read_mode, c.read_voltage_v),
        (DriveMode::Voltage, Some(0.5))
    );
}
