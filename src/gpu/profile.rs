//! A user's own GPU profile: the CSV a profiler printed for one run, summed over its kernels into
//! the L2 and DRAM traffic that a measured workload carries (issue #17, point 6). The caller hands
//! the text; nothing here opens a file.
//!
//! # Formats
//!
//! The format is decided by the header row, the first CSV row that is one of these (lines that
//! begin `==`, such as ncu's `==PROF==`/`==WARNING==` and nvprof's `==<pid>==`, blank lines and
//! any lines the application printed before the header are passed over):
//!
//! | header | format | one data row is |
//! |---|---|---|
//! | a `Kernel Name` cell and an ncu metric column (a cell with `__`) | [`ProfileFormat::NcuRaw`]: `ncu --csv --page raw --metrics …`, kernel replay | one kernel launch |
//! | first cell `ID`, an ncu metric column, no `Kernel Name` (a range is named instead, e.g. `Range Name`) | [`ProfileFormat::NcuRange`]: the same with `--replay-mode app-range` (or `range`) | one range |
//! | cells `Kernel`, `Invocations`, `Metric Name` and `Avg` | [`ProfileFormat::Nvprof`]: `nvprof --csv --metrics …` | one (kernel, metric) pair |
//!
//! **ncu.** A units row follows the header (its first cell is empty); each metric column is
//! scaled by its unit: sectors (`sector`, `Ksector`, …), bytes (decimal prefixes as ncu prints
//! them: `Kbyte` = 10³ bytes; `byte`, `Kbyte`…`Tbyte`, `KB`…`TB`, any case) and times (`ns`,
//! `nsecond`, `us`, `usecond`, `ms`, `msecond`, `s`, `second`). A missing or empty unit is the
//! base unit (sector, byte, ns). Units of the columns the reader does not use are not read. A
//! header repeated further down (one per profiled process) starts a new section with its own
//! units row. Required columns: the four of `NCU_REQUIRED`; optional:
//! `lts__t_sectors_srcunit_tex_op_atom.sum`, `lts__t_sectors_srcunit_tex_op_red.sum` and a
//! duration, `gpu__time_duration.sum` or else `range_time_under_profiler`.
//!
//! **nvprof.** Rows of `l2_read_transactions`, `l2_write_transactions` (L2 transactions are
//! 32-byte sectors), `dram_read_transactions` and `dram_write_transactions` (32 bytes each);
//! a kernel's total is `Avg × Invocations`; rows of other metrics are passed over. A metrics
//! summary holds no duration (`duration_s` is `None`) and no separate atomic or reduction
//! counts (`None`). `kernels` is the sum of `Invocations` over distinct (device, kernel) pairs.
//!
//! **Cells.** Numbers may carry thousands separators (`"1,980,000"`) and exponents; a cell that
//! is empty or `n/a` adds nothing and is counted in [`ProfileTotals::skipped_cells`]. An optional
//! metric whose column is absent, or holds no value at all, is `None`.

#![forbid(unsafe_code)]

use std::collections::BTreeMap;

use serde::Serialize;
use thiserror::Error;

use crate::gpu::chip::Gpu;
use crate::gpu::workload::Workload;
use crate::input::shorten;
use crate::units::{Energy, Time};

/// The four ncu metrics every Nsight Compute profile must hold.
pub const NCU_REQUIRED: [&str; 4] = [NCU_L2_READ, NCU_L2_WRITE, NCU_DRAM_READ, NCU_DRAM_WRITE];
/// The four nvprof metrics every nvprof metrics summary must hold.
pub const NVPROF_REQUIRED: [&str; 4] = [
    NVPROF_L2_READ,
    NVPROF_L2_WRITE,
    NVPROF_DRAM_READ,
    NVPROF_DRAM_WRITE,
];

const NCU_L2_READ: &str = "lts__t_sectors_srcunit_tex_op_read.sum";
const NCU_L2_WRITE: &str = "lts__t_sectors_srcunit_tex_op_write.sum";
const NCU_L2_ATOMIC: &str = "lts__t_sectors_srcunit_tex_op_atom.sum";
const NCU_L2_REDUCTION: &str = "lts__t_sectors_srcunit_tex_op_red.sum";
const NCU_DRAM_READ: &str = "dram__bytes_read.sum";
const NCU_DRAM_WRITE: &str = "dram__bytes_write.sum";
const NCU_DURATION: &str = "gpu__time_duration.sum";
const NCU_RANGE_TIME: &str = "range_time_under_profiler";

const NVPROF_L2_READ: &str = "l2_read_transactions";
const NVPROF_L2_WRITE: &str = "l2_write_transactions";
const NVPROF_DRAM_READ: &str = "dram_read_transactions";
const NVPROF_DRAM_WRITE: &str = "dram_write_transactions";

/// Nanoseconds in a second: durations are summed in ns, ncu's base unit.
const NS_PER_S: f64 = 1e9;

/// Bytes of one nvprof DRAM transaction.
const TRANSACTION_BYTES: f64 = 32.0;

/// What the accepted headers look like, for [`ProfileError::UnknownFormat`].
const ACCEPTED_FORMATS: &str = "Nsight Compute raw CSV (`ncu --csv --page raw --metrics ...`, \
kernel or app-range replay: a header row starting \"ID\" with metric columns such as \
lts__t_sectors_srcunit_tex_op_read.sum, then a units row) or nvprof's metrics summary \
(`nvprof --csv --metrics ...`: \"Device\",\"Kernel\",\"Invocations\",\"Metric Name\",\
\"Metric Description\",\"Min\",\"Max\",\"Avg\")";

/// The profiler output a profile was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ProfileFormat {
    /// Nsight Compute's raw page, kernel replay: one row per kernel launch.
    NcuRaw,
    /// Nsight Compute's raw page, application-range (or range) replay: one row per range.
    NcuRange,
    /// nvprof's metrics summary: one row per (kernel, metric).
    Nvprof,
}

impl ProfileFormat {
    /// The format in words, for messages.
    pub fn label(self) -> &'static str {
        match self {
            ProfileFormat::NcuRaw => "Nsight Compute raw CSV (kernel replay)",
            ProfileFormat::NcuRange => "Nsight Compute raw CSV (app-range replay)",
            ProfileFormat::Nvprof => "nvprof metrics summary CSV",
        }
    }

    /// How to add a missing metric to this profiler's command line.
    fn how_to_collect(self) -> String {
        match self {
            ProfileFormat::NcuRaw | ProfileFormat::NcuRange => format!(
                "add it to ncu --metrics (the reader needs {}; {NCU_DURATION} gives the time)",
                NCU_REQUIRED.join(",")
            ),
            ProfileFormat::Nvprof => format!(
                "add it to nvprof --metrics (the reader needs {})",
                NVPROF_REQUIRED.join(",")
            ),
        }
    }
}

/// A profile summed over its kernels (or ranges). Sectors are 32-byte L2 sectors.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileTotals {
    /// The profiler output the totals were read from.
    pub format: ProfileFormat,
    /// Kernel launches (ncu kernel replay, nvprof) or ranges (ncu app-range replay).
    pub kernels: u64,
    /// L2 sectors read by the SMs.
    pub l2_read_sectors: f64,
    /// L2 sectors written by the SMs.
    pub l2_write_sectors: f64,
    /// Atomic sectors at the L2; `None` when the profile does not count them.
    pub l2_atomic_sectors: Option<f64>,
    /// Reduction sectors at the L2; `None` when the profile does not count them.
    pub l2_reduction_sectors: Option<f64>,
    /// Bytes read from DRAM.
    pub dram_read_bytes: f64,
    /// Bytes written to DRAM.
    pub dram_write_bytes: f64,
    /// The summed kernel (or range) durations in seconds; `None` when the file has no duration
    /// column.
    pub duration_s: Option<f64>,
    /// Cells of the used columns that were empty or `n/a` and added nothing.
    pub skipped_cells: u64,
}

/// Why a profile could not be read. Each message names the file and says what is accepted.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ProfileError {
    /// No CSV line at all.
    #[error(
        "{file}: the file is empty or holds only profiler messages: expected the CSV that \
         `ncu --csv --page raw --metrics ...` or `nvprof --csv --metrics ...` prints"
    )]
    Empty { file: String },
    /// No line is a header of an accepted format; `header` is the first line that could be one.
    #[error("{file}: `{header}` is not a profile header this reader knows; accepted: {ACCEPTED_FORMATS}")]
    UnknownFormat { file: String, header: String },
    /// A required metric has no column (ncu) or no rows (nvprof).
    #[error("{file}: the {} has no `{metric}`: {}", format.label(), format.how_to_collect())]
    MissingMetric {
        file: String,
        metric: String,
        format: ProfileFormat,
    },
    /// A cell of a used column is not a count ≥ 0 (or a column's sum overflows).
    #[error(
        "{file}: line {row}, {metric} = `{value}`: not a count; accepted: a number ≥ 0 such as \
         1980000, 1,980,000 or 2.5e9, or n/a (skipped)"
    )]
    NotNumeric {
        file: String,
        metric: String,
        /// The line of the file (1-based), as a spreadsheet numbers its rows.
        row: usize,
        value: String,
    },
    /// The units row gives a used column a unit the reader cannot convert.
    #[error("{file}: {metric}: unit `{unit}` is not known; accepted: {accepted}")]
    UnknownUnit {
        file: String,
        metric: String,
        unit: String,
        accepted: &'static str,
    },
    /// A header but no data row.
    #[error(
        "{file}: the profile has a header but no kernel or range rows: profile at least one \
         kernel (check the profiler's kernel filters and that the run reached the GPU)"
    )]
    NoKernels { file: String },
    /// A row that does not fit the table (cell count, a second header with other columns).
    #[error("{file}: line {line}: {message}")]
    Csv {
        file: String,
        line: usize,
        message: String,
    },
    /// The file holds no duration and no run time was given.
    #[error(
        "{file}: the {} holds no duration (`gpu__time_duration.sum`): give the run time \
         (`--run-time-ms`, or the page's run-time field), or profile with that metric",
        format.label()
    )]
    NoRunTime { file: String, format: ProfileFormat },
    /// The run time given is not a positive number of milliseconds.
    #[error("run time = `{value}` ms: accepted: a number of milliseconds above 0 and at most 1e9")]
    BadRunTime { value: String },
}

/// A profile reduced to what the calculator uses: its summed traffic, its run time and the GPU
/// it was taken on. Small enough for a share link (`prof=`), so a dropped file's result can be
/// shared and recomputed without the file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileRun {
    /// The file's name (letters, digits, `.`, `_`, `-`; at most 64), for labels.
    pub file: String,
    /// The GPU preset it was taken on (the user's word: the file does not say).
    pub gpu: String,
    /// The profiler's format.
    pub format: ProfileFormat,
    /// Kernels (or ranges) summed.
    pub kernels: u64,
    /// L2 sectors read by the SMs.
    pub l2_read_sectors: f64,
    /// L2 sectors written by the SMs.
    pub l2_write_sectors: f64,
    /// Atomic and reduction sectors at the L2.
    pub rmw_sectors: f64,
    /// Bytes read from DRAM.
    pub dram_read_bytes: f64,
    /// Bytes written to DRAM.
    pub dram_write_bytes: f64,
    /// The run's time.
    pub run_time: Time,
    /// Whether the run time was given (else it is the file's summed durations).
    pub time_given: bool,
}

/// The formats with their link words.
pub const PROFILE_FORMATS: [(&str, ProfileFormat); 3] = [
    ("ncu", ProfileFormat::NcuRaw),
    ("ncu_range", ProfileFormat::NcuRange),
    ("nvprof", ProfileFormat::Nvprof),
];

impl ProfileFormat {
    /// The link word.
    pub fn word(self) -> &'static str {
        PROFILE_FORMATS
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("ncu", |(w, _)| w)
    }
}

/// A file name as labels and links carry it: letters, digits, `.`, `_` and `-` (others become
/// `_`), at most 64 characters, `profile` when nothing is left.
pub fn label_file_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if cleaned.is_empty() {
        "profile".into()
    } else {
        cleaned
    }
}

/// The longest run time accepted (s).
pub const MAX_RUN_TIME_S: f64 = 1e6;

impl ProfileRun {
    /// The run of `totals` on GPU `gpu`: the run time is `run_time` when given, else the file's
    /// summed duration. With kernel replay the summed kernel durations are the GPU's busy time,
    /// shorter than the step's wall time (host gaps between kernels are not in it): give the
    /// measured wall time when it is known.
    pub fn new(
        totals: &ProfileTotals,
        file_name: &str,
        gpu: &str,
        run_time: Option<Time>,
    ) -> Result<ProfileRun, ProfileError> {
        if let Some(t) = run_time {
            if !(t.s().is_finite() && t.s() > 0.0 && t.s() <= MAX_RUN_TIME_S) {
                return Err(ProfileError::BadRunTime {
                    value: format!("{}", t.ms()),
                });
            }
        }
        let (run_time, time_given) = match (run_time, totals.duration_s) {
            (Some(t), _) => (t, true),
            (None, Some(s)) if s > 0.0 && s <= MAX_RUN_TIME_S => (Time::from_s(s), false),
            _ => {
                return Err(ProfileError::NoRunTime {
                    file: short_name(file_name),
                    format: totals.format,
                })
            }
        };
        Ok(ProfileRun {
            file: label_file_name(file_name),
            gpu: gpu.to_string(),
            format: totals.format,
            kernels: totals.kernels,
            l2_read_sectors: totals.l2_read_sectors,
            l2_write_sectors: totals.l2_write_sectors,
            rmw_sectors: totals.l2_atomic_sectors.unwrap_or(0.0)
                + totals.l2_reduction_sectors.unwrap_or(0.0),
            dram_read_bytes: totals.dram_read_bytes,
            dram_write_bytes: totals.dram_write_bytes,
            run_time,
            time_given,
        })
    }

    /// The run as the L2 of `gpu` (the GPU it was taken on) sees it:
    ///
    /// * reads = L2 read sectors + atomic and reduction sectors; writes = L2 write sectors +
    ///   atomic and reduction sectors: an atomic or a reduction reads its sector in the slice and
    ///   writes it back (as for the measured presets,
    ///   [`crate::gpu::measured::MeasuredTraffic::array_read_sectors`]);
    /// * each request moves one of the GPU's sectors;
    /// * DRAM energy = (DRAM read + write bytes) · 8 · the GPU's energy per bit.
    ///
    /// The counts hold for the GPU's own L2: a technology compared at another capacity sees the
    /// same counts (the derivation says so).
    pub fn workload(&self, gpu: &Gpu) -> Workload {
        let dram = self.dram_read_bytes + self.dram_write_bytes;
        Workload {
            id: "profile".into(),
            name: format!("Profile {} on {}", self.file, gpu.name),
            reads: self.l2_read_sectors + self.rmw_sectors,
            writes: self.l2_write_sectors + self.rmw_sectors,
            access_bytes: gpu.sector_bytes,
            execution_time: self.run_time,
            dram_energy: Energy::from_pj(dram * 8.0 * gpu.dram_energy_pj_per_bit),
            source: format!(
                "The user's own profile `{}` ({}, {} kernels or ranges), taken on {} (as the \
                 user states).",
                self.file,
                self.format.label(),
                self.kernels,
                gpu.name
            ),
            derivation: format!(
                "Summed over the file: {:.4e} L2 read and {:.4e} write sectors, {:.4e} atomic and \
                 reduction sectors (each one read and one write in the slice), {:.4e} B read and \
                 {:.4e} B written in DRAM; run time {:.4} ms from {}. Used as measured at {}'s \
                 own L2 ({}); every compared L2 sees these counts.",
                self.l2_read_sectors,
                self.l2_write_sectors,
                self.rmw_sectors,
                self.dram_read_bytes,
                self.dram_write_bytes,
                self.run_time.ms(),
                match (self.time_given, self.format) {
                    (true, _) => "the run time given",
                    (false, ProfileFormat::NcuRange) => "the file's summed range durations",
                    (false, _) => "the file's summed kernel durations",
                },
                gpu.id,
                crate::units::Capacity::from_bits(gpu.l2_bytes.saturating_mul(8))
            ),
        }
    }
}

/// A profile as the L2 of `gpu` sees it ([`ProfileRun::new`], then [`ProfileRun::workload`]).
pub fn profile_workload(
    totals: &ProfileTotals,
    file_name: &str,
    gpu: &Gpu,
    run_time: Option<Time>,
) -> Result<Workload, ProfileError> {
    Ok(ProfileRun::new(totals, file_name, &gpu.id, run_time)?.workload(gpu))
}

/// Reads a profile CSV (`text`, named `file_name` in messages) and sums it over its kernels.
pub fn read_profile(file_name: &str, text: &str) -> Result<ProfileTotals, ProfileError> {
    let file = short_name(file_name);
    let mut lines = content_lines(text);
    let mut first: Option<String> = None;
    while let Some((number, line)) = lines.next() {
        let cells = split_cells(&file, number, line)?;
        if let Some(format) = classify(&cells) {
            return match format {
                ProfileFormat::Nvprof => read_nvprof(&file, &cells, lines),
                _ => read_ncu(&file, format, &cells, lines),
            };
        }
        first.get_or_insert_with(|| line.to_string());
    }
    match first {
        None => Err(ProfileError::Empty { file }),
        Some(header) => Err(ProfileError::UnknownFormat {
            file,
            header: shorten(header.trim()),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Lines and cells

/// The file's lines that may hold CSV, with their 1-based numbers: not blank, not profiler noise.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| {
            let t = line.trim_start();
            !t.is_empty() && !t.starts_with("==")
        })
}

/// One line's cells, trimmed. A record never spans lines in profiler output.
fn split_cells(file: &str, number: usize, line: &str) -> Result<Vec<String>, ProfileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(_) => Ok(record.iter().map(|c| c.trim().to_string()).collect()),
        Err(e) => Err(ProfileError::Csv {
            file: file.to_string(),
            line: number,
            message: e.to_string(),
        }),
    }
}

/// The format a header row announces, if it is one.
fn classify(cells: &[String]) -> Option<ProfileFormat> {
    let has = |name: &str| cells.iter().any(|c| c == name);
    if has("Kernel") && has("Invocations") && has("Metric Name") && has("Avg") {
        return Some(ProfileFormat::Nvprof);
    }
    let first_is_id = cells.first().is_some_and(|c| c == "ID");
    let has_metric = cells.iter().any(|c| c.contains("__"));
    if (first_is_id || has("Kernel Name")) && has_metric {
        return Some(if has("Kernel Name") {
            ProfileFormat::NcuRaw
        } else {
            ProfileFormat::NcuRange
        });
    }
    None
}

/// The file name as messages show it: its last path component, shortened.
fn short_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    shorten(if base.is_empty() { file_name } else { base })
}

fn row_length_error(file: &str, line: usize, cells: usize, header: usize) -> ProfileError {
    ProfileError::Csv {
        file: file.to_string(),
        line,
        message: format!(
            "{cells} cells where the header has {header}; every row must have one cell per \
             column (was the file cut short or edited?)"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers and units

/// A cell of a used column: a value, or nothing (empty or `n/a`).
enum Cell {
    Value(f64),
    Skipped,
}

/// Reads a count as profilers print it; `None` when the cell is not one.
fn parse_count(raw: &str) -> Option<Cell> {
    let s = raw.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("n/a") {
        return Some(Cell::Skipped);
    }
    let plain = if s.contains(',') {
        strip_thousands(s)?
    } else {
        s.to_string()
    };
    // Only digits, a point, an exponent and signs: `inf` and `NaN` are not counts.
    if !plain
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return None;
    }
    let value: f64 = plain.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(Cell::Value(value.abs()))
}

/// `1,980,000.5` → `1980000.5`; `None` unless the commas group the integer part by threes.
fn strip_thousands(s: &str) -> Option<String> {
    let (sign, body) = match s.strip_prefix(['+', '-']) {
        Some(rest) => (&s[..s.len() - rest.len()], rest),
        None => ("", s),
    };
    let end = body.find(['.', 'e', 'E']).unwrap_or(body.len());
    let (int, tail) = body.split_at(end);
    if tail.contains(',') {
        return None;
    }
    let mut groups = int.split(',');
    let lead = groups.next()?;
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    if !(1..=3).contains(&lead.len()) || !digits(lead) {
        return None;
    }
    for group in groups {
        if group.len() != 3 || !digits(group) {
            return None;
        }
    }
    Some(format!("{sign}{}{tail}", int.replace(',', "")))
}

/// What a metric counts, which fixes the units it may carry.
#[derive(Clone, Copy)]
enum Quantity {
    Sectors,
    Bytes,
    Time,
}

impl Quantity {
    fn accepted(self) -> &'static str {
        match self {
            Quantity::Sectors => "sector, Ksector, Msector, Gsector, Tsector (or empty: sectors)",
            Quantity::Bytes => {
                "byte, Kbyte, Mbyte, Gbyte, Tbyte, B, KB, MB, GB, TB (decimal prefixes, any \
                 case; or empty: bytes)"
            }
            Quantity::Time => {
                "ns, nsecond, us, usecond, ms, msecond, s, second (or empty: ns); a count of \
                 cycles is not a time"
            }
        }
    }

    /// The factor that takes a value in `unit` to the unit summed: sector, byte, nanosecond
    /// (ncu's base units; integral nanoseconds sum exactly).
    fn scale(self, unit: &str) -> Option<f64> {
        let u = unit.trim().to_ascii_lowercase();
        match self {
            Quantity::Sectors => {
                if u.is_empty() {
                    return Some(1.0);
                }
                let prefix = u
                    .strip_suffix("sectors")
                    .or_else(|| u.strip_suffix("sector"))?;
                decimal_prefix(prefix)
            }
            Quantity::Bytes => {
                if u.is_empty() {
                    return Some(1.0);
                }
                let prefix = u
                    .strip_suffix("bytes")
                    .or_else(|| u.strip_suffix("byte"))
                    .or_else(|| u.strip_suffix('b'))?;
                decimal_prefix(prefix)
            }
            Quantity::Time => Some(match u.as_str() {
                "" | "ns" | "nsecond" | "nseconds" | "nsec" => 1.0,
                "us" | "µs" | "usecond" | "useconds" | "usec" => 1e3,
                "ms" | "msecond" | "mseconds" | "msec" => 1e6,
                "s" | "second" | "seconds" | "sec" => 1e9,
                _ => return None,
            }),
        }
    }
}

fn decimal_prefix(prefix: &str) -> Option<f64> {
    Some(match prefix {
        "" => 1.0,
        "k" => 1e3,
        "m" => 1e6,
        "g" => 1e9,
        "t" => 1e12,
        _ => return None,
    })
}

/// A running total of one metric over the rows.
struct Total {
    sum: f64,
    values: u64,
}

impl Total {
    fn new() -> Self {
        Total {
            sum: 0.0,
            values: 0,
        }
    }

    /// Adds `value` (already in base units); an overflow is reported against the row.
    fn add(
        &mut self,
        value: f64,
        file: &str,
        metric: &str,
        row: usize,
        raw: &str,
    ) -> Result<(), ProfileError> {
        let sum = self.sum + value;
        if !sum.is_finite() {
            return Err(ProfileError::NotNumeric {
                file: file.to_string(),
                metric: metric.to_string(),
                row,
                value: format!("{}: the column's sum overflows", shorten(raw)),
            });
        }
        self.sum = sum;
        self.values += 1;
        Ok(())
    }

    /// The sum, or `None` when no row gave a value.
    fn seen(&self) -> Option<f64> {
        (self.values > 0).then_some(self.sum)
    }
}

// ---------------------------------------------------------------------------------------------
// Nsight Compute

/// One metric column of an ncu table and its running total.
struct Column {
    metric: &'static str,
    index: usize,
    quantity: Quantity,
    scale: f64,
    total: Total,
}

fn read_ncu<'a>(
    file: &str,
    format: ProfileFormat,
    header: &[String],
    lines: impl Iterator<Item = (usize, &'a str)>,
) -> Result<ProfileTotals, ProfileError> {
    let find = |metric: &str| header.iter().position(|c| c == metric);
    let column = |metric: &'static str, quantity: Quantity| {
        find(metric).map(|index| Column {
            metric,
            index,
            quantity,
            // The base unit until a units row names another.
            scale: 1.0,
            total: Total::new(),
        })
    };
    let required = |metric: &'static str, quantity: Quantity| {
        column(metric, quantity).ok_or_else(|| ProfileError::MissingMetric {
            file: file.to_string(),
            metric: metric.to_string(),
            format,
        })
    };
    let mut columns = vec![
        required(NCU_L2_READ, Quantity::Sectors)?,
        required(NCU_L2_WRITE, Quantity::Sectors)?,
        required(NCU_DRAM_READ, Quantity::Bytes)?,
        required(NCU_DRAM_WRITE, Quantity::Bytes)?,
    ];
    let atomic = column(NCU_L2_ATOMIC, Quantity::Sectors).map(|c| push(&mut columns, c));
    let reduction = column(NCU_L2_REDUCTION, Quantity::Sectors).map(|c| push(&mut columns, c));
    let duration = column(NCU_DURATION, Quantity::Time)
        .or_else(|| column(NCU_RANGE_TIME, Quantity::Time))
        .map(|c| push(&mut columns, c));

    let mut rows: u64 = 0;
    let mut skipped: u64 = 0;
    let mut expect_units = true;
    for (number, line) in lines {
        let cells = split_cells(file, number, line)?;
        let repeated_header = cells.as_slice() == header;
        if repeated_header || cells.first().is_some_and(|c| c == "ID") {
            if !repeated_header {
                return Err(ProfileError::Csv {
                    file: file.to_string(),
                    line: number,
                    message: "a second header row with other columns; profile with the same \
                              --metrics throughout, or read each part on its own"
                        .to_string(),
                });
            }
            // A new section: base units until its own units row.
            for c in &mut columns {
                c.scale = 1.0;
            }
            expect_units = true;
            continue;
        }
        if cells.len() != header.len() {
            return Err(row_length_error(file, number, cells.len(), header.len()));
        }
        if expect_units && cells.first().is_some_and(|c| c.is_empty()) {
            for c in &mut columns {
                let unit = &cells[c.index];
                c.scale = c
                    .quantity
                    .scale(unit)
                    .ok_or_else(|| ProfileError::UnknownUnit {
                        file: file.to_string(),
                        metric: c.metric.to_string(),
                        unit: shorten(unit),
                        accepted: c.quantity.accepted(),
                    })?;
            }
            expect_units = false;
            continue;
        }
        expect_units = false;
        rows += 1;
        for c in &mut columns {
            let raw = &cells[c.index];
            match parse_count(raw) {
                Some(Cell::Value(v)) => c.total.add(v * c.scale, file, c.metric, number, raw)?,
                Some(Cell::Skipped) => skipped += 1,
                None => {
                    return Err(ProfileError::NotNumeric {
                        file: file.to_string(),
                        metric: c.metric.to_string(),
                        row: number,
                        value: shorten(raw),
                    })
                }
            }
        }
    }
    if rows == 0 {
        return Err(ProfileError::NoKernels {
            file: file.to_string(),
        });
    }
    let sum = |i: usize| columns[i].total.sum;
    let seen = |i: Option<usize>| i.and_then(|i| columns[i].total.seen());
    Ok(ProfileTotals {
        format,
        kernels: rows,
        l2_read_sectors: sum(0),
        l2_write_sectors: sum(1),
        l2_atomic_sectors: seen(atomic),
        l2_reduction_sectors: seen(reduction),
        dram_read_bytes: sum(2),
        dram_write_bytes: sum(3),
        duration_s: seen(duration).map(|ns| ns / NS_PER_S),
        skipped_cells: skipped,
    })
}

/// Appends `column` and gives its index.
fn push(columns: &mut Vec<Column>, column: Column) -> usize {
    columns.push(column);
    columns.len() - 1
}

// ---------------------------------------------------------------------------------------------
// nvprof

fn read_nvprof<'a>(
    file: &str,
    header: &[String],
    lines: impl Iterator<Item = (usize, &'a str)>,
) -> Result<ProfileTotals, ProfileError> {
    let find = |name: &str| header.iter().position(|c| c == name);
    // `classify` saw these four; without them the header would not have been taken for nvprof.
    let (Some(kernel_at), Some(invocations_at), Some(metric_at), Some(avg_at)) = (
        find("Kernel"),
        find("Invocations"),
        find("Metric Name"),
        find("Avg"),
    ) else {
        return Err(ProfileError::UnknownFormat {
            file: file.to_string(),
            header: shorten(&header.join(",")),
        });
    };
    let device_at = find("Device");

    let mut totals: [Total; 4] = [Total::new(), Total::new(), Total::new(), Total::new()];
    // L2 transactions are sectors; a DRAM transaction is 32 bytes.
    let scales = [1.0, 1.0, TRANSACTION_BYTES, TRANSACTION_BYTES];
    let mut kernels: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut skipped: u64 = 0;
    for (number, line) in lines {
        let cells = split_cells(file, number, line)?;
        if cells.as_slice() == header {
            continue;
        }
        if cells.len() != header.len() {
            return Err(row_length_error(file, number, cells.len(), header.len()));
        }
        let raw_invocations = &cells[invocations_at];
        let invocations = match parse_count(raw_invocations) {
            // Whole and below 2⁵³, so the conversion is exact.
            Some(Cell::Value(v)) if v.fract() == 0.0 && v <= 9.0e15 => v as u64,
            _ => {
                return Err(ProfileError::NotNumeric {
                    file: file.to_string(),
                    metric: "Invocations".to_string(),
                    row: number,
                    value: shorten(raw_invocations),
                })
            }
        };
        let device = device_at.map(|i| cells[i].clone()).unwrap_or_default();
        kernels
            .entry((device, cells[kernel_at].clone()))
            .or_insert(invocations);

        let metric = cells[metric_at].as_str();
        let Some(slot) = NVPROF_REQUIRED.iter().position(|m| *m == metric) else {
            continue;
        };
        let raw = &cells[avg_at];
        match parse_count(raw) {
            Some(Cell::Value(avg)) => {
                let value = avg * invocations as f64 * scales[slot];
                totals[slot].add(value, file, metric, number, raw)?
            }
            Some(Cell::Skipped) => {
                skipped += 1;
                // The metric was collected, only not for this kernel.
                totals[slot].values += 1;
            }
            None => {
                return Err(ProfileError::NotNumeric {
                    file: file.to_string(),
                    metric: metric.to_string(),
                    row: number,
                    value: shorten(raw),
                })
            }
        }
    }
    if kernels.is_empty() {
        return Err(ProfileError::NoKernels {
            file: file.to_string(),
        });
    }
    for (slot, metric) in NVPROF_REQUIRED.iter().enumerate() {
        if totals[slot].values == 0 {
            return Err(ProfileError::MissingMetric {
                file: file.to_string(),
                metric: metric.to_string(),
                format: ProfileFormat::Nvprof,
            });
        }
    }
    let launches = kernels.values().fold(0u64, |a, b| a.saturating_add(*b));
    Ok(ProfileTotals {
        format: ProfileFormat::Nvprof,
        kernels: launches,
        l2_read_sectors: totals[0].sum,
        l2_write_sectors: totals[1].sum,
        l2_atomic_sectors: None,
        l2_reduction_sectors: None,
        dram_read_bytes: totals[2].sum,
        dram_write_bytes: totals[3].sum,
        duration_s: None,
        skipped_cells: skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(s: &str) -> Option<f64> {
        match parse_count(s)? {
            Cell::Value(v) => Some(v),
            Cell::Skipped => Some(-1.0),
        }
    }

    /// A small kernel-replay table: header, units row, `rows`.
    fn ncu(units: &str, rows: &[&str]) -> String {
        let mut text = String::from(
            "\"ID\",\"Kernel Name\",\"lts__t_sectors_srcunit_tex_op_read.sum\",\
             \"lts__t_sectors_srcunit_tex_op_write.sum\",\"dram__bytes_read.sum\",\
             \"dram__bytes_write.sum\",\"gpu__time_duration.sum\"\n",
        );
        text.push_str(units);
        text.push('\n');
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        text
    }

    const BASE_UNITS: &str = r#""","","sector","sector","byte","byte","ns""#;

    #[test]
    fn counts_with_thousands_separators_exponents_and_gaps() {
        assert_eq!(count("1,980,000"), Some(1_980_000.0));
        assert_eq!(count(" 12,345.5 "), Some(12_345.5));
        assert_eq!(count("2.5e9"), Some(2.5e9));
        assert_eq!(count("1,000e3"), Some(1e6));
        assert_eq!(count("0"), Some(0.0));
        assert_eq!(count("-0"), Some(0.0));
        assert_eq!(count("n/a"), Some(-1.0));
        assert_eq!(count("N/A"), Some(-1.0));
        assert_eq!(count(""), Some(-1.0));
        for bad in [
            "1,23", ",123", "1,2345", "1234,567", "1.5,000", "12a", "inf", "NaN", "-5", "1e400",
            "--1", "1,,000", "e", ".",
        ] {
            assert_eq!(count(bad), None, "{bad}");
        }
    }

    #[test]
    fn units_scale_to_sectors_bytes_and_seconds() {
        let bytes = |u: &str| Quantity::Bytes.scale(u);
        assert_eq!(bytes("byte"), Some(1.0));
        assert_eq!(bytes(""), Some(1.0));
        assert_eq!(bytes("Kbyte"), Some(1e3));
        assert_eq!(bytes("kbyte"), Some(1e3));
        assert_eq!(bytes("KB"), Some(1e3));
        assert_eq!(bytes("Mbyte"), Some(1e6));
        assert_eq!(bytes("MB"), Some(1e6));
        assert_eq!(bytes("Gbyte"), Some(1e9));
        assert_eq!(bytes("GB"), Some(1e9));
        assert_eq!(bytes("Tbyte"), Some(1e12));
        assert_eq!(bytes("B"), Some(1.0));
        assert_eq!(bytes("bytes"), Some(1.0));
        for bad in ["byte/block", "sector", "KiB", "Xbyte", "s", "byte/second"] {
            assert_eq!(bytes(bad), None, "{bad}");
        }
        let sectors = |u: &str| Quantity::Sectors.scale(u);
        assert_eq!(sectors("sector"), Some(1.0));
        assert_eq!(sectors("sectors"), Some(1.0));
        assert_eq!(sectors("Msector"), Some(1e6));
        assert_eq!(sectors(""), Some(1.0));
        for bad in ["s", "byte", "sector/second"] {
            assert_eq!(sectors(bad), None, "{bad}");
        }
        let time = |u: &str| Quantity::Time.scale(u);
        assert_eq!(time("ns"), Some(1.0));
        assert_eq!(time("nsecond"), Some(1.0));
        assert_eq!(time("usecond"), Some(1e3));
        assert_eq!(time("us"), Some(1e3));
        assert_eq!(time("msecond"), Some(1e6));
        assert_eq!(time("ms"), Some(1e6));
        assert_eq!(time("second"), Some(1e9));
        assert_eq!(time(""), Some(1.0));
        assert_eq!(time("cycle"), None);
    }

    #[test]
    fn headers_decide_the_format() {
        let cells = |s: &str| split_cells("f", 1, s).unwrap_or_default();
        let raw = cells(r#""ID","Kernel Name","dram__bytes_read.sum""#);
        assert_eq!(classify(&raw), Some(ProfileFormat::NcuRaw));
        let range = cells(r#""ID","Range Name","dram__bytes_read.sum""#);
        assert_eq!(classify(&range), Some(ProfileFormat::NcuRange));
        let nvprof = cells(
            r#""Device","Kernel","Invocations","Metric Name","Metric Description","Min","Max","Avg""#,
        );
        assert_eq!(classify(&nvprof), Some(ProfileFormat::Nvprof));
        // ncu's details page has no metric columns: not read.
        let details = cells(
            r#""ID","Kernel Name","Section Name","Metric Name","Metric Unit","Metric Value""#,
        );
        assert_eq!(classify(&details), None);
        assert_eq!(classify(&cells("step 0 done")), None);
    }

    #[test]
    fn file_names_are_shortened_to_their_last_component() {
        assert_eq!(short_name("/home/me/runs/ncu.csv"), "ncu.csv");
        assert_eq!(short_name(r"C:\runs\ncu.csv"), "ncu.csv");
        assert_eq!(short_name("ncu.csv"), "ncu.csv");
        assert_eq!(short_name("runs/"), "runs/");
        assert!(short_name(&"x".repeat(500)).chars().count() <= 60);
    }

    #[test]
    fn a_kernel_table_sums_its_rows_and_counts_gaps() {
        let text = ncu(
            r#""","","Ksector","sector","Kbyte","Mbyte","usecond""#,
            &[
                r#""0","k<1, 2> ""quoted""","1.5","1,000","2","0.5","3.25""#,
                r#""1","k2","n/a","24","0","1","10""#,
            ],
        );
        let t = read_profile("runs/k.csv", &text).expect("reads");
        assert_eq!(t.format, ProfileFormat::NcuRaw);
        assert_eq!(t.kernels, 2);
        assert_eq!(t.l2_read_sectors, 1500.0);
        assert_eq!(t.l2_write_sectors, 1024.0);
        assert_eq!(t.dram_read_bytes, 2000.0);
        assert_eq!(t.dram_write_bytes, 1.5e6);
        assert_eq!(t.duration_s, Some(13.25e-6));
        assert_eq!(t.l2_atomic_sectors, None);
        assert_eq!(t.l2_reduction_sectors, None);
        assert_eq!(t.skipped_cells, 1);
    }

    #[test]
    fn a_table_without_a_units_row_is_in_base_units() {
        let mut text = ncu(BASE_UNITS, &[]);
        text = text.replace(&format!("{BASE_UNITS}\n"), "");
        text.push_str(r#""0","k","10","20","30","40","1,000""#);
        let t = read_profile("k.csv", &text).expect("reads");
        assert_eq!((t.l2_read_sectors, t.dram_write_bytes), (10.0, 40.0));
        assert_eq!(t.duration_s, Some(1e-6));
    }

    #[test]
    fn a_repeated_header_starts_a_section_with_its_own_units() {
        let first = ncu(BASE_UNITS, &[r#""0","k","1","1","1","1","1""#]);
        let second = ncu(
            r#""","","Ksector","Ksector","Kbyte","Kbyte","usecond""#,
            &[r#""0","k","1","1","1","1","1""#],
        );
        let text = format!("{first}==PROF== Connected to process 2\n{second}");
        let t = read_profile("k.csv", &text).expect("reads");
        assert_eq!(t.kernels, 2);
        assert_eq!(t.l2_read_sectors, 1001.0);
        assert_eq!(t.dram_read_bytes, 1001.0);
    }

    #[test]
    fn an_app_range_table_may_time_its_range_under_another_name() {
        let text = "\"ID\",\"Range Name\",\"range_time_under_profiler\",\
                    \"lts__t_sectors_srcunit_tex_op_read.sum\",\
                    \"lts__t_sectors_srcunit_tex_op_write.sum\",\"dram__bytes_read.sum\",\
                    \"dram__bytes_write.sum\",\"lts__t_sectors_srcunit_tex_op_red.sum\"\n\
                    \"\",\"\",\"msecond\",\"sector\",\"sector\",\"byte\",\"byte\",\"sector\"\n\
                    \"0\",\"step\",\"2\",\"1\",\"2\",\"3\",\"4\",\"n/a\"\n";
        let t = read_profile("r.csv", text).expect("reads");
        assert_eq!(t.format, ProfileFormat::NcuRange);
        assert_eq!(t.kernels, 1);
        assert_eq!(t.duration_s, Some(2e-3));
        // The column is there but holds no value: not counted.
        assert_eq!(t.l2_reduction_sectors, None);
        assert_eq!(t.skipped_cells, 1);
    }

    #[test]
    fn broken_tables_say_where() {
        let short = ncu(BASE_UNITS, &[r#""0","k","1","1""#]);
        match read_profile("k.csv", &short) {
            Err(ProfileError::Csv {
                line: 3, message, ..
            }) => {
                assert!(
                    message.contains("4 cells where the header has 7"),
                    "{message}"
                )
            }
            other => panic!("{other:?}"),
        }
        let other_header = format!(
            "{}\"ID\",\"Kernel Name\"\n",
            ncu(BASE_UNITS, &[r#""0","k","1","1","1","1","1""#])
        );
        assert!(matches!(
            read_profile("k.csv", &other_header),
            Err(ProfileError::Csv { line: 4, .. })
        ));
        assert_eq!(
            read_profile("k.csv", &ncu(BASE_UNITS, &[])),
            Err(ProfileError::NoKernels {
                file: "k.csv".into()
            })
        );
        let bytes_in_sectors = ncu(r#""","","sector","sector","sector","byte","ns""#, &[]);
        match read_profile("k.csv", &bytes_in_sectors) {
            Err(e @ ProfileError::UnknownUnit { .. }) => {
                let m = e.to_string();
                assert!(
                    m.contains("dram__bytes_read.sum") && m.contains("`sector`"),
                    "{m}"
                );
                assert!(m.contains("Kbyte"), "{m}");
            }
            other => panic!("{other:?}"),
        }
        let huge = ncu(
            BASE_UNITS,
            &[
                r#""0","k","1e308","1","1","1","1""#,
                r#""1","k","1e308","1","1","1","1""#,
            ],
        );
        assert!(matches!(
            read_profile("k.csv", &huge),
            Err(ProfileError::NotNumeric { row: 4, .. })
        ));
    }

    #[test]
    fn text_that_is_no_profile_is_named() {
        assert_eq!(
            read_profile("a/e.csv", ""),
            Err(ProfileError::Empty {
                file: "e.csv".into()
            })
        );
        assert_eq!(
            read_profile("e.csv", "==PROF== Connected\n\n  \n==WARNING== none\n"),
            Err(ProfileError::Empty {
                file: "e.csv".into()
            })
        );
        let e = read_profile("t.csv", "name,value\nx,1\n");
        match e {
            Err(e @ ProfileError::UnknownFormat { .. }) => {
                let m = e.to_string();
                assert!(m.starts_with("t.csv: `name,value`"), "{m}");
                assert!(m.contains("ncu --csv --page raw") && m.contains("nvprof --csv --metrics"));
            }
            other => panic!("{other:?}"),
        }
    }

    const NVPROF_HEADER: &str =
        r#""Device","Kernel","Invocations","Metric Name","Metric Description","Min","Max","Avg""#;

    fn nvprof(rows: &[&str]) -> String {
        let mut text = format!("==1== Metric result:\n{NVPROF_HEADER}\n");
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        text
    }

    #[test]
    fn nvprof_totals_are_avg_times_invocations() {
        let text = nvprof(&[
            r#""D (0)","k",4,"l2_read_transactions","L2 Read Transactions",1,3,2.5"#,
            r#""D (0)","k",4,"l2_write_transactions","L2 Write Transactions",1,1,1"#,
            r#""D (0)","k",4,"dram_read_transactions","DRAM",1,1,1"#,
            r#""D (0)","k",4,"dram_write_transactions","DRAM",n/a,n/a,n/a"#,
            r#""D (0)","j",1,"dram_write_transactions","DRAM",2,2,2"#,
        ]);
        let t = read_profile("n.csv", &text).expect("reads");
        assert_eq!(t.format, ProfileFormat::Nvprof);
        assert_eq!(t.kernels, 5);
        assert_eq!(t.l2_read_sectors, 10.0);
        assert_eq!(t.l2_write_sectors, 4.0);
        assert_eq!(t.dram_read_bytes, 4.0 * 32.0);
        assert_eq!(t.dram_write_bytes, 2.0 * 32.0);
        assert_eq!(t.skipped_cells, 1);
        assert_eq!(t.duration_s, None);
    }

    #[test]
    fn nvprof_needs_its_four_metrics_and_whole_invocations() {
        let text = nvprof(&[r#""D","k",1,"l2_read_transactions","L2",1,1,1"#]);
        match read_profile("n.csv", &text) {
            Err(e @ ProfileError::MissingMetric { .. }) => {
                let m = e.to_string();
                assert!(m.contains("`l2_write_transactions`"), "{m}");
                assert!(m.contains("add it to nvprof --metrics"), "{m}");
            }
            other => panic!("{other:?}"),
        }
        let text = nvprof(&[r#""D","k",1.5,"l2_read_transactions","L2",1,1,1"#]);
        match read_profile("n.csv", &text) {
            Err(ProfileError::NotNumeric {
                metric, row, value, ..
            }) => {
                assert_eq!(
                    (metric.as_str(), row, value.as_str()),
                    ("Invocations", 3, "1.5")
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_profile("n.csv", &nvprof(&[])),
            Err(ProfileError::NoKernels { .. })
        ));
    }
}
