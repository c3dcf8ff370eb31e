//! NVSim input files — the design configuration (`.cfg`) and the memory-cell file (`.cell`) — read
//! into typed, validated structs.
//!
//! This is the parsing layer only: it checks every line and hands back what the file says, in the
//! unit the file uses (named in the field: `_v`, `_ua`, `_ohm`, `_farad`, `_f` for feature sizes) or
//! as a [`crate::units`] quantity. The circuit model that consumes it lives elsewhere. The core never
//! opens files: the caller hands the text, and finds the cell file named by
//! [`NvsimConfig::cell_file`] itself (relative to the `.cfg`; see [`NvsimConfig::cell_path_beside`]).
//!
//! # Format
//!
//! One setting per line, `-Key: value`. Keys with a unit or a note carry it in parentheses:
//! `-Capacity (MB): 4`, `-Associativity (for cache only): 16`,
//! `-ForceBank (Total AxB, Active CxD): 4x4, 1x4`. Lines starting with `//` or `#` are comments;
//! blank lines, surrounding whitespace, CRLF line ends and a byte-order mark are accepted.
//!
//! # Stricter than NVSim, on purpose
//!
//! Stock NVSim matches each line by key prefix and reads the value with `scanf`, so a misspelt key, a
//! wrong unit, `yes` for `Yes`, or `-Associativity: 16` without its note is silently ignored or read
//! as something else. Here each of those is an error naming the file, the 1-based line, the key as
//! written, the value and what is accepted, and every problem in a file is reported together:
//! - keys, units and words are case-sensitive, as NVSim compares them (`RAM`, `cache`, `Yes`,
//!   `true`, `H-tree`); an unknown word is an error, never NVSim's silent fallback value;
//! - a value is one word or number (NVSim reads only up to the first space); numbers are finite and
//!   in range; whole-number keys refuse fractions (NVSim would truncate them);
//! - no key may be given twice (NVSim would silently keep the last one);
//! - no space is allowed between a key and its `:` (NVSim then skips the value);
//! - order traps are errors: `-CellAspectRatio` before `-CellArea` (NVSim derives the cell's shape
//!   when it reads the aspect ratio), and cell-type-specific keys (SRAM transistor widths, DRAM
//!   capacitance, flash settings) before `-MemCellType` (NVSim then ignores them); so are settings
//!   NVSim would ignore for this cell (`-AccessCMOSWidth` without CMOS access), and
//!   `-UseCactiAssumption: Yes` together with a forced organisation (which one wins depends on the
//!   line order);
//! - keys that stock NVSim does not read but its own sample files contain (`-Optimization` in
//!   `sample_PCRAM.cfg`, `-ReadEnergy` in the sample PCRAM and ReRAM cells) are accepted with a
//!   warning in the result's `warnings`.
//!
//! An absent optional key keeps NVSim's meaning: `None` for a wire, buffer-design or organisation
//! key means "NVSim explores this"; simple settings take NVSim's default, named on each field.
//!
//! # Keys
//!
//! `.cfg` — required: `-DesignTarget`, `-ProcessNode`, `-Capacity (B|KB|MB)`, `-WordWidth (bit)`,
//! `-DeviceRoadmap`, `-Temperature (K)`, `-MemoryCellInputFile`. Optional: `-OptimizationTarget`,
//! `-OutputFilePrefix`, `-EnablePruning`, `-Associativity (for cache only)`, `-CacheAccessMode`,
//! `-WriteScheme`, `-LocalWireType`, `-LocalWireRepeaterType`, `-LocalWireUseLowSwing`,
//! `-GlobalWireType`, `-GlobalWireRepeaterType`, `-GlobalWireUseLowSwing`, `-Routing`,
//! `-InternalSensing`, `-MaxNmosSize (F)`, `-MaxDriverCurrent (uA)`, `-BufferDesignOptimization`,
//! `-ForceBank (Total AxB, Active CxD)`, `-ForceMat (Total AxB, Active CxD)`, `-ForceMuxSenseAmp`,
//! `-ForceMuxOutputLev1`, `-ForceMuxOutputLev2`, `-UseCactiAssumption`, `-FlashPageSize (Byte)`,
//! `-FlashBlockSize (KB)`, `-ApplyReadLatencyConstraint`, `-ApplyWriteLatencyConstraint`,
//! `-ApplyReadDynamicEnergyConstraint`, `-ApplyWriteDynamicEnergyConstraint`,
//! `-ApplyLeakageConstraint`, `-ApplyAreaConstraint`, `-ApplyReadEdpConstraint`,
//! `-ApplyWriteEdpConstraint`, and `-Optimization` (ignored by NVSim; warning).
//!
//! `.cell` — required: `-MemCellType`, `-CellArea (F^2)`, `-CellAspectRatio`. Optional:
//! `-ProcessNode`, `-ResistanceOn (ohm)`, `-ResistanceOff (ohm)`,
//! `-ResistanceOnAtSetVoltage (ohm)`, `-ResistanceOffAtSetVoltage (ohm)`,
//! `-ResistanceOnAtResetVoltage (ohm)`, `-ResistanceOffAtResetVoltage (ohm)`,
//! `-ResistanceOnAtReadVoltage (ohm)`, `-ResistanceOffAtReadVoltage (ohm)`,
//! `-ResistanceOnAtHalfReadVoltage (ohm)`, `-ResistanceOffAtHalfReadVoltage (ohm)`,
//! `-ResistanceOnAtHalfResetVoltage (ohm)`, `-CapacitanceOn (F)`, `-CapacitanceOff (F)`,
//! `-GateOxThicknessFactor`, `-SOIDeviceWidth (F)`, `-ReadMode`, `-ReadVoltage (V)`,
//! `-ReadCurrent (uA)`, `-ReadPower (uW)`, `-ReadEnergy (pJ|fJ)`, `-WordlineBoostRatio`,
//! `-MinSenseVoltage (mV)`, `-ResetMode`, `-ResetVoltage (V)`, `-ResetCurrent (uA)`,
//! `-ResetPulse (ns)`, `-ResetEnergy (pJ)`, `-SetMode`, `-SetVoltage (V)`, `-SetCurrent (uA)`,
//! `-SetPulse (ns)`, `-SetEnergy (pJ)`, `-AccessType`, `-AccessCMOSWidth (F)`,
//! `-VoltageDropAccessDevice (V)`, `-LeakageCurrentAccessDevice (uA)`, `-DRAMCellCapacitance (F)`,
//! `-SRAMCellNMOSWidth (F)`, `-SRAMCellPMOSWidth (F)`, `-ReadFloating`, `-FlashEraseVoltage (V)`,
//! `-FlashProgramVoltage (V)`, `-FlashPassVoltage (V)`, `-FlashEraseTime (ms)`,
//! `-FlashProgramTime (us)`, `-GateCouplingRatio`.
//!
//! In a `(F)` unit, `F` is the feature size for widths (`_f` fields) and farads for capacitances
//! (`_farad` fields), as in NVSim.

use std::collections::HashMap;
use std::fmt;

use crate::input::MAX_FILE_BYTES;
use crate::input::{shorten, PresetError, PresetErrors};
use crate::units::{Capacity, Energy, Power, Time};

/// An enum whose values are written as fixed words in NVSim files.
macro_rules! words {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $word:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant ),+
        }

        impl $name {
            /// Every value with the word NVSim files use for it (case-sensitive).
            pub const WORDS: &'static [(&'static str, $name)] = &[ $( ($word, $name::$variant) ),+ ];

            /// The word NVSim files use for this value.
            pub fn word(self) -> &'static str {
                match self {
                    $( $name::$variant => $word ),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

words! {
    /// What NVSim designs (`-DesignTarget`).
    DesignTarget {
        /// A cache: data and tag arrays (`cache`).
        Cache = "cache",
        /// A random-access memory macro (`RAM`).
        Ram = "RAM",
        /// A content-addressable memory (`CAM`).
        Cam = "CAM",
    }
}

words! {
    /// The metric NVSim's organisation search minimises (`-OptimizationTarget`).
    OptimizationTarget {
        /// `ReadLatency` (NVSim's default).
        ReadLatency = "ReadLatency",
        /// `WriteLatency`.
        WriteLatency = "WriteLatency",
        /// `ReadDynamicEnergy`.
        ReadDynamicEnergy = "ReadDynamicEnergy",
        /// `WriteDynamicEnergy`.
        WriteDynamicEnergy = "WriteDynamicEnergy",
        /// Read energy × read latency (`ReadEDP`).
        ReadEdp = "ReadEDP",
        /// Write energy × write latency (`WriteEDP`).
        WriteEdp = "WriteEDP",
        /// `LeakagePower`.
        LeakagePower = "LeakagePower",
        /// `Area`.
        Area = "Area",
        /// Report the whole design space instead of one best design (`Exploration`).
        Full = "Exploration",
    }
}

words! {
    /// The ITRS transistor flavour of the periphery (`-DeviceRoadmap`).
    DeviceRoadmap {
        /// High performance (`HP`).
        Hp = "HP",
        /// Low standby power (`LSTP`).
        Lstp = "LSTP",
        /// Low operating power (`LOP`).
        Lop = "LOP",
    }
}

words! {
    /// How a cache accesses its data and tag arrays (`-CacheAccessMode`).
    CacheAccessMode {
        /// Data and tag in parallel, data read out after the tag compare (`Normal`, the default).
        Normal = "Normal",
        /// Tag first, then only the hit way (`Sequential`).
        Sequential = "Sequential",
        /// Data and tag in parallel, every way read out (`Fast`).
        Fast = "Fast",
    }
}

words! {
    /// How a resistive cell is written (`-WriteScheme`).
    WriteScheme {
        /// A plain write of the new value (`Normal`; NVSim's default).
        Normal = "Normal",
        /// `SetBeforeReset`.
        SetBeforeReset = "SetBeforeReset",
        /// `ResetBeforeSet`.
        ResetBeforeSet = "ResetBeforeSet",
        /// `EraseBeforeSet`.
        EraseBeforeSet = "EraseBeforeSet",
        /// `EraseBeforeReset`.
        EraseBeforeReset = "EraseBeforeReset",
        /// `WriteAndVerify`.
        WriteAndVerify = "WriteAndVerify",
    }
}

words! {
    /// A wire class (`-LocalWireType`, `-GlobalWireType`).
    WireType {
        /// `LocalAggressive`.
        LocalAggressive = "LocalAggressive",
        /// `LocalConservative`.
        LocalConservative = "LocalConservative",
        /// `SemiAggressive`.
        SemiAggressive = "SemiAggressive",
        /// `SemiConservative`.
        SemiConservative = "SemiConservative",
        /// `GlobalAggressive`.
        GlobalAggressive = "GlobalAggressive",
        /// `GlobalConservative`.
        GlobalConservative = "GlobalConservative",
        /// DRAM word-line wire (`DRAMWordline`); stock NVSim reaches this class only for a word it
        /// does not know, and marks it "not supported yet".
        DramWordline = "DRAMWordline",
    }
}

words! {
    /// Repeater insertion on a wire (`-LocalWireRepeaterType`, `-GlobalWireRepeaterType`).
    RepeaterType {
        /// No repeaters (`RepeatedNone`).
        RepeatedNone = "RepeatedNone",
        /// Delay-optimal repeaters (`RepeatedOpt`).
        RepeatedOpt = "RepeatedOpt",
        /// Repeaters sized for 5 % more delay than optimal, to save energy (`Repeated5%Penalty`).
        Repeated5PercentPenalty = "Repeated5%Penalty",
        /// `Repeated10%Penalty`.
        Repeated10PercentPenalty = "Repeated10%Penalty",
        /// `Repeated20%Penalty`.
        Repeated20PercentPenalty = "Repeated20%Penalty",
        /// `Repeated30%Penalty`.
        Repeated30PercentPenalty = "Repeated30%Penalty",
        /// `Repeated40%Penalty`.
        Repeated40PercentPenalty = "Repeated40%Penalty",
        /// `Repeated50%Penalty`.
        Repeated50PercentPenalty = "Repeated50%Penalty",
    }
}

words! {
    /// How mats are connected inside a bank (`-Routing`).
    Routing {
        /// An H-tree (`H-tree`, the default).
        HTree = "H-tree",
        /// Bus-style routing (`non-H-tree`).
        NonHTree = "non-H-tree",
    }
}

words! {
    /// How the periphery's buffers are sized (`-BufferDesignOptimization`).
    BufferDesignOptimization {
        /// Fastest (`latency`).
        Latency = "latency",
        /// Between the two (`balance`).
        Balance = "balance",
        /// Smallest (`area`).
        Area = "area",
    }
}

words! {
    /// The memory technology of a cell (`-MemCellType`).
    MemCellType {
        /// 6T SRAM (`SRAM`).
        Sram = "SRAM",
        /// Commodity DRAM (`DRAM`).
        Dram = "DRAM",
        /// Embedded DRAM (`eDRAM`).
        Edram = "eDRAM",
        /// STT-MRAM (`MRAM`).
        Mram = "MRAM",
        /// Phase-change memory (`PCRAM`).
        Pcram = "PCRAM",
        /// Floating-body DRAM (`FBRAM`).
        Fbram = "FBRAM",
        /// Resistive RAM / memristor (`memristor`).
        Memristor = "memristor",
        /// Single-level-cell NAND flash (`SLCNAND`).
        SlcNand = "SLCNAND",
        /// Multi-level-cell NAND flash (`MLCNAND`).
        MlcNand = "MLCNAND",
    }
}

words! {
    /// The device that selects a cell (`-AccessType`).
    AccessType {
        /// A MOSFET (`CMOS`, NVSim's default).
        Cmos = "CMOS",
        /// A bipolar transistor (`BJT`).
        Bjt = "BJT",
        /// A diode (`diode`).
        Diode = "diode",
        /// No access device: a cross-point cell (`None`).
        None = "None",
    }
}

words! {
    /// Voltage-mode or current-mode operation (`-ReadMode`, `-ResetMode`, `-SetMode`).
    DriveMode {
        /// Apply a voltage, sense or deliver a current (`voltage`, NVSim's default).
        Voltage = "voltage",
        /// Apply a current, sense or deliver a voltage (`current`).
        Current = "current",
    }
}

/// One wire class (local or global). `None` in a field means NVSim explores the options.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WireSpec {
    /// `-LocalWireType` / `-GlobalWireType`.
    pub wire_type: Option<WireType>,
    /// `-LocalWireRepeaterType` / `-GlobalWireRepeaterType`.
    pub repeater: Option<RepeaterType>,
    /// `-LocalWireUseLowSwing` / `-GlobalWireUseLowSwing` (`Yes` / `No`).
    pub low_swing: Option<bool>,
}

/// A forced organisation, `-ForceBank (Total AxB, Active CxD): AxB, CxD` (mats in a bank) or
/// `-ForceMat …` (subarrays in a mat).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForcedGrid {
    /// `A`: rows of blocks.
    pub rows: u32,
    /// `B`: columns of blocks.
    pub columns: u32,
    /// `C`: blocks active in each column, ≤ `rows`.
    pub active_rows: u32,
    /// `D`: blocks active in each row, ≤ `columns`.
    pub active_columns: u32,
}

/// Limits on the organisation search (`-Apply…Constraint`), each a fraction of slack over the best
/// value found for that metric: `0.5` keeps designs at most 50 % worse. `None`: no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constraints {
    /// `-ApplyReadLatencyConstraint`.
    pub read_latency_slack: Option<f64>,
    /// `-ApplyWriteLatencyConstraint`.
    pub write_latency_slack: Option<f64>,
    /// `-ApplyReadDynamicEnergyConstraint`.
    pub read_dynamic_energy_slack: Option<f64>,
    /// `-ApplyWriteDynamicEnergyConstraint`.
    pub write_dynamic_energy_slack: Option<f64>,
    /// `-ApplyLeakageConstraint`.
    pub leakage_slack: Option<f64>,
    /// `-ApplyAreaConstraint`.
    pub area_slack: Option<f64>,
    /// `-ApplyReadEdpConstraint`.
    pub read_edp_slack: Option<f64>,
    /// `-ApplyWriteEdpConstraint`.
    pub write_edp_slack: Option<f64>,
}

/// A parsed NVSim design configuration (`.cfg`).
#[derive(Clone, Debug, PartialEq)]
pub struct NvsimConfig {
    /// `-DesignTarget` (required).
    pub design_target: DesignTarget,
    /// `-OptimizationTarget`; NVSim's default is `ReadLatency`.
    pub optimization_target: OptimizationTarget,
    /// `-OutputFilePrefix`; `None`: NVSim writes `output…`.
    pub output_file_prefix: Option<String>,
    /// `-EnablePruning` (`Yes` / `No`); default `No`.
    pub enable_pruning: bool,
    /// `-ProcessNode` in nm (required).
    pub process_node_nm: u32,
    /// `-Capacity (B|KB|MB)` (required; KB and MB are binary, 1024 and 1024²).
    pub capacity: Capacity,
    /// `-WordWidth (bit)` (required): the RAM data width, or the cache line size.
    pub word_width_bits: u32,
    /// `-Associativity (for cache only)`; default 1.
    pub associativity: u32,
    /// `-DeviceRoadmap` (required).
    pub device_roadmap: DeviceRoadmap,
    /// `-CacheAccessMode`; default `Normal`.
    pub cache_access_mode: CacheAccessMode,
    /// `-WriteScheme`; default `Normal`.
    pub write_scheme: WriteScheme,
    /// `-LocalWire…` keys.
    pub local_wire: WireSpec,
    /// `-GlobalWire…` keys.
    pub global_wire: WireSpec,
    /// `-Routing`; default `H-tree`.
    pub routing: Routing,
    /// `-InternalSensing` (`true` / `false`): sense amplifiers inside the mats; default `true`.
    pub internal_sensing: bool,
    /// `-MemoryCellInputFile` (required), relative to the `.cfg`.
    pub memory_cell_input_file: String,
    /// `-Temperature (K)` (required).
    pub temperature_k: u32,
    /// `-MaxNmosSize (F)`, in feature sizes; `None`: NVSim's built-in limit.
    pub max_nmos_size_f: Option<f64>,
    /// `-MaxDriverCurrent (uA)`; `None`: no limit.
    pub max_driver_current_ua: Option<f64>,
    /// `-BufferDesignOptimization`; `None`: NVSim explores all three.
    pub buffer_design_optimization: Option<BufferDesignOptimization>,
    /// `-ForceBank (Total AxB, Active CxD)`: mats in a bank; `None`: explored.
    pub force_bank: Option<ForcedGrid>,
    /// `-ForceMat (Total AxB, Active CxD)`: subarrays in a mat; `None`: explored.
    pub force_mat: Option<ForcedGrid>,
    /// `-ForceMuxSenseAmp`: bit lines per sense amplifier; `None`: explored.
    pub force_mux_sense_amp: Option<u32>,
    /// `-ForceMuxOutputLev1`; `None`: explored.
    pub force_mux_output_lev1: Option<u32>,
    /// `-ForceMuxOutputLev2`; `None`: explored.
    pub force_mux_output_lev2: Option<u32>,
    /// `-UseCactiAssumption` (`Yes` / `No`): CACTI's fixed mat organisation; default `No`.
    pub use_cacti_assumption: bool,
    /// `-FlashPageSize (Byte)` (NAND flash only).
    pub flash_page_size: Option<Capacity>,
    /// `-FlashBlockSize (KB)` (NAND flash only).
    pub flash_block_size: Option<Capacity>,
    /// `-Apply…Constraint` keys.
    pub constraints: Constraints,
    /// Lines accepted although stock NVSim does not read them (`-Optimization`).
    pub warnings: Vec<PresetError>,
}

impl NvsimConfig {
    /// The `-MemoryCellInputFile` value: the cell file, relative to the `.cfg`.
    pub fn cell_file(&self) -> &str {
        &self.memory_cell_input_file
    }

    /// The cell file's path given the `.cfg`'s path: the cell file in the `.cfg`'s folder or
    /// below it. Pure string work; nothing is opened. An absolute path or a `..` step is refused:
    /// a `.cfg` may only name a cell file beside it.
    pub fn cell_path_beside(&self, cfg_path: &str) -> Result<String, String> {
        let cell = self.cell_file();
        let absolute = cell.starts_with(['/', '\\']) || cell.get(1..2) == Some(":");
        if absolute || cell.split(['/', '\\']).any(|part| part == "..") {
            return Err(format!(
                "-MemoryCellInputFile: {}: the cell file must be in the .cfg's folder or below \
                 it (a relative path without `..`, like `SRAM.cell`)",
                shorten(cell)
            ));
        }
        Ok(match cfg_path.rfind(['/', '\\']) {
            Some(i) => format!("{}{}", &cfg_path[..=i], cell),
            None => cell.to_string(),
        })
    }
}

/// Cell resistances measured at a given bias (memristor / ReRAM cells), in ohms.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BiasResistances {
    /// `-ResistanceOnAtSetVoltage (ohm)`.
    pub on_at_set_voltage_ohm: Option<f64>,
    /// `-ResistanceOffAtSetVoltage (ohm)`.
    pub off_at_set_voltage_ohm: Option<f64>,
    /// `-ResistanceOnAtResetVoltage (ohm)`.
    pub on_at_reset_voltage_ohm: Option<f64>,
    /// `-ResistanceOffAtResetVoltage (ohm)`.
    pub off_at_reset_voltage_ohm: Option<f64>,
    /// `-ResistanceOnAtReadVoltage (ohm)`; NVSim also takes it as the cell's on-resistance.
    pub on_at_read_voltage_ohm: Option<f64>,
    /// `-ResistanceOffAtReadVoltage (ohm)`; NVSim also takes it as the cell's off-resistance.
    pub off_at_read_voltage_ohm: Option<f64>,
    /// `-ResistanceOnAtHalfReadVoltage (ohm)`.
    pub on_at_half_read_voltage_ohm: Option<f64>,
    /// `-ResistanceOffAtHalfReadVoltage (ohm)`.
    pub off_at_half_read_voltage_ohm: Option<f64>,
    /// `-ResistanceOnAtHalfResetVoltage (ohm)`.
    pub on_at_half_reset_voltage_ohm: Option<f64>,
}

/// One write operation of a resistive cell: RESET or SET.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WritePulse {
    /// `-ResetMode` / `-SetMode`; default `voltage`.
    pub mode: DriveMode,
    /// `-ResetVoltage (V)` / `-SetVoltage (V)`.
    pub voltage_v: Option<f64>,
    /// `-ResetCurrent (uA)` / `-SetCurrent (uA)`.
    pub current_ua: Option<f64>,
    /// `-ResetPulse (ns)` / `-SetPulse (ns)`.
    pub pulse: Option<Time>,
    /// `-ResetEnergy (pJ)` / `-SetEnergy (pJ)`, per cell.
    pub energy: Option<Energy>,
}

/// NAND flash cell settings.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FlashSettings {
    /// `-FlashEraseVoltage (V)`.
    pub erase_voltage_v: Option<f64>,
    /// `-FlashProgramVoltage (V)`.
    pub program_voltage_v: Option<f64>,
    /// `-FlashPassVoltage (V)`.
    pub pass_voltage_v: Option<f64>,
    /// `-FlashEraseTime (ms)`.
    pub erase_time: Option<Time>,
    /// `-FlashProgramTime (us)`.
    pub program_time: Option<Time>,
    /// `-GateCouplingRatio`, in (0, 1].
    pub gate_coupling_ratio: Option<f64>,
}

/// A parsed NVSim memory-cell file (`.cell`).
#[derive(Clone, Debug, PartialEq)]
pub struct NvsimCell {
    /// `-MemCellType` (required).
    pub mem_cell_type: MemCellType,
    /// `-ProcessNode` in nm: the node the cell data were taken at (NVSim scales them to the design's
    /// node); `None`: no scaling.
    pub process_node_nm: Option<u32>,
    /// `-CellArea (F^2)` (required).
    pub cell_area_f2: f64,
    /// `-CellAspectRatio` (required): height / width.
    pub cell_aspect_ratio: f64,
    /// `-ResistanceOn (ohm)`.
    pub resistance_on_ohm: Option<f64>,
    /// `-ResistanceOff (ohm)`.
    pub resistance_off_ohm: Option<f64>,
    /// `-Resistance{On,Off}At…Voltage (ohm)` keys.
    pub bias_resistances: BiasResistances,
    /// `-CapacitanceOn (F)`, farads.
    pub capacitance_on_farad: Option<f64>,
    /// `-CapacitanceOff (F)`, farads.
    pub capacitance_off_farad: Option<f64>,
    /// `-GateOxThicknessFactor`.
    pub gate_ox_thickness_factor: Option<f64>,
    /// `-SOIDeviceWidth (F)`, feature sizes.
    pub soi_device_width_f: Option<f64>,
    /// `-ReadMode`; default `voltage`.
    pub read_mode: DriveMode,
    /// `-ReadVoltage (V)`.
    pub read_voltage_v: Option<f64>,
    /// `-ReadCurrent (uA)`.
    pub read_current_ua: Option<f64>,
    /// `-ReadPower (uW)`, per cell.
    pub read_power: Option<Power>,
    /// `-ReadEnergy (pJ|fJ)`, per cell. Stock NVSim does not read this key (a warning says so).
    pub read_energy: Option<Energy>,
    /// `-WordlineBoostRatio`.
    pub wordline_boost_ratio: Option<f64>,
    /// `-MinSenseVoltage (mV)`; `None`: NVSim's default, 80 mV.
    pub min_sense_voltage_mv: Option<f64>,
    /// `-Reset…` keys.
    pub reset: WritePulse,
    /// `-Set…` keys.
    pub set: WritePulse,
    /// `-AccessType`; default `CMOS`.
    pub access_type: AccessType,
    /// `-AccessCMOSWidth (F)`, feature sizes (CMOS access only).
    pub access_cmos_width_f: Option<f64>,
    /// `-VoltageDropAccessDevice (V)`.
    pub voltage_drop_access_device_v: Option<f64>,
    /// `-LeakageCurrentAccessDevice (uA)`.
    pub leakage_current_access_device_ua: Option<f64>,
    /// `-DRAMCellCapacitance (F)`, farads (DRAM and eDRAM only).
    pub dram_cell_capacitance_farad: Option<f64>,
    /// `-SRAMCellNMOSWidth (F)`, feature sizes (SRAM only); `None`: NVSim's default, 2.08.
    pub sram_cell_nmos_width_f: Option<f64>,
    /// `-SRAMCellPMOSWidth (F)`, feature sizes (SRAM only); `None`: NVSim's default, 1.23.
    pub sram_cell_pmos_width_f: Option<f64>,
    /// `-ReadFloating` (`true` / `false`): unselected lines float during a read; default `false`.
    pub read_floating: bool,
    /// `-Flash…` keys and `-GateCouplingRatio` (NAND flash only).
    pub flash: FlashSettings,
    /// Lines accepted with a remark (`-ReadEnergy`, which stock NVSim does not read; an
    /// on/off resistance given twice, once plainly and once at the read voltage).
    pub warnings: Vec<PresetError>,
}

/// Parses an NVSim `.cfg` file. `file` names it in messages; every problem is returned together.
pub fn parse_cfg(file: &str, text: &str) -> Result<NvsimConfig, PresetErrors> {
    let mut r = Reader::new(file, text, Kind::Cfg);
    let cfg = read_cfg(&mut r);
    r.finish(cfg)
}

/// Parses an NVSim `.cell` file. `file` names it in messages; every problem is returned together.
pub fn parse_cell(file: &str, text: &str) -> Result<NvsimCell, PresetErrors> {
    let mut r = Reader::new(file, text, Kind::Cell);
    let cell = read_cell(&mut r);
    r.finish(cell)
}

// ---------------------------------------------------------------------------------------------------
// Keys

/// A key NVSim reads, with the parenthesised unit or note it must carry (none when empty).
#[derive(Debug)]
struct KeySpec {
    name: &'static str,
    units: &'static [&'static str],
}

impl KeySpec {
    /// How the key is written, `-Capacity (B|KB|MB)`.
    fn spelling(&self) -> String {
        if self.units.is_empty() {
            format!("-{}", self.name)
        } else {
            format!("-{} ({})", self.name, self.units.join("|"))
        }
    }

    /// The accepted ways to write the key, for a message: `` `-Capacity (B): …` or … ``.
    fn forms(&self) -> String {
        if self.units.is_empty() {
            return format!("`-{}: …`", self.name);
        }
        let forms: Vec<String> = self
            .units
            .iter()
            .map(|u| format!("`-{} ({u}): …`", self.name))
            .collect();
        match forms.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => forms.join(""),
        }
    }
}

const fn key(name: &'static str, units: &'static [&'static str]) -> KeySpec {
    KeySpec { name, units }
}

const NO_UNIT: &[&str] = &[];
const GRID_NOTE: &[&str] = &["Total AxB, Active CxD"];

static CFG_KEYS: [KeySpec; 41] = [
    key("DesignTarget", NO_UNIT),
    key("OptimizationTarget", NO_UNIT),
    key("Optimization", NO_UNIT),
    key("OutputFilePrefix", NO_UNIT),
    key("EnablePruning", NO_UNIT),
    key("ProcessNode", NO_UNIT),
    key("Capacity", &["B", "KB", "MB"]),
    key("WordWidth", &["bit"]),
    key("Associativity", &["for cache only"]),
    key("DeviceRoadmap", NO_UNIT),
    key("CacheAccessMode", NO_UNIT),
    key("WriteScheme", NO_UNIT),
    key("LocalWireType", NO_UNIT),
    key("LocalWireRepeaterType", NO_UNIT),
    key("LocalWireUseLowSwing", NO_UNIT),
    key("GlobalWireType", NO_UNIT),
    key("GlobalWireRepeaterType", NO_UNIT),
    key("GlobalWireUseLowSwing", NO_UNIT),
    key("Routing", NO_UNIT),
    key("InternalSensing", NO_UNIT),
    key("MemoryCellInputFile", NO_UNIT),
    key("Temperature", &["K"]),
    key("MaxNmosSize", &["F"]),
    key("MaxDriverCurrent", &["uA"]),
    key("BufferDesignOptimization", NO_UNIT),
    key("ForceBank", GRID_NOTE),
    key("ForceMat", GRID_NOTE),
    key("ForceMuxSenseAmp", NO_UNIT),
    key("ForceMuxOutputLev1", NO_UNIT),
    key("ForceMuxOutputLev2", NO_UNIT),
    key("UseCactiAssumption", NO_UNIT),
    key("FlashPageSize", &["Byte"]),
    key("FlashBlockSize", &["KB"]),
    key("ApplyReadLatencyConstraint", NO_UNIT),
    key("ApplyWriteLatencyConstraint", NO_UNIT),
    key("ApplyReadDynamicEnergyConstraint", NO_UNIT),
    key("ApplyWriteDynamicEnergyConstraint", NO_UNIT),
    key("ApplyLeakageConstraint", NO_UNIT),
    key("ApplyAreaConstraint", NO_UNIT),
    key("ApplyReadEdpConstraint", NO_UNIT),
    key("ApplyWriteEdpConstraint", NO_UNIT),
];

static CELL_KEYS: [KeySpec; 50] = [
    key("MemCellType", NO_UNIT),
    key("ProcessNode", NO_UNIT),
    key("CellArea", &["F^2"]),
    key("CellAspectRatio", NO_UNIT),
    key("ResistanceOn", &["ohm"]),
    key("ResistanceOff", &["ohm"]),
    key("ResistanceOnAtSetVoltage", &["ohm"]),
    key("ResistanceOffAtSetVoltage", &["ohm"]),
    key("ResistanceOnAtResetVoltage", &["ohm"]),
    key("ResistanceOffAtResetVoltage", &["ohm"]),
    key("ResistanceOnAtReadVoltage", &["ohm"]),
    key("ResistanceOffAtReadVoltage", &["ohm"]),
    key("ResistanceOnAtHalfReadVoltage", &["ohm"]),
    key("ResistanceOffAtHalfReadVoltage", &["ohm"]),
    key("ResistanceOnAtHalfResetVoltage", &["ohm"]),
    key("CapacitanceOn", &["F"]),
    key("CapacitanceOff", &["F"]),
    key("GateOxThicknessFactor", NO_UNIT),
    key("SOIDeviceWidth", &["F"]),
    key("ReadMode", NO_UNIT),
    key("ReadVoltage", &["V"]),
    key("ReadCurrent", &["uA"]),
    key("ReadPower", &["uW"]),
    key("ReadEnergy", &["pJ", "fJ"]),
    key("WordlineBoostRatio", NO_UNIT),
    key("MinSenseVoltage", &["mV"]),
    key("ResetMode", NO_UNIT),
    key("ResetVoltage", &["V"]),
    key("ResetCurrent", &["uA"]),
    key("ResetPulse", &["ns"]),
    key("ResetEnergy", &["pJ"]),
    key("SetMode", NO_UNIT),
    key("SetVoltage", &["V"]),
    key("SetCurrent", &["uA"]),
    key("SetPulse", &["ns"]),
    key("SetEnergy", &["pJ"]),
    key("AccessType", NO_UNIT),
    key("AccessCMOSWidth", &["F"]),
    key("VoltageDropAccessDevice", &["V"]),
    key("LeakageCurrentAccessDevice", &["uA"]),
    key("DRAMCellCapacitance", &["F"]),
    key("SRAMCellNMOSWidth", &["F"]),
    key("SRAMCellPMOSWidth", &["F"]),
    key("ReadFloating", NO_UNIT),
    key("FlashEraseVoltage", &["V"]),
    key("FlashProgramVoltage", &["V"]),
    key("FlashPassVoltage", &["V"]),
    key("FlashEraseTime", &["ms"]),
    key("FlashProgramTime", &["us"]),
    key("GateCouplingRatio", NO_UNIT),
];

/// Which of the two file kinds is being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Cfg,
    Cell,
}

impl Kind {
    fn keys(self) -> &'static [KeySpec] {
        match self {
            Kind::Cfg => &CFG_KEYS,
            Kind::Cell => &CELL_KEYS,
        }
    }

    fn other(self) -> Kind {
        match self {
            Kind::Cfg => Kind::Cell,
            Kind::Cell => Kind::Cfg,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::Cfg => ".cfg (design configuration)",
            Kind::Cell => ".cell (memory cell)",
        }
    }
}

const YES_NO: &[(&str, bool)] = &[("Yes", true), ("No", false)];
const TRUE_FALSE: &[(&str, bool)] = &[("true", true), ("false", false)];
/// Common names for cell types, pointing at NVSim's word (for hints only).
const CELL_TYPE_ALIASES: &[(&str, &str)] = &[
    ("RRAM", "memristor"),
    ("ReRAM", "memristor"),
    ("STTRAM", "MRAM"),
    ("STT-RAM", "MRAM"),
    ("STT-MRAM", "MRAM"),
    ("PCM", "PCRAM"),
    ("NAND", "SLCNAND"),
];

/// Largest count accepted in an organisation key (mats, subarrays, mux degree).
const MAX_COUNT: u64 = 4096;

// ---------------------------------------------------------------------------------------------------
// Lines

/// One `-Key (unit): value` line whose key and unit were recognised.
struct Line<'t> {
    /// 1-based line number.
    number: usize,
    key: &'static KeySpec,
    /// The key as written, for messages.
    raw_key: &'t str,
    /// The unit or note as accepted (`""` when the key takes none).
    unit: &'static str,
    /// The value, trimmed.
    value: &'t str,
}

/// Splits `-Name (unit)` into the name and the text in parentheses.
fn split_key(key_part: &str) -> Option<(&str, Option<&str>)> {
    let rest = key_part.strip_prefix('-')?;
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let tail = tail.trim();
    if tail.is_empty() {
        return Some((name, None));
    }
    let inner = tail.strip_prefix('(')?.strip_suffix(')')?;
    if inner.contains(['(', ')']) {
        return None;
    }
    Some((name, Some(inner.trim())))
}

/// The text without whitespace (NVSim's `scanf` matches any run of spaces, or none, in a unit).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Edit distance between two short ASCII-ish strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(here).min(row[j])
            };
            prev = here;
        }
    }
    row[b.len()]
}

/// The key a misspelt name most likely meant.
fn suggest(name: &str, keys: &'static [KeySpec]) -> Option<&'static KeySpec> {
    if name.len() > 64 {
        return None;
    }
    if let Some(k) = keys.iter().find(|k| k.name.eq_ignore_ascii_case(name)) {
        return Some(k);
    }
    keys.iter()
        .map(|k| (distance(name, k.name), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn unknown_key_problem(kind: Kind, name: &str) -> String {
    if kind.other().keys().iter().any(|k| k.name == name) {
        return format!(
            "unknown key in a {} file: it belongs in the {} file",
            kind.describe(),
            kind.other().describe()
        );
    }
    let mut problem = format!("unknown key in a {} file", kind.describe());
    if let Some(k) = suggest(name, kind.keys()) {
        if k.name.eq_ignore_ascii_case(name) {
            problem.push_str(&format!(" (keys are case-sensitive: write -{})", k.name));
        } else {
            problem.push_str(&format!(" (misspelt -{}?)", k.name));
        }
    }
    let all: Vec<String> = kind.keys().iter().map(KeySpec::spelling).collect();
    problem.push_str(&format!("; accepted keys: {}", all.join(", ")));
    problem
}

/// Checks the parenthesised unit or note against the key's; the accepted one on success.
fn match_unit(spec: &'static KeySpec, unit: Option<&str>) -> Result<&'static str, String> {
    match unit {
        None if spec.units.is_empty() => Ok(""),
        Some(u) => {
            let u = squeeze(u);
            spec.units
                .iter()
                .find(|a| squeeze(a) == u)
                .copied()
                .ok_or_else(|| {
                    let what = if spec.units.is_empty() {
                        "this key takes no unit or note in parentheses"
                    } else {
                        "wrong unit or note in parentheses (case-sensitive)"
                    };
                    format!("{what}; write {}", spec.forms())
                })
        }
        None => Err(format!(
            "the unit or note in parentheses is required (NVSim ignores the line without it); write {}",
            spec.forms()
        )),
    }
}

// ---------------------------------------------------------------------------------------------------
// Reader

/// Which numbers a key accepts.
#[derive(Clone, Copy)]
enum Rule {
    Positive,
    NonNegative,
    Fraction,
}

impl Rule {
    fn accepts(self, x: f64) -> bool {
        x.is_finite()
            && match self {
                Rule::Positive => x > 0.0,
                Rule::NonNegative => x >= 0.0,
                Rule::Fraction => x > 0.0 && x <= 1.0,
            }
    }

    fn problem(self) -> &'static str {
        match self {
            Rule::Positive => "must be a finite number > 0",
            Rule::NonNegative => "must be a finite number ≥ 0",
            Rule::Fraction => "must be a number > 0 and ≤ 1",
        }
    }
}

/// The checked lines of one file, and every problem found so far.
struct Reader<'t> {
    file: String,
    lines: Vec<Line<'t>>,
    errors: Vec<PresetError>,
    warnings: Vec<PresetError>,
}

impl<'t> Reader<'t> {
    /// Splits the text into lines and checks each: syntax, known key, unit or note, no repeats.
    fn new(file: &str, text: &'t str, kind: Kind) -> Self {
        let mut r = Reader {
            file: file.to_string(),
            lines: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        if text.len() > MAX_FILE_BYTES {
            r.error(
                None,
                "",
                "",
                format!(
                    "file is {} bytes; NVSim input files are limited to {MAX_FILE_BYTES} bytes",
                    text.len()
                ),
            );
            return r;
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut seen: HashMap<&'static str, usize> = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let number = i + 1;
            let t = raw.trim();
            if t.is_empty() || t.starts_with("//") || t.starts_with('#') {
                continue;
            }
            if !t.starts_with('-') {
                r.error(
                    Some(number),
                    t,
                    "",
                    "not a setting: expected `-Key: value`, a comment (`//` or `#`) or a blank line",
                );
                continue;
            }
            let Some((key_part, value)) = t.split_once(':') else {
                r.error(
                    Some(number),
                    t,
                    "",
                    "missing ':' between the key and its value (`-Key: value`)",
                );
                continue;
            };
            let value = value.trim();
            if key_part.ends_with(char::is_whitespace) {
                r.error(
                    Some(number),
                    key_part.trim_end(),
                    value,
                    "no space is allowed before ':' (NVSim then skips the value); write `-Key: value`",
                );
                continue;
            }
            let Some((name, unit)) = split_key(key_part) else {
                r.error(
                    Some(number),
                    key_part,
                    value,
                    "malformed key: expected `-Name` or `-Name (unit)`, the name in letters and digits right after the '-'",
                );
                continue;
            };
            let Some(spec) = kind.keys().iter().find(|k| k.name == name) else {
                r.error(
                    Some(number),
                    key_part,
                    value,
                    unknown_key_problem(kind, name),
                );
                continue;
            };
            let unit = match match_unit(spec, unit) {
                Ok(unit) => unit,
                Err(problem) => {
                    r.error(Some(number), key_part, value, problem);
                    continue;
                }
            };
            if let Some(first) = seen.get(spec.name) {
                r.error(
                    Some(number),
                    key_part,
                    value,
                    format!(
                        "given twice (first on line {first}); NVSim would silently keep the last one: remove one"
                    ),
                );
                continue;
            }
            seen.insert(spec.name, number);
            r.lines.push(Line {
                number,
                key: spec,
                raw_key: key_part,
                unit,
                value,
            });
        }
        r
    }

    fn error(&mut self, line: Option<usize>, field: &str, value: &str, problem: impl Into<String>) {
        self.errors.push(PresetError {
            file: self.file.clone(),
            line,
            field: shorten(field),
            value: shorten(value),
            problem: problem.into(),
        });
    }

    /// Records a warning about line `i`.
    fn warn_at(&mut self, i: usize, problem: impl Into<String>) {
        let l = &self.lines[i];
        let warning = PresetError {
            file: self.file.clone(),
            line: Some(l.number),
            field: shorten(l.raw_key),
            value: shorten(l.value),
            problem: problem.into(),
        };
        self.warnings.push(warning);
    }

    /// The line of key `name`, if the file has it.
    fn find(&self, name: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.key.name == name)
    }

    /// The 1-based line number of key `name`, if the file has it.
    fn line_of(&self, name: &str) -> Option<usize> {
        self.find(name).map(|i| self.lines[i].number)
    }

    /// Reads an optional key with `read`; `None` when absent or invalid (the error is recorded).
    fn opt<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut Self, usize) -> Option<T>,
    ) -> Option<T> {
        let i = self.find(name)?;
        read(self, i)
    }

    /// Reads a required key with `read`, recording "missing" (with `example`) when absent.
    fn req<T>(
        &mut self,
        name: &str,
        example: &str,
        read: impl FnOnce(&mut Self, usize) -> Option<T>,
    ) -> Option<T> {
        match self.find(name) {
            Some(i) => read(self, i),
            None => {
                let spelling = CFG_KEYS
                    .iter()
                    .chain(CELL_KEYS.iter())
                    .find(|k| k.name == name)
                    .map_or_else(|| format!("-{name}"), KeySpec::spelling);
                self.error(
                    None,
                    &spelling,
                    "",
                    format!("missing; add a line like `{example}`"),
                );
                None
            }
        }
    }

    /// The value as one word or number.
    fn single(&mut self, i: usize) -> Option<&'t str> {
        let value = self.lines[i].value;
        if value.is_empty() {
            self.bad_at(i, "missing value after ':'");
            return None;
        }
        if value.contains(char::is_whitespace) {
            self.bad_at(
                i,
                "must be a single word or number (NVSim reads only up to the first space)",
            );
            return None;
        }
        Some(value)
    }

    fn bad_at(&mut self, i: usize, problem: impl Into<String>) {
        let l = &self.lines[i];
        let (number, field, value) = (l.number, l.raw_key, l.value);
        self.error(Some(number), field, value, problem);
    }

    /// One of a fixed set of words; `aliases` map common other names to the right word (hints).
    fn word<T: Copy>(
        &mut self,
        i: usize,
        words: &[(&str, T)],
        aliases: &[(&str, &str)],
    ) -> Option<T> {
        let v = self.single(i)?;
        if let Some((_, t)) = words.iter().find(|(w, _)| *w == v) {
            return Some(*t);
        }
        let list: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        let hint = words
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(v))
            .map(|(w, _)| format!(" (words are case-sensitive: write `{w}`)"))
            .or_else(|| {
                aliases
                    .iter()
                    .find(|(a, _)| a.eq_ignore_ascii_case(v))
                    .map(|(_, w)| format!(" (NVSim calls this `{w}`)"))
            })
            .unwrap_or_default();
        self.bad_at(i, format!("must be one of: {}{hint}", list.join(", ")));
        None
    }

    /// A whole number in `min..=max`.
    fn whole(&mut self, i: usize, min: u64, max: u64) -> Option<u64> {
        let v = self.single(i)?;
        match v.parse::<u64>() {
            Ok(x) if (min..=max).contains(&x) => Some(x),
            _ => {
                self.bad_at(i, format!("must be a whole number from {min} to {max}"));
                None
            }
        }
    }

    /// A whole number in `min..=max` that fits a `u32` (callers pass `max ≤ u32::MAX`).
    fn whole_u32(&mut self, i: usize, min: u32, max: u32) -> Option<u32> {
        self.whole(i, min.into(), max.into())
            .and_then(|x| u32::try_from(x).ok())
    }

    /// A number obeying `rule`.
    fn number(&mut self, i: usize, rule: Rule) -> Option<f64> {
        let v = self.single(i)?;
        match v.parse::<f64>() {
            Ok(x) if rule.accepts(x) => Some(x),
            _ => {
                self.bad_at(i, rule.problem());
                None
            }
        }
    }

    /// One word kept as text (a file name, a prefix).
    fn text(&mut self, i: usize) -> Option<String> {
        self.single(i).map(str::to_string)
    }

    /// A size in bytes from a whole number in the line's unit (`B`, `Byte`, `KB`, `MB`).
    fn bytes(&mut self, i: usize) -> Option<Capacity> {
        let factor: u64 = match self.lines[i].unit {
            "KB" => 1 << 10,
            "MB" => 1 << 20,
            _ => 1,
        };
        // At most 1 TiB in any unit: no overflow below.
        let n = self.whole(i, 1, (1 << 40) / factor)?;
        Capacity::from_bytes(n * factor)
    }

    /// `AxB, CxD` with every number in `1..=MAX_COUNT`, `C ≤ A` and `D ≤ B`.
    fn grid(&mut self, i: usize) -> Option<ForcedGrid> {
        let value = self.lines[i].value;
        let pair = |s: &str| -> Option<(u32, u32)> {
            let (a, b) = s.trim().split_once('x')?;
            let count = |t: &str| {
                t.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_COUNT).contains(&u64::from(*n)))
            };
            Some((count(a)?, count(b)?))
        };
        let parsed = value
            .split_once(',')
            .and_then(|(total, active)| Some((pair(total)?, pair(active)?)));
        match parsed {
            Some(((rows, columns), (active_rows, active_columns))) => {
                if active_rows > rows || active_columns > columns {
                    self.bad_at(
                        i,
                        "the active blocks CxD must fit in the total AxB (C ≤ A and D ≤ B)",
                    );
                    return None;
                }
                Some(ForcedGrid {
                    rows,
                    columns,
                    active_rows,
                    active_columns,
                })
            }
            None => {
                self.bad_at(
                    i,
                    format!(
                        "must be `AxB, CxD` (like `4x4, 1x4`): A×B blocks in total, C×D of them active, each a whole number from 1 to {MAX_COUNT}"
                    ),
                );
                None
            }
        }
    }

    /// A warning about the line of key `name`, if present.
    fn warn_key(&mut self, name: &str, problem: &str) {
        if let Some(i) = self.find(name) {
            self.warn_at(i, problem);
        }
    }

    /// An error about the line of key `name`, if present.
    fn bad_key(&mut self, name: &str, problem: &str) {
        if let Some(i) = self.find(name) {
            self.bad_at(i, problem);
        }
    }

    fn finish<T>(self, value: Option<T>) -> Result<T, PresetErrors> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(PresetErrors(self.errors)),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// .cfg

fn read_cfg(r: &mut Reader<'_>) -> Option<NvsimConfig> {
    let design_target = r.req("DesignTarget", "-DesignTarget: cache", |r, i| {
        r.word(i, DesignTarget::WORDS, &[])
    });
    let optimization_target = r.opt("OptimizationTarget", |r, i| {
        r.word(i, OptimizationTarget::WORDS, &[])
    });
    r.opt("Optimization", |r, i| {
        r.single(i)?;
        r.warn_at(
            i,
            "stock NVSim does not read -Optimization (it reads -OptimizationTarget and -BufferDesignOptimization), so this line has no effect",
        );
        Some(())
    });
    let output_file_prefix = r.opt("OutputFilePrefix", Reader::text);
    let enable_pruning = r.opt("EnablePruning", |r, i| r.word(i, YES_NO, &[]));
    let process_node_nm = r.req("ProcessNode", "-ProcessNode: 22", |r, i| {
        r.whole_u32(i, 1, 1000)
    });
    let capacity = r.req("Capacity", "-Capacity (MB): 4", Reader::bytes);
    let word_width_bits = r.req("WordWidth", "-WordWidth (bit): 512", |r, i| {
        r.whole_u32(i, 1, 1 << 20)
    });
    let associativity = r.opt("Associativity", |r, i| r.whole_u32(i, 1, 1 << 16));
    let device_roadmap = r.req("DeviceRoadmap", "-DeviceRoadmap: HP", |r, i| {
        r.word(i, DeviceRoadmap::WORDS, &[])
    });
    let cache_access_mode = r.opt("CacheAccessMode", |r, i| {
        r.word(i, CacheAccessMode::WORDS, &[])
    });
    let write_scheme = r.opt("WriteScheme", |r, i| r.word(i, WriteScheme::WORDS, &[]));
    let local_wire = read_wire(r, "Local");
    let global_wire = read_wire(r, "Global");
    let routing = r.opt("Routing", |r, i| r.word(i, Routing::WORDS, &[]));
    let internal_sensing = r.opt("InternalSensing", |r, i| r.word(i, TRUE_FALSE, &[]));
    let memory_cell_input_file = r.req(
        "MemoryCellInputFile",
        "-MemoryCellInputFile: SRAM.cell",
        Reader::text,
    );
    let temperature_k = r.req("Temperature", "-Temperature (K): 350", |r, i| {
        r.whole_u32(i, 1, 1000)
    });
    let max_nmos_size_f = r.opt("MaxNmosSize", |r, i| r.number(i, Rule::Positive));
    let max_driver_current_ua = r.opt("MaxDriverCurrent", |r, i| r.number(i, Rule::Positive));
    let buffer_design_optimization = r.opt("BufferDesignOptimization", |r, i| {
        r.word(i, BufferDesignOptimization::WORDS, &[])
    });
    let force_bank = r.opt("ForceBank", Reader::grid);
    let force_mat = r.opt("ForceMat", Reader::grid);
    let mux = |r: &mut Reader<'_>, i| r.whole_u32(i, 1, MAX_COUNT as u32);
    let force_mux_sense_amp = r.opt("ForceMuxSenseAmp", mux);
    let force_mux_output_lev1 = r.opt("ForceMuxOutputLev1", mux);
    let force_mux_output_lev2 = r.opt("ForceMuxOutputLev2", mux);
    let use_cacti_assumption = r.opt("UseCactiAssumption", |r, i| r.word(i, YES_NO, &[]));
    let flash_page_size = r.opt("FlashPageSize", Reader::bytes);
    let flash_block_size = r.opt("FlashBlockSize", Reader::bytes);
    let slack = |r: &mut Reader<'_>, i| r.number(i, Rule::NonNegative);
    let constraints = Constraints {
        read_latency_slack: r.opt("ApplyReadLatencyConstraint", slack),
        write_latency_slack: r.opt("ApplyWriteLatencyConstraint", slack),
        read_dynamic_energy_slack: r.opt("ApplyReadDynamicEnergyConstraint", slack),
        write_dynamic_energy_slack: r.opt("ApplyWriteDynamicEnergyConstraint", slack),
        leakage_slack: r.opt("ApplyLeakageConstraint", slack),
        area_slack: r.opt("ApplyAreaConstraint", slack),
        read_edp_slack: r.opt("ApplyReadEdpConstraint", slack),
        write_edp_slack: r.opt("ApplyWriteEdpConstraint", slack),
    };

    if let (Some(capacity), Some(width)) = (capacity, word_width_bits) {
        if u64::from(width) > capacity.bits() {
            r.bad_key(
                "WordWidth",
                &format!("is wider than the whole capacity ({capacity})"),
            );
        }
    }
    if use_cacti_assumption == Some(true) && (force_bank.is_some() || force_mat.is_some()) {
        r.bad_key(
            "UseCactiAssumption",
            "cannot be combined with -ForceBank or -ForceMat: NVSim's CACTI assumption overrides part of the forced organisation, and which one wins depends on the line order; use one or the other",
        );
    }

    Some(NvsimConfig {
        design_target: design_target?,
        optimization_target: optimization_target.unwrap_or(OptimizationTarget::ReadLatency),
        output_file_prefix,
        enable_pruning: enable_pruning.unwrap_or(false),
        process_node_nm: process_node_nm?,
        capacity: capacity?,
        word_width_bits: word_width_bits?,
        associativity: associativity.unwrap_or(1),
        device_roadmap: device_roadmap?,
        cache_access_mode: cache_access_mode.unwrap_or(CacheAccessMode::Normal),
        write_scheme: write_scheme.unwrap_or(WriteScheme::Normal),
        local_wire,
        global_wire,
        routing: routing.unwrap_or(Routing::HTree),
        internal_sensing: internal_sensing.unwrap_or(true),
        memory_cell_input_file: memory_cell_input_file?,
        temperature_k: temperature_k?,
        max_nmos_size_f,
        max_driver_current_ua,
        buffer_design_optimization,
        force_bank,
        force_mat,
        force_mux_sense_amp,
        force_mux_output_lev1,
        force_mux_output_lev2,
        use_cacti_assumption: use_cacti_assumption.unwrap_or(false),
        flash_page_size,
        flash_block_size,
        constraints,
        warnings: std::mem::take(&mut r.warnings),
    })
}

fn read_wire(r: &mut Reader<'_>, level: &str) -> WireSpec {
    WireSpec {
        wire_type: r.opt(&format!("{level}WireType"), |r, i| {
            r.word(i, WireType::WORDS, &[])
        }),
        repeater: r.opt(&format!("{level}WireRepeaterType"), |r, i| {
            r.word(i, RepeaterType::WORDS, &[])
        }),
        low_swing: r.opt(&format!("{level}WireUseLowSwing"), |r, i| {
            r.word(i, YES_NO, &[])
        }),
    }
}

// ---------------------------------------------------------------------------------------------------
// .cell

fn read_cell(r: &mut Reader<'_>) -> Option<NvsimCell> {
    let mem_cell_type = r.req("MemCellType", "-MemCellType: MRAM", |r, i| {
        r.word(i, MemCellType::WORDS, CELL_TYPE_ALIASES)
    });
    let process_node_nm = r.opt("ProcessNode", |r, i| r.whole_u32(i, 1, 1000));
    let cell_area_f2 = r.req("CellArea", "-CellArea (F^2): 40", |r, i| {
        r.number(i, Rule::Positive)
    });
    let cell_aspect_ratio = r.req("CellAspectRatio", "-CellAspectRatio: 1", |r, i| {
        r.number(i, Rule::Positive)
    });
    let ohm = |r: &mut Reader<'_>, i| r.number(i, Rule::Positive);
    let nonneg = |r: &mut Reader<'_>, i| r.number(i, Rule::NonNegative);
    let positive = ohm;
    let resistance_on_ohm = r.opt("ResistanceOn", ohm);
    let resistance_off_ohm = r.opt("ResistanceOff", ohm);
    let bias_resistances = BiasResistances {
        on_at_set_voltage_ohm: r.opt("ResistanceOnAtSetVoltage", ohm),
        off_at_set_voltage_ohm: r.opt("ResistanceOffAtSetVoltage", ohm),
        on_at_reset_voltage_ohm: r.opt("ResistanceOnAtResetVoltage", ohm),
        off_at_reset_voltage_ohm: r.opt("ResistanceOffAtResetVoltage", ohm),
        on_at_read_voltage_ohm: r.opt("ResistanceOnAtReadVoltage", ohm),
        off_at_read_voltage_ohm: r.opt("ResistanceOffAtReadVoltage", ohm),
        on_at_half_read_voltage_ohm: r.opt("ResistanceOnAtHalfReadVoltage", ohm),
        off_at_half_read_voltage_ohm: r.opt("ResistanceOffAtHalfReadVoltage", ohm),
        on_at_half_reset_voltage_ohm: r.opt("ResistanceOnAtHalfResetVoltage", ohm),
    };
    let capacitance_on_farad = r.opt("CapacitanceOn", nonneg);
    let capacitance_off_farad = r.opt("CapacitanceOff", nonneg);
    let gate_ox_thickness_factor = r.opt("GateOxThicknessFactor", positive);
    let soi_device_width_f = r.opt("SOIDeviceWidth", positive);
    let mode = |r: &mut Reader<'_>, i| r.word(i, DriveMode::WORDS, &[]);
    let read_mode = r.opt("ReadMode", mode);
    let read_voltage_v = r.opt("ReadVoltage", nonneg);
    let read_current_ua = r.opt("ReadCurrent", nonneg);
    let read_power = r.opt("ReadPower", nonneg).map(Power::from_uw);
    let read_energy = r.opt("ReadEnergy", |r, i| {
        let x = r.number(i, Rule::NonNegative)?;
        Some(match r.lines[i].unit {
            "fJ" => Energy::from_fj(x),
            _ => Energy::from_pj(x),
        })
    });
    let wordline_boost_ratio = r.opt("WordlineBoostRatio", positive);
    let min_sense_voltage_mv = r.opt("MinSenseVoltage", positive);
    let reset = WritePulse {
        mode: r.opt("ResetMode", mode).unwrap_or(DriveMode::Voltage),
        voltage_v: r.opt("ResetVoltage", nonneg),
        current_ua: r.opt("ResetCurrent", nonneg),
        pulse: r.opt("ResetPulse", nonneg).map(Time::from_ns),
        energy: r.opt("ResetEnergy", nonneg).map(Energy::from_pj),
    };
    let set = WritePulse {
        mode: r.opt("SetMode", mode).unwrap_or(DriveMode::Voltage),
        voltage_v: r.opt("SetVoltage", nonneg),
        current_ua: r.opt("SetCurrent", nonneg),
        pulse: r.opt("SetPulse", nonneg).map(Time::from_ns),
        energy: r.opt("SetEnergy", nonneg).map(Energy::from_pj),
    };
    let access_type = r.opt("AccessType", |r, i| r.word(i, AccessType::WORDS, &[]));
    let access_cmos_width_f = r.opt("AccessCMOSWidth", positive);
    let voltage_drop_access_device_v = r.opt("VoltageDropAccessDevice", nonneg);
    let leakage_current_access_device_ua = r.opt("LeakageCurrentAccessDevice", nonneg);
    let dram_cell_capacitance_farad = r.opt("DRAMCellCapacitance", positive);
    let sram_cell_nmos_width_f = r.opt("SRAMCellNMOSWidth", positive);
    let sram_cell_pmos_width_f = r.opt("SRAMCellPMOSWidth", positive);
    let read_floating = r.opt("ReadFloating", |r, i| r.word(i, TRUE_FALSE, &[]));
    let flash = FlashSettings {
        erase_voltage_v: r.opt("FlashEraseVoltage", nonneg),
        program_voltage_v: r.opt("FlashProgramVoltage", nonneg),
        pass_voltage_v: r.opt("FlashPassVoltage", nonneg),
        erase_time: r.opt("FlashEraseTime", nonneg).map(Time::from_ms),
        program_time: r.opt("FlashProgramTime", nonneg).map(Time::from_us),
        gate_coupling_ratio: r.opt("GateCouplingRatio", |r, i| r.number(i, Rule::Fraction)),
    };

    check_cell_order(r, mem_cell_type, access_type.unwrap_or(AccessType::Cmos));
    r.warn_key(
        "ReadEnergy",
        "stock NVSim does not read -ReadEnergy (the line has no effect there); kept as read_energy",
    );
    for (plain, at_read) in [
        ("ResistanceOn", "ResistanceOnAtReadVoltage"),
        ("ResistanceOff", "ResistanceOffAtReadVoltage"),
    ] {
        if let (Some(a), Some(b)) = (r.line_of(plain), r.line_of(at_read)) {
            let later = if a > b { plain } else { at_read };
            r.warn_key(
                later,
                &format!(
                    "both -{plain} and -{at_read} are given; NVSim uses the later line (this one) as the cell's read resistance"
                ),
            );
        }
    }

    Some(NvsimCell {
        mem_cell_type: mem_cell_type?,
        process_node_nm,
        cell_area_f2: cell_area_f2?,
        cell_aspect_ratio: cell_aspect_ratio?,
        resistance_on_ohm,
        resistance_off_ohm,
        bias_resistances,
        capacitance_on_farad,
        capacitance_off_farad,
        gate_ox_thickness_factor,
        soi_device_width_f,
        read_mode: read_mode.unwrap_or(DriveMode::Voltage),
        read_voltage_v,
        read_current_ua,
        read_power,
        read_energy,
        wordline_boost_ratio,
        min_sense_voltage_mv,
        reset,
        set,
        access_type: access_type.unwrap_or(AccessType::Cmos),
        access_cmos_width_f,
        voltage_drop_access_device_v,
        leakage_current_access_device_ua,
        dram_cell_capacitance_farad,
        sram_cell_nmos_width_f,
        sram_cell_pmos_width_f,
        read_floating: read_floating.unwrap_or(false),
        flash,
        warnings: std::mem::take(&mut r.warnings),
    })
}

/// Cell keys that NVSim reads only for some cell types, and only once `-MemCellType` is known.
const TYPED_CELL_KEYS: &[(&str, &[MemCellType], &str)] = &[
    ("SRAMCellNMOSWidth", &[MemCellType::Sram], "SRAM"),
    ("SRAMCellPMOSWidth", &[MemCellType::Sram], "SRAM"),
    (
        "DRAMCellCapacitance",
        &[MemCellType::Dram, MemCellType::Edram],
        "DRAM or eDRAM",
    ),
    (
        "FlashEraseVoltage",
        &[MemCellType::SlcNand, MemCellType::MlcNand],
        "SLCNAND or MLCNAND",
    ),
    (
        "FlashProgramVoltage",
        &[MemCellType::SlcNand, MemCellType::MlcNand],
        "SLCNAND or MLCNAND",
    ),
    (
        "FlashPassVoltage",
        &[MemCellType::SlcNand, MemCellType::MlcNand],
        "SLCNAND or MLCNAND",
    ),
    (
        "FlashEraseTime",
        &[MemCellType::SlcNand, MemCellType::MlcNand],
        "SLCNAND or MLCNAND",
    ),
    (
        "FlashProgramTime",
        &[MemCellType::SlcNand, MemCellType::MlcNand],
        "SLCNAND or MLCNAND",
    ),
    (
        "GateCouplingRatio",
        &[MemCellType::SlcNand, MemCellType::MlcNand],
        "SLCNAND or MLCNAND",
    ),
];

/// Settings NVSim would ignore because of the cell type, the access type or the line order.
fn check_cell_order(r: &mut Reader<'_>, cell_type: Option<MemCellType>, access: AccessType) {
    if let (Some(area), Some(ratio)) = (r.line_of("CellArea"), r.line_of("CellAspectRatio")) {
        if ratio < area {
            r.bad_key(
                "CellAspectRatio",
                &format!(
                    "must come after -CellArea (line {area}): NVSim derives the cell's height and width when it reads the aspect ratio"
                ),
            );
        }
    }
    if access != AccessType::Cmos {
        r.bad_key(
            "AccessCMOSWidth",
            &format!("NVSim ignores this unless -AccessType is CMOS (it is {access}); remove it"),
        );
    }
    let type_line = r.line_of("MemCellType");
    for (name, types, words) in TYPED_CELL_KEYS {
        let Some(line) = r.line_of(name) else {
            continue;
        };
        match (cell_type, type_line) {
            (Some(t), Some(_)) if !types.contains(&t) => r.bad_key(
                name,
                &format!("NVSim ignores this unless -MemCellType is {words} (it is {t}); remove it"),
            ),
            (Some(_), Some(at)) if at > line => r.bad_key(
                name,
                &format!(
                    "must come after -MemCellType (line {at}): NVSim ignores it when the cell type is not known yet"
                ),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CFG: &str = "\
// a comment
# another comment

-DesignTarget: cache
-CacheAccessMode: Sequential
-OptimizationTarget: ReadEDP
-OutputFilePrefix: out_l3
-EnablePruning: Yes
-ProcessNode: 22
-Capacity (MB): 4
-WordWidth (bit): 512
-Associativity (for cache only): 16
-DeviceRoadmap: LSTP
-WriteScheme: WriteAndVerify
-LocalWireType: SemiConservative
-LocalWireRepeaterType: Repeated10%Penalty
-LocalWireUseLowSwing: Yes
-GlobalWireType: GlobalConservative
-GlobalWireRepeaterType: RepeatedOpt
-GlobalWireUseLowSwing: No
-Routing: non-H-tree
-InternalSensing: false
-MaxNmosSize (F): 150
-MaxDriverCurrent (uA): 80.5
-MemoryCellInputFile: cells/SRAM.cell
-Temperature (K): 350
-BufferDesignOptimization: balance
-ForceBank (Total AxB, Active CxD): 8x4, 1x4
-ForceMat (Total AxB,Active CxD): 2x2, 1x2
-ForceMuxSenseAmp: 16
-ForceMuxOutputLev1: 2
-ForceMuxOutputLev2: 1
-UseCactiAssumption: No
-FlashPageSize (Byte): 2048
-FlashBlockSize (KB): 128
-ApplyReadLatencyConstraint: 37.4
-ApplyWriteLatencyConstraint: 0.5
-ApplyReadDynamicEnergyConstraint: 0.1
-ApplyWriteDynamicEnergyConstraint: 0.2
-ApplyLeakageConstraint: 0.3
-ApplyAreaConstraint: 1
-ApplyReadEdpConstraint: 0.4
-ApplyWriteEdpConstraint: 0.6
";

    const CELL: &str = "\
-MemCellType: MRAM
-ProcessNode: 45
-CellArea (F^2): 54
-CellAspectRatio: 0.54
-ResistanceOn (ohm): 3000
-ResistanceOff (ohm): 6000
-ResistanceOnAtSetVoltage (ohm): 1
-ResistanceOffAtSetVoltage (ohm): 2
-ResistanceOnAtResetVoltage (ohm): 3
-ResistanceOffAtResetVoltage (ohm): 4
-ResistanceOnAtHalfReadVoltage (ohm): 5
-ResistanceOffAtHalfReadVoltage (ohm): 6
-ResistanceOnAtHalfResetVoltage (ohm): 7
-CapacitanceOn (F): 1e-16
-CapacitanceOff (F): 2e-16
-GateOxThicknessFactor: 2
-SOIDeviceWidth (F): 3
-ReadMode: current
-ReadVoltage (V): 0.25
-ReadCurrent (uA): 12
-ReadPower (uW): 30
-WordlineBoostRatio: 1.2
-MinSenseVoltage (mV): 25
-ResetMode: current
-ResetVoltage (V): 1.5
-ResetCurrent (uA): 80
-ResetPulse (ns): 10
-ResetEnergy (pJ): 1
-SetMode: voltage
-SetVoltage (V): 1.1
-SetCurrent (uA): 70
-SetPulse (ns): 12
-SetEnergy (pJ): 0.5
-AccessType: CMOS
-AccessCMOSWidth (F): 8
-VoltageDropAccessDevice (V): 0.15
-LeakageCurrentAccessDevice (uA): 0.001
-ReadFloating: true
";

    fn cfg_errors(text: &str) -> String {
        parse_cfg("t.cfg", text).unwrap_err().to_string()
    }

    fn cell_errors(text: &str) -> String {
        parse_cell("t.cell", text).unwrap_err().to_string()
    }

    #[test]
    fn reads_every_cfg_key() {
        let c = parse_cfg("t.cfg", CFG).unwrap();
        assert_eq!(c.design_target, DesignTarget::Cache);
        assert_eq!(c.cache_access_mode, CacheAccessMode::Sequential);
        assert_eq!(c.optimization_target, OptimizationTarget::ReadEdp);
        assert_eq!(c.output_file_prefix.as_deref(), Some("out_l3"));
        assert!(c.enable_pruning);
        assert_eq!(c.process_node_nm, 22);
        assert_eq!(c.capacity, Capacity::from_kib(4096).unwrap());
        assert_eq!(c.word_width_bits, 512);
        assert_eq!(c.associativity, 16);
        assert_eq!(c.device_roadmap, DeviceRoadmap::Lstp);
        assert_eq!(c.write_scheme, WriteScheme::WriteAndVerify);
        assert_eq!(
            c.local_wire,
            WireSpec {
                wire_type: Some(WireType::SemiConservative),
                repeater: Some(RepeaterType::Repeated10PercentPenalty),
                low_swing: Some(true),
            }
        );
        assert_eq!(c.global_wire.wire_type, Some(WireType::GlobalConservative));
        assert_eq!(c.global_wire.repeater, Some(RepeaterType::RepeatedOpt));
        assert_eq!(c.global_wire.low_swing, Some(false));
        assert_eq!(c.routing, Routing::NonHTree);
        assert!(!c.internal_sensing);
        assert_eq!(c.max_nmos_size_f, Some(150.0));
        assert_eq!(c.max_driver_current_ua, Some(80.5));
        assert_eq!(c.cell_file(), "cells/SRAM.cell");
        assert_eq!(c.temperature_k, 350);
        assert_eq!(
            c.buffer_design_optimization,
            Some(BufferDesignOptimization::Balance)
        );
        assert_eq!(
            c.force_bank,
            Some(ForcedGrid {
                rows: 8,
                columns: 4,
                active_rows: 1,
                active_columns: 4
            })
        );
        assert_eq!(
            c.force_mat.map(|g| (g.rows, g.active_columns)),
            Some((2, 2))
        );
        assert_eq!(c.force_mux_sense_amp, Some(16));
        assert_eq!(c.force_mux_output_lev1, Some(2));
        assert_eq!(c.force_mux_output_lev2, Some(1));
        assert!(!c.use_cacti_assumption);
        assert_eq!(c.flash_page_size, Capacity::from_bytes(2048));
        assert_eq!(c.flash_block_size, Capacity::from_kib(128));
        let k = c.constraints;
        assert_eq!(k.read_latency_slack, Some(37.4));
        assert_eq!(k.write_latency_slack, Some(0.5));
        assert_eq!(k.read_dynamic_energy_slack, Some(0.1));
        assert_eq!(k.write_dynamic_energy_slack, Some(0.2));
        assert_eq!(k.leakage_slack, Some(0.3));
        assert_eq!(k.area_slack, Some(1.0));
        assert_eq!(k.read_edp_slack, Some(0.4));
        assert_eq!(k.write_edp_slack, Some(0.6));
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn absent_optional_cfg_keys_take_nvsim_defaults() {
        let text = "-DesignTarget: RAM\n-ProcessNode: 45\n-Capacity (KB): 128\n\
                    -WordWidth (bit): 64\n-DeviceRoadmap: LOP\n-Temperature (K): 380\n\
                    -MemoryCellInputFile: a.cell\n";
        let c = parse_cfg("t.cfg", text).unwrap();
        assert_eq!(c.optimization_target, OptimizationTarget::ReadLatency);
        assert_eq!(c.associativity, 1);
        assert_eq!(c.cache_access_mode, CacheAccessMode::Normal);
        assert_eq!(c.routing, Routing::HTree);
        assert!(c.internal_sensing && !c.enable_pruning && !c.use_cacti_assumption);
        assert_eq!(c.local_wire, WireSpec::default());
        assert_eq!(c.buffer_design_optimization, None);
        assert_eq!(c.force_bank, None);
        assert_eq!(c.constraints, Constraints::default());
        assert_eq!(c.capacity.bits(), 128 * 1024 * 8);
    }

    #[test]
    fn reads_every_cell_key() {
        let c = parse_cell("t.cell", CELL).unwrap();
        assert_eq!(c.mem_cell_type, MemCellType::Mram);
        assert_eq!(c.process_node_nm, Some(45));
        assert_eq!((c.cell_area_f2, c.cell_aspect_ratio), (54.0, 0.54));
        assert_eq!(c.resistance_on_ohm, Some(3000.0));
        assert_eq!(c.resistance_off_ohm, Some(6000.0));
        let b = c.bias_resistances;
        assert_eq!(
            [
                b.on_at_set_voltage_ohm,
                b.off_at_set_voltage_ohm,
                b.on_at_reset_voltage_ohm,
                b.off_at_reset_voltage_ohm,
                b.on_at_half_read_voltage_ohm,
                b.off_at_half_read_voltage_ohm,
                b.on_at_half_reset_voltage_ohm
            ],
            [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0].map(Some)
        );
        assert_eq!(c.capacitance_on_farad, Some(1e-16));
        assert_eq!(c.capacitance_off_farad, Some(2e-16));
        assert_eq!(c.gate_ox_thickness_factor, Some(2.0));
        assert_eq!(c.soi_device_width_f, Some(3.0));
        assert_eq!(c.read_mode, DriveMode::Current);
        assert_eq!(c.read_voltage_v, Some(0.25));
        assert_eq!(c.read_current_ua, Some(12.0));
        assert!((c.read_power.unwrap().uw() - 30.0).abs() < 1e-9);
        assert_eq!(c.wordline_boost_ratio, Some(1.2));
        assert_eq!(c.min_sense_voltage_mv, Some(25.0));
        assert_eq!(c.reset.mode, DriveMode::Current);
        assert_eq!(c.reset.voltage_v, Some(1.5));
        assert_eq!(c.reset.current_ua, Some(80.0));
        assert!((c.reset.pulse.unwrap().ns() - 10.0).abs() < 1e-9);
        assert!((c.reset.energy.unwrap().pj() - 1.0).abs() < 1e-9);
        assert_eq!(c.set.mode, DriveMode::Voltage);
        assert_eq!(c.set.voltage_v, Some(1.1));
        assert_eq!(c.set.current_ua, Some(70.0));
        assert!((c.set.pulse.unwrap().ns() - 12.0).abs() < 1e-9);
        assert!((c.set.energy.unwrap().pj() - 0.5).abs() < 1e-9);
        assert_eq!(c.access_type, AccessType::Cmos);
        assert_eq!(c.access_cmos_width_f, Some(8.0));
        assert_eq!(c.voltage_drop_access_device_v, Some(0.15));
        assert_eq!(c.leakage_current_access_device_ua, Some(0.001));
        assert!(c.read_floating);
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn reads_type_specific_cell_keys() {
        let sram = "-MemCellType: SRAM\n-CellArea (F^2): 146\n-CellAspectRatio: 1.46\n\
                    -SRAMCellNMOSWidth (F): 2.08\n-SRAMCellPMOSWidth (F): 1.23\n";
        let c = parse_cell("s.cell", sram).unwrap();
        assert_eq!(c.sram_cell_nmos_width_f, Some(2.08));
        assert_eq!(c.sram_cell_pmos_width_f, Some(1.23));
        assert_eq!(c.read_mode, DriveMode::Voltage);
        assert!(!c.read_floating);

        let dram = "-MemCellType: eDRAM\n-CellArea (F^2): 30\n-CellAspectRatio: 1\n\
                    -DRAMCellCapacitance (F): 20e-15\n";
        let c = parse_cell("d.cell", dram).unwrap();
        assert_eq!(c.dram_cell_capacitance_farad, Some(20e-15));

        let nand = "-MemCellType: MLCNAND\n-CellArea (F^2): 4\n-CellAspectRatio: 1\n\
                    -GateCouplingRatio: 0.7\n-FlashEraseTime (ms): 1.25\n\
                    -FlashProgramTime (us): 200\n-FlashEraseVoltage (V): 16\n\
                    -FlashProgramVoltage (V): 6\n-FlashPassVoltage (V): 3.8\n";
        let f = parse_cell("n.cell", nand).unwrap().flash;
        assert_eq!(f.gate_coupling_ratio, Some(0.7));
        assert!((f.erase_time.unwrap().ms() - 1.25).abs() < 1e-12);
        assert!((f.program_time.unwrap().us() - 200.0).abs() < 1e-9);
        assert_eq!(
            (f.erase_voltage_v, f.program_voltage_v, f.pass_voltage_v),
            (Some(16.0), Some(6.0), Some(3.8))
        );

        let rram = "-MemCellType: memristor\n-CellArea (F^2): 4\n-CellAspectRatio: 1\n\
                    -ResistanceOnAtReadVoltage (ohm): 1e6\n-ResistanceOffAtReadVoltage (ohm): 1e7\n\
                    -AccessType: None\n-ReadEnergy (fJ): 100\n";
        let c = parse_cell("r.cell", rram).unwrap();
        assert_eq!(c.access_type, AccessType::None);
        assert_eq!(c.bias_resistances.on_at_read_voltage_ohm, Some(1e6));
        assert_eq!(c.bias_resistances.off_at_read_voltage_ohm, Some(1e7));
        assert!((c.read_energy.unwrap().pj() - 0.1).abs() < 1e-12);
        assert_eq!(c.warnings.len(), 1);
        assert!(
            c.warnings[0]
                .to_string()
                .starts_with("r.cell:7: -ReadEnergy (fJ) = 100: stock NVSim does not read"),
            "{}",
            c.warnings[0]
        );
    }

    #[test]
    fn unknown_keys_name_file_line_key_value_and_the_accepted_keys() {
        let text = CFG.replace("-Routing: non-H-tree", "-Routeing: H-tree");
        let e = cfg_errors(&text);
        assert!(
            e.contains("t.cfg:21: -Routeing = H-tree: unknown key in a .cfg (design configuration) file (misspelt -Routing?); accepted keys: -DesignTarget, "),
            "{e}"
        );
        assert!(e.contains("-Capacity (B|KB|MB)"), "{e}");
        let e = cfg_errors(&CFG.replace("-DesignTarget", "-designtarget"));
        assert!(
            e.contains("keys are case-sensitive: write -DesignTarget"),
            "{e}"
        );
        let e = cfg_errors(&format!("{CFG}-CellArea (F^2): 4\n"));
        assert!(
            e.contains("-CellArea (F^2) = 4: unknown key in a .cfg (design configuration) file: it belongs in the .cell (memory cell) file"),
            "{e}"
        );
        let e = cell_errors(&format!("{CELL}-Colour: red\n"));
        assert!(
            e.contains("t.cell:39: -Colour = red: unknown key in a .cell"),
            "{e}"
        );
    }

    #[test]
    fn bad_numbers_are_refused_with_the_rule() {
        let e = cfg_errors(
            &CFG.replace("-ProcessNode: 22", "-ProcessNode: 22nm")
                .replace("-Temperature (K): 350", "-Temperature (K): 350.5")
                .replace("-MaxNmosSize (F): 150", "-MaxNmosSize (F): nan")
                .replace("-ApplyAreaConstraint: 1", "-ApplyAreaConstraint: -1")
                .replace("-Capacity (MB): 4", "-Capacity (MB): 0"),
        );
        assert!(
            e.contains("t.cfg:9: -ProcessNode = 22nm: must be a whole number from 1 to 1000"),
            "{e}"
        );
        assert!(
            e.contains("-Temperature (K) = 350.5: must be a whole number from 1 to 1000"),
            "{e}"
        );
        assert!(
            e.contains("-MaxNmosSize (F) = nan: must be a finite number > 0"),
            "{e}"
        );
        assert!(
            e.contains("-ApplyAreaConstraint = -1: must be a finite number ≥ 0"),
            "{e}"
        );
        assert!(
            e.contains("-Capacity (MB) = 0: must be a whole number from 1 to 1048576"),
            "{e}"
        );
        assert!(e.starts_with("5 problems"), "{e}");
        let e = cell_errors(
            &CELL
                .replace("-CellArea (F^2): 54", "-CellArea (F^2): -54")
                .replace("-ResistanceOn (ohm): 3000", "-ResistanceOn (ohm): inf")
                .replace("-ReadVoltage (V): 0.25", "-ReadVoltage (V): 0.25 V"),
        );
        assert!(
            e.contains("t.cell:3: -CellArea (F^2) = -54: must be a finite number > 0"),
            "{e}"
        );
        assert!(
            e.contains("t.cell:5: -ResistanceOn (ohm) = inf: must be a finite number > 0"),
            "{e}"
        );
        assert!(
            e.contains("-ReadVoltage (V) = 0.25 V: must be a single word or number (NVSim reads only up to the first space)"),
            "{e}"
        );
    }

    #[test]
    fn bad_words_list_what_is_accepted() {
        let e = cfg_errors(&CFG.replace("-DesignTarget: cache", "-DesignTarget: ram"));
        assert!(
            e.contains("t.cfg:4: -DesignTarget = ram: must be one of: cache, RAM, CAM (words are case-sensitive: write `RAM`)"),
            "{e}"
        );
        let e = cfg_errors(&CFG.replace("-EnablePruning: Yes", "-EnablePruning: yes"));
        assert!(
            e.contains("-EnablePruning = yes: must be one of: Yes, No"),
            "{e}"
        );
        let e = cfg_errors(&CFG.replace("Repeated10%Penalty", "Repeated15%Penalty"));
        assert!(
            e.contains(
                "must be one of: RepeatedNone, RepeatedOpt, Repeated5%Penalty, Repeated10%Penalty"
            ),
            "{e}"
        );
        let e = cell_errors(&CELL.replace("-MemCellType: MRAM", "-MemCellType: RRAM"));
        assert!(
            e.contains("t.cell:1: -MemCellType = RRAM: must be one of: SRAM, DRAM, eDRAM, MRAM, PCRAM, FBRAM, memristor, SLCNAND, MLCNAND (NVSim calls this `memristor`)"),
            "{e}"
        );
        let e = cell_errors(&CELL.replace("-ReadFloating: true", "-ReadFloating: Yes"));
        assert!(
            e.contains("-ReadFloating = Yes: must be one of: true, false"),
            "{e}"
        );
    }

    #[test]
    fn units_must_be_the_ones_nvsim_reads() {
        let e = cfg_errors(&CFG.replace("-Capacity (MB)", "-Capacity (GB)"));
        assert!(
            e.contains("-Capacity (GB) = 4: wrong unit or note in parentheses (case-sensitive); write `-Capacity (B): …`, `-Capacity (KB): …` or `-Capacity (MB): …`"),
            "{e}"
        );
        let e = cfg_errors(&CFG.replace("-Associativity (for cache only)", "-Associativity"));
        assert!(
            e.contains("-Associativity = 16: the unit or note in parentheses is required (NVSim ignores the line without it); write `-Associativity (for cache only): …`"),
            "{e}"
        );
        let e = cfg_errors(&CFG.replace("-ProcessNode: 22", "-ProcessNode (nm): 22"));
        assert!(
            e.contains("-ProcessNode (nm) = 22: this key takes no unit"),
            "{e}"
        );
        let e = cell_errors(&CELL.replace("-ReadCurrent (uA)", "-ReadCurrent (mA)"));
        assert!(e.contains("write `-ReadCurrent (uA): …`"), "{e}");
        // No space before '(' is fine, as for NVSim.
        assert!(parse_cfg("t.cfg", &CFG.replace("-Capacity (MB)", "-Capacity(MB)")).is_ok());
    }

    #[test]
    fn a_key_may_not_repeat() {
        let e = cfg_errors(&format!(
            "{CFG}-ForceBank (Total AxB, Active CxD): 4x4, 1x4\n"
        ));
        assert!(
            e.contains("t.cfg:44: -ForceBank (Total AxB, Active CxD) = 4x4, 1x4: given twice (first on line 28)"),
            "{e}"
        );
        let e = cfg_errors(&format!("{CFG}-Capacity (KB): 4096\n"));
        assert!(
            e.contains("-Capacity (KB) = 4096: given twice (first on line 10)"),
            "{e}"
        );
        let e = cell_errors(&format!("{CELL}-ReadMode: voltage\n"));
        assert!(
            e.contains("t.cell:39: -ReadMode = voltage: given twice (first on line 18)"),
            "{e}"
        );
    }

    #[test]
    fn line_numbers_count_comments_blanks_and_crlf() {
        let text =
            "\u{feff}// c\r\n\r\n  # x\r\n-DesignTarget: cache\r\n\r\n-DeviceRoadmap: XP\r\n";
        let e = cfg_errors(text);
        assert!(
            e.contains("t.cfg:6: -DeviceRoadmap = XP: must be one of: HP, LSTP, LOP"),
            "{e}"
        );
        let crlf = CFG.replace('\n', "\r\n");
        assert_eq!(parse_cfg("t.cfg", &crlf), parse_cfg("t.cfg", CFG));
        let indented: String = CELL.lines().map(|l| format!("  {l}\t\n")).collect();
        assert_eq!(parse_cell("t.cell", &indented), parse_cell("t.cell", CELL));
    }

    #[test]
    fn malformed_lines_are_named() {
        let text = format!("{CFG}Temperature 350\n-NoColon 3\n-ProcessNode : 22\n- Routing: H-tree\n-Force(Bank: 1\n-EnablePruning:\n");
        let e = cfg_errors(&text);
        assert!(
            e.contains("t.cfg:44: Temperature 350: not a setting"),
            "{e}"
        );
        assert!(e.contains("t.cfg:45: -NoColon 3: missing ':'"), "{e}");
        assert!(
            e.contains("t.cfg:46: -ProcessNode = 22: no space is allowed before ':'"),
            "{e}"
        );
        assert!(
            e.contains("t.cfg:47: - Routing = H-tree: malformed key"),
            "{e}"
        );
        assert!(
            e.contains("t.cfg:48: -Force(Bank = 1: malformed key"),
            "{e}"
        );
        assert!(e.contains("t.cfg:49: -EnablePruning: given twice"), "{e}");
        assert!(e.starts_with("6 problems"), "{e}");
        let e = cfg_errors(&CFG.replace("-EnablePruning: Yes", "-EnablePruning:"));
        assert!(
            e.contains("t.cfg:8: -EnablePruning: missing value after ':'"),
            "{e}"
        );
    }

    #[test]
    fn missing_required_keys_are_each_named() {
        let e = cfg_errors("// nothing here\n");
        for key in [
            "-DesignTarget: missing; add a line like `-DesignTarget: cache`",
            "-ProcessNode: missing",
            "-Capacity (B|KB|MB): missing; add a line like `-Capacity (MB): 4`",
            "-WordWidth (bit): missing",
            "-DeviceRoadmap: missing",
            "-MemoryCellInputFile: missing",
            "-Temperature (K): missing",
        ] {
            assert!(e.contains(&format!("t.cfg: {key}")), "{key}\n{e}");
        }
        assert!(e.starts_with("7 problems"), "{e}");
        let e = cell_errors("");
        assert!(e.contains("t.cell: -MemCellType: missing"), "{e}");
        assert!(e.contains("t.cell: -CellArea (F^2): missing"), "{e}");
        assert!(e.contains("t.cell: -CellAspectRatio: missing"), "{e}");
    }

    #[test]
    fn organisation_and_cross_checks() {
        let e = cfg_errors(&CFG.replace("8x4, 1x4", "2x2, 1x4"));
        assert!(
            e.contains("= 2x2, 1x4: the active blocks CxD must fit in the total AxB"),
            "{e}"
        );
        let e = cfg_errors(&CFG.replace("8x4, 1x4", "8x4 1x4"));
        assert!(
            e.contains("= 8x4 1x4: must be `AxB, CxD` (like `4x4, 1x4`)"),
            "{e}"
        );
        let e = cfg_errors(&CFG.replace("8x4, 1x4", "8X4, 0x4"));
        assert!(e.contains("must be `AxB, CxD`"), "{e}");
        let e = cfg_errors(&CFG.replace("-UseCactiAssumption: No", "-UseCactiAssumption: Yes"));
        assert!(
            e.contains("-UseCactiAssumption = Yes: cannot be combined with -ForceBank"),
            "{e}"
        );
        let e = cfg_errors(&CFG.replace("-Capacity (MB): 4", "-Capacity (B): 32"));
        assert!(
            e.contains("-WordWidth (bit) = 512: is wider than the whole capacity (32 B)"),
            "{e}"
        );
    }

    #[test]
    fn cell_settings_nvsim_would_ignore_are_errors() {
        let e = cell_errors(&CELL.replace("-AccessType: CMOS", "-AccessType: diode"));
        assert!(
            e.contains("-AccessCMOSWidth (F) = 8: NVSim ignores this unless -AccessType is CMOS (it is diode)"),
            "{e}"
        );
        let e = cell_errors(&format!("{CELL}-SRAMCellNMOSWidth (F): 2\n"));
        assert!(
            e.contains("-SRAMCellNMOSWidth (F) = 2: NVSim ignores this unless -MemCellType is SRAM (it is MRAM)"),
            "{e}"
        );
        let before = "-SRAMCellPMOSWidth (F): 1.2\n-MemCellType: SRAM\n-CellArea (F^2): 146\n-CellAspectRatio: 1\n";
        let e = cell_errors(before);
        assert!(
            e.contains(
                "t.cell:1: -SRAMCellPMOSWidth (F) = 1.2: must come after -MemCellType (line 2)"
            ),
            "{e}"
        );
        let swapped = "-MemCellType: PCRAM\n-CellAspectRatio: 1\n-CellArea (F^2): 9\n";
        let e = cell_errors(swapped);
        assert!(
            e.contains("t.cell:2: -CellAspectRatio = 1: must come after -CellArea (line 3)"),
            "{e}"
        );
        let e = cell_errors(&format!("{CELL}-GateCouplingRatio: 1.5\n"));
        assert!(
            e.contains("-GateCouplingRatio = 1.5: must be a number > 0 and ≤ 1"),
            "{e}"
        );
    }

    #[test]
    fn keys_stock_nvsim_ignores_are_warnings() {
        let c = parse_cfg("t.cfg", &format!("{CFG}-Optimization: latency\n")).unwrap();
        assert_eq!(c.warnings.len(), 1);
        assert!(
            c.warnings[0].to_string().starts_with(
                "t.cfg:44: -Optimization = latency: stock NVSim does not read -Optimization"
            ),
            "{}",
            c.warnings[0]
        );
        let text = format!("{CELL}-ResistanceOnAtReadVoltage (ohm): 5000\n");
        let c = parse_cell("t.cell", &text).unwrap();
        assert_eq!(c.warnings.len(), 1);
        assert!(
            c.warnings[0].to_string().contains("t.cell:39: -ResistanceOnAtReadVoltage (ohm) = 5000: both -ResistanceOn and -ResistanceOnAtReadVoltage are given"),
            "{}",
            c.warnings[0]
        );
    }

    #[test]
    fn cell_path_is_beside_the_cfg() {
        let c = parse_cfg("t.cfg", CFG).unwrap();
        assert_eq!(
            c.cell_path_beside("runs/a.cfg").unwrap(),
            "runs/cells/SRAM.cell"
        );
        assert_eq!(c.cell_path_beside("a.cfg").unwrap(), "cells/SRAM.cell");
        let mut abs = c.clone();
        for outside in [
            "/x/y.cell",
            "../y.cell",
            "cells/../../y.cell",
            "C:\\y.cell",
            "/dev/zero",
        ] {
            abs.memory_cell_input_file = outside.into();
            let e = abs.cell_path_beside("runs/a.cfg").unwrap_err();
            assert!(e.contains(outside) && e.contains("folder"), "{e}");
        }
    }

    #[test]
    fn oversized_input_is_refused() {
        let big = format!("{CFG}//{}\n", "x".repeat(MAX_FILE_BYTES));
        assert!(cfg_errors(&big).contains("limited to"));
    }

    #[test]
    fn the_module_docs_list_every_key() {
        let source = include_str!("format.rs");
        let docs: String = source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join(" ");
        let docs = docs.replace("//!", "");
        let docs: String = docs.split_whitespace().collect::<Vec<_>>().join(" ");
        for k in CFG_KEYS.iter().chain(CELL_KEYS.iter()) {
            assert!(
                docs.contains(&format!("`{}`", k.spelling())),
                "{}",
                k.spelling()
            );
        }
    }

    #[test]
    fn words_round_trip() {
        for (w, v) in MemCellType::WORDS {
            assert_eq!(v.word(), *w);
            assert_eq!(v.to_string(), *w);
        }
        assert_eq!(
            RepeaterType::Repeated50PercentPenalty.word(),
            "Repeated50%Penalty"
        );
        assert_eq!(Routing::HTree.to_string(), "H-tree");
    }

    /// Fragments that a fuzzed NVSim file is built from: real keys, units, values and junk.
    fn fragment() -> impl Strategy<Value = String> {
        let keys: Vec<String> = CFG_KEYS
            .iter()
            .chain(CELL_KEYS.iter())
            .flat_map(|k| {
                let mut v = vec![format!("-{}", k.name)];
                v.extend(k.units.iter().map(|u| format!("-{} ({u})", k.name)));
                v
            })
            .collect();
        prop_oneof![
            proptest::sample::select(keys),
            Just(": ".to_string()),
            Just(":".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("//".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("4x4, 1x4".to_string()),
            Just("x,".to_string()),
            Just("Yes".to_string()),
            Just("SRAM".to_string()),
            Just("1e308".to_string()),
            Just("-0".to_string()),
            Just("18446744073709551616".to_string()),
            Just("\u{feff}é".to_string()),
            "[ -~]{0,12}".prop_map(String::from),
            any::<u32>().prop_map(|n| n.to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_text_never_panics(text in any::<String>()) {
            let _ = parse_cfg("f.cfg", &text);
            let _ = parse_cell("f.cell", &text);
        }

        #[test]
        fn nvsim_like_text_never_panics_and_errors_name_a_line(parts in proptest::collection::vec(fragment(), 0..60)) {
            let text = parts.concat();
            let lines = text.lines().count();
            let results = [parse_cfg("f.cfg", &text).err(), parse_cell("f.cell", &text).err()];
            for errors in results.into_iter().flatten() {
                prop_assert!(!errors.0.is_empty());
                for e in &errors.0 {
                    prop_assert_eq!(&e.file[..2], "f.");
                    if let Some(line) = e.line {
                        prop_assert!(line >= 1 && line <= lines, "{} of {}", line, lines);
                    }
                }
            }
        }

        #[test]
        fn comments_blanks_and_spacing_do_not_change_the_result(
            extra in proptest::collection::vec(0usize..4, 45),
        ) {
            let mut text = String::new();
            for (line, pad) in CFG.lines().zip(extra.iter().cycle()) {
                match pad {
                    0 => text.push_str(&format!("{line}\n")),
                    1 => text.push_str(&format!("\n{line}\n")),
                    2 => text.push_str(&format!("// note\n  {line}  \n")),
                    _ => text.push_str(&format!("{}\n", line.replacen(": ", ":   ", 1))),
                }
            }
            prop_assert_eq!(parse_cfg("t.cfg", &text), parse_cfg("t.cfg", CFG));
        }
    }
}
