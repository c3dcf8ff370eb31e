//! `nvmcalc` — the command-line face of the model core: reads presets from disk, runs comparisons and
//! prints tables, JSON or CSV. With no arguments it compares the default scenario (the one the page
//! opens with).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use nvmcalc::outcome::OutcomeError;
use nvmcalc::study::reproduce::ReproduceError;

use clap::{Parser, Subcommand, ValueEnum};

use nvmcalc::circuit::cell::CellSpec;
use nvmcalc::design::import::import_custom_cell;
use nvmcalc::format::{sig, time_label};
use nvmcalc::input::{percent_decode, percent_encode, MAX_FILE_BYTES};
use nvmcalc::library::{Index, PresetBundle, INDEX_FILE, SCHEMA_VERSION};
use nvmcalc::scenario::param::{self, ParamId};
use nvmcalc::scenario::{CustomCell, MAX_CUSTOM_CELLS, MAX_TECHNOLOGIES};
use nvmcalc::{Library, Scenario};

#[derive(Parser, Debug)]
#[command(
    name = "nvmcalc",
    version,
    about = "SRAM vs non-volatile last-level caches for deep-learning workloads",
    long_about = "Compares SRAM, STT-MRAM, SOT-MRAM, ReRAM, PCM … last-level caches on deep-learning workloads: \
                  energy, delay, EDP, EDAP and area, normalised to a baseline. With no subcommand, runs \
                  `compare` on the default scenario."
)]
struct Cli {
    /// Folder holding index.toml and the preset files [default: $NVMCALC_PRESETS, ./presets, or the
    /// presets folder of the source tree this binary was built from].
    #[arg(long, global = true, value_name = "DIR")]
    presets: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

// Parsed once per run: the size of `CompareArgs` does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// Compares technologies on a workload, normalised to a baseline: iso-capacity (default),
    /// iso-area or scalability (`--analysis`); a network workload (`--net`) runs through the
    /// traffic model on a GPU. `--analysis details` shows each cell's designed cache instead.
    Compare(CompareArgs),
    /// The scalability sweep (L2 capacity 1 MiB to 512 MiB) of a network workload: `compare`
    /// with `--analysis scaling`.
    Sweep(CompareArgs),
    /// Reproduces a published study's headline numbers beside ours.
    Reproduce(ReproduceArgs),
    /// Lists the loaded technology (cache and cell) and workload presets, with the cells' sources.
    List,
    /// Runs an NVSim configuration file (and the .cell it names, relative to it) through the
    /// circuit model and prints the design as JSON.
    Nvsim(NvsimArgs),
    /// The workload level alone: a network on a GPU with an L2 of some capacity → L2 sectors
    /// read and written, DRAM bytes read and written, and the execution time.
    Traffic(TrafficArgs),
    /// The traffic model against every measured workload preset: model ÷ measured per quantity,
    /// the median |error| and the share within ±25 %.
    ValidateTraffic(ValidateArgs),
    /// Prints the presets folder as one JSON bundle (the page's `presets.json`, written by
    /// tools/build-web.sh) after loading it, so that a bad preset fails the build.
    #[command(hide = true)]
    Bundle,
}

#[derive(clap::Args, Debug)]
struct TrafficArgs {
    /// Network preset id (`nvmcalc list` shows them).
    #[arg(long)]
    net: String,
    /// inference or training [default: inference].
    #[arg(long)]
    phase: Option<String>,
    /// Samples per step [default: 32].
    #[arg(long)]
    batch: Option<String>,
    /// Tokens per sequence for token networks [default: the network's].
    #[arg(long)]
    seq: Option<String>,
    /// LLM decode steps after the prompt [default: none].
    #[arg(long)]
    decode: Option<String>,
    /// Bytes per element: 1, 2 (FP16) or 4 (FP32) [default: 2].
    #[arg(long)]
    elem: Option<String>,
    /// GPU preset id [default: the default GPU].
    #[arg(long)]
    gpu: Option<String>,
    /// L2 capacity in MiB [default: the GPU's own L2].
    #[arg(long, value_name = "MiB")]
    l2_mib: Option<f64>,
    /// Print every kernel's traffic too.
    #[arg(long)]
    kernels: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args, Debug)]
struct ValidateArgs {
    /// Only these measured workload ids (comma-separated) [default: every one].
    #[arg(long)]
    only: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args, Debug)]
struct ReproduceArgs {
    /// The study: `deepnvm` (DeepNVM++, Inci et al., IEEE TCAD 2022).
    #[arg(value_enum)]
    study: Study,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Study {
    Deepnvm,
}

#[derive(clap::Args, Debug)]
struct NvsimArgs {
    /// The NVSim .cfg file.
    #[arg(value_name = "PATH.cfg")]
    cfg: PathBuf,
    /// Leave out the per-component breakdown.
    #[arg(long)]
    brief: bool,
}

#[derive(clap::Args, Clone, Debug, Default)]
struct CompareArgs {
    /// A scenario as a share-link query (`v=1&tech=a,b&base=a&wl=w&delay=access`), or a whole link;
    /// the options below override its parts.
    #[arg(long, value_name = "QUERY")]
    scenario: Option<String>,
    /// Technology ids, comma-separated: cache-characterisation presets and/or cell presets (a
    /// cell is built into the cache the options below describe).
    #[arg(long, value_name = "IDS")]
    tech: Option<String>,
    /// Baseline technology id (one of --tech).
    #[arg(long, value_name = "ID")]
    baseline: Option<String>,
    /// Workload preset id (L2 access counts); `--net` runs a network instead.
    #[arg(long, value_name = "ID")]
    workload: Option<String>,
    /// Analysis: iso_capacity, iso_area (each cell's largest L2 in the baseline's area),
    /// scaling (1 MiB to 512 MiB) or details (each cell's cache: the organisation of its data
    /// and tag arrays and their latency, energy, leakage and area by component) or workloads
    /// (iso-capacity on several networks, --nets); iso_area and scaling need --net and cell
    /// presets, details cell presets only, workloads --net [default: iso_capacity; `sweep`:
    /// scaling].
    #[arg(long, value_name = "AN")]
    analysis: Option<String>,
    /// Network preset id: run it through the traffic model on --gpu instead of --workload.
    #[arg(long, value_name = "ID", help_heading = "Network workload")]
    net: Option<String>,
    /// inference or training [default: inference].
    #[arg(long, value_name = "PHASE", help_heading = "Network workload")]
    phase: Option<String>,
    /// Samples per step, 1-65536 [default: 32].
    #[arg(long, value_name = "N", help_heading = "Network workload")]
    batch: Option<String>,
    /// Tokens per sequence for token networks [default: the network's].
    #[arg(long, value_name = "N", help_heading = "Network workload")]
    seq: Option<String>,
    /// LLM decode steps after the prompt [default: none, prefill only].
    #[arg(long, value_name = "N", help_heading = "Network workload")]
    decode: Option<String>,
    /// Bytes per element: 1, 2 (FP16) or 4 (FP32) [default: 2].
    #[arg(long, value_name = "BYTES", help_heading = "Network workload")]
    elem: Option<String>,
    /// GPU preset id [default: gtx_1080_ti].
    #[arg(long, value_name = "ID", help_heading = "Network workload")]
    gpu: Option<String>,
    /// With --analysis workloads: the networks compared, network preset ids comma-separated
    /// (at most 12); each runs the phase, batch, element size and GPU of --net [default: every
    /// network preset].
    #[arg(long, value_name = "IDS", help_heading = "Network workload")]
    nets: Option<String>,
    /// Which time is the delay in EDP: the summed L2 access time or the execution time.
    #[arg(long, value_enum)]
    delay: Option<DelayArg>,
    /// Which energies count in EDP: `l2_dram` (the L2's dynamic and leakage energy plus the DRAM
    /// energy of its misses) or `l2` (the L2's own energy, a cache-level comparison) [default: l2_dram].
    #[arg(long, value_name = "SCOPE")]
    energy: Option<String>,
    /// The time the L2's leakage is paid over: `run` (the execution time) or `access` (the summed
    /// access time, DeepNVM-style cache-level accounting) [default: run].
    #[arg(long, value_name = "PERIOD")]
    leak: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Cache for cell presets: total capacity in MiB, decimals allowed [default: 4].
    #[arg(long, value_name = "MIB", help_heading = "Cache for cell presets")]
    capacity_mib: Option<String>,
    /// Identical slices (a GPU L2); sets per slice must be a power of two [default: 1].
    #[arg(long, value_name = "N", help_heading = "Cache for cell presets")]
    slices: Option<String>,
    /// Layout: `sliced` (the slices are separate caches, the GPU way) or `monolithic` (one cache
    /// of the whole capacity with any whole number of sets, the NVSim way; slices then only set
    /// the iso-area step) [default: sliced].
    #[arg(long, value_name = "LAYOUT", help_heading = "Cache for cell presets")]
    layout: Option<String>,
    /// Associativity (ways) [default: 16].
    #[arg(long, value_name = "WAYS", help_heading = "Cache for cell presets")]
    assoc: Option<String>,
    /// Line size in bytes, a power of two [default: 128].
    #[arg(long, value_name = "BYTES", help_heading = "Cache for cell presets")]
    line_bytes: Option<String>,
    /// Sector: the bytes one access reads or writes, a power of two up to the line (a GPU L2
    /// moves 32 B sectors; the line size for an unsectored cache) [default: 32].
    #[arg(long, value_name = "BYTES", help_heading = "Cache for cell presets")]
    sector_bytes: Option<String>,
    /// Access mode: normal, sequential or fast [default: normal].
    #[arg(long, value_name = "MODE", help_heading = "Cache for cell presets")]
    access_mode: Option<String>,
    /// Process node for every cell: a size in nm (22) or a node preset id (nvsim_22nm, stock
    /// NVSim's own tables) [default: each cell's own, CACTI's tables first].
    #[arg(long, value_name = "NM|ID", help_heading = "Cache for cell presets")]
    node_nm: Option<String>,
    /// Periphery roadmap: hp, lstp or lop [default: hp].
    #[arg(long, value_name = "RM", help_heading = "Cache for cell presets")]
    roadmap: Option<String>,
    /// Temperature in K, 300-400 [default: 350].
    #[arg(long, value_name = "K", help_heading = "Cache for cell presets")]
    temperature_k: Option<String>,
    /// What the organisation search minimises: read_latency, write_latency, read_energy,
    /// write_energy, read_edp, write_edp, leakage, area, edap [default: edap].
    #[arg(long, value_name = "OBJ", help_heading = "Cache for cell presets")]
    objective: Option<String>,
    /// An NVSim .cell file to compare as a custom technology (repeatable); its id is the file
    /// name without .cell, lower-cased, other characters replaced by `_`. It is added to the
    /// compared technologies; the share link carries it as its changes from the nearest cell
    /// preset.
    #[arg(
        long,
        value_name = "PATH.cell",
        help_heading = "Cache for cell presets"
    )]
    cell: Vec<PathBuf>,
    /// Your own GPU profile as the workload: an Nsight Compute CSV (`ncu --csv --page raw`, with
    /// the metrics the README lists) or an nvprof metrics CSV, summed over its kernels. Needs
    /// `--gpu` (the GPU it was taken on: the file does not say).
    #[arg(long, value_name = "PATH.csv", help_heading = "Your own profile")]
    profile: Option<PathBuf>,
    /// The run's wall time in ms for `--profile` [default: the file's summed duration].
    #[arg(long, value_name = "MS", help_heading = "Your own profile")]
    run_time_ms: Option<f64>,
}

impl CompareArgs {
    /// The options that set link parameters, as (parameter, value as typed) in the order they
    /// join the query.
    fn link_options(&self) -> Vec<(ParamId, String)> {
        use nvmcalc::design::config::ConfigField as F;
        let delay = self.delay.map(|d| match d {
            DelayArg::Access => "access",
            DelayArg::Execution => "execution",
        });
        let typed = [
            (ParamId::Technologies, self.tech.as_deref()),
            (ParamId::Baseline, self.baseline.as_deref()),
            (ParamId::Workload, self.workload.as_deref()),
            (ParamId::Delay, delay),
        ];
        let encoded = [
            (ParamId::Cache(F::Capacity), &self.capacity_mib),
            (ParamId::Cache(F::Slices), &self.slices),
            (ParamId::Cache(F::Layout), &self.layout),
            (ParamId::Cache(F::Associativity), &self.assoc),
            (ParamId::Cache(F::Line), &self.line_bytes),
            (ParamId::Cache(F::Sector), &self.sector_bytes),
            (ParamId::Cache(F::AccessMode), &self.access_mode),
            (ParamId::Cache(F::Node), &self.node_nm),
            (ParamId::Cache(F::Roadmap), &self.roadmap),
            (ParamId::Cache(F::Temperature), &self.temperature_k),
            (ParamId::Cache(F::Objective), &self.objective),
            (ParamId::Energy, &self.energy),
            (ParamId::Leakage, &self.leak),
            (ParamId::Network, &self.net),
            (ParamId::Phase, &self.phase),
            (ParamId::Batch, &self.batch),
            (ParamId::SeqLen, &self.seq),
            (ParamId::DecodeTokens, &self.decode),
            (ParamId::ElementBytes, &self.elem),
            (ParamId::Gpu, &self.gpu),
            (ParamId::Analysis, &self.analysis),
            (ParamId::Networks, &self.nets),
        ];
        let typed = typed
            .into_iter()
            .filter_map(|(id, v)| v.map(|v| (id, v.to_string())));
        let encoded = encoded
            .into_iter()
            .filter_map(|(id, v)| v.clone().map(|v| (id, v)));
        typed.chain(encoded).collect()
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DelayArg {
    Access,
    Execution,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// Why a command failed. The core's errors stay typed up to here; every error becomes text only
/// in [`main`].
#[derive(Debug, thiserror::Error)]
enum CliError {
    /// The scenario's analysis could not run.
    #[error(transparent)]
    Outcome(#[from] OutcomeError),
    /// The reproduction could not run.
    #[error(transparent)]
    Reproduce(#[from] ReproduceError),
    /// Files, the presets folder and the command line's own checks, worded where they were found
    /// (each names the file, option or value and what is accepted).
    #[error("{0}")]
    Input(String),
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError::Input(message)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", e.to_string().trim_end());
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<String, CliError> {
    let dir = presets_dir(cli.presets.as_deref())?;
    let (library, bundle) = load(&dir)?;
    match cli
        .command
        .unwrap_or(Command::Compare(CompareArgs::default()))
    {
        Command::Compare(args) => compare(&library, &args),
        Command::Sweep(mut args) => {
            if args.analysis.is_none() {
                args.analysis = Some("scaling".into());
            }
            compare(&library, &args)
        }
        Command::Reproduce(args) => reproduce(&library, &args),
        Command::List => Ok(list(&library)),
        Command::Nvsim(args) => nvsim(&library, &args),
        Command::Traffic(args) => traffic(&library, &args),
        Command::ValidateTraffic(args) => validate_traffic(&library, &args),
        Command::Bundle => Ok(bundle.to_json() + "\n"),
    }
}

/// `nvmcalc traffic`: the traffic model alone. The network options are read as the link's
/// parameters are (one table, the same checks and messages).
fn traffic(library: &Library, args: &TrafficArgs) -> Result<String, CliError> {
    let compare = CompareArgs {
        net: Some(args.net.clone()),
        phase: args.phase.clone(),
        batch: args.batch.clone(),
        seq: args.seq.clone(),
        decode: args.decode.clone(),
        elem: args.elem.clone(),
        gpu: args.gpu.clone(),
        ..CompareArgs::default()
    };
    let scenario = scenario(library, &compare)?;
    let spec = scenario
        .network
        .ok_or_else(|| format!("--net {}: no network preset has this id", args.net))?;
    let l2_bytes = match args.l2_mib {
        None => None,
        Some(mib) if mib.is_finite() && (1.0 / 1024.0..=1_048_576.0).contains(&mib) => {
            Some((mib * 1_048_576.0).round() as u64)
        }
        Some(mib) => {
            return Err(CliError::Input(format!(
                "--l2-mib {mib}: accepted: a number of MiB from 0.0009765625 (1 KiB) to 1048576"
            )))
        }
    };
    let r = nvmcalc::study::traffic::traffic_report(library, &spec, l2_bytes, args.kernels)
        .map_err(OutcomeError::from)?;
    Ok(match args.format {
        Format::Table => r.to_text(),
        Format::Json => r.to_json() + "\n",
        Format::Csv => r.to_csv(),
    })
}

/// `--profile PATH --gpu ID [--run-time-ms MS]`: the user's profile, summed.
fn profile_workload(
    library: &Library,
    args: &CompareArgs,
    path: &Path,
) -> Result<nvmcalc::gpu::profile::ProfileRun, CliError> {
    let name = path.display().to_string();
    if args.net.is_some() || args.workload.is_some() || args.nets.is_some() {
        return Err(CliError::Input(format!(
            "--profile {name}: the profile is the workload; leave out --net, --nets and --workload"
        )));
    }
    let gpus = || library.gpu_ids();
    let Some(gpu_id) = args.gpu.as_deref() else {
        return Err(CliError::Input(format!(
            "--profile {name}: give --gpu, the GPU it was taken on (the file does not say); \
             accepted: {}",
            gpus()
        )));
    };
    let gpu = library.gpu(gpu_id).ok_or_else(|| {
        CliError::Input(format!(
            "--gpu {gpu_id}: not a loaded GPU preset; accepted: {}",
            gpus()
        ))
    })?;
    let text = read(path)?;
    let totals = nvmcalc::gpu::profile::read_profile(&name, &text).map_err(|e| e.to_string())?;
    let run_time = args
        .run_time_ms
        .map(|ms| nvmcalc::units::Time::from_s(ms * 1e-3));
    Ok(
        nvmcalc::gpu::profile::ProfileRun::new(&totals, &name, &gpu.id, run_time)
            .map_err(|e| e.to_string())?,
    )
}

/// `nvmcalc validate-traffic`: the model beside every measured workload.
fn validate_traffic(library: &Library, args: &ValidateArgs) -> Result<String, CliError> {
    let only: Vec<String> = args
        .only
        .as_deref()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect())
        .unwrap_or_default();
    for id in &only {
        if library.measured(id).is_none() {
            return Err(CliError::Input(format!(
                "--only {id}: no measured workload preset has this id; loaded: {}",
                library.measured_ids()
            )));
        }
    }
    if library.measured.is_empty() {
        return Err(CliError::Input(
            "no measured workload presets are loaded (index.toml `measured = [...]`)".into(),
        ));
    }
    let r = nvmcalc::study::traffic::validate(library, &only).map_err(OutcomeError::from)?;
    Ok(match args.format {
        Format::Table => r.to_text(),
        Format::Json => r.to_json() + "\n",
        Format::Csv => r.to_csv(),
    })
}

/// `nvmcalc nvsim PATH.cfg`: the design NVSim's configuration describes, as JSON.
fn nvsim(library: &Library, args: &NvsimArgs) -> Result<String, CliError> {
    let cfg_name = args.cfg.display().to_string();
    let cfg_text = read(&args.cfg)?;
    let cfg = nvmcalc::nvsim::format::parse_cfg(&cfg_name, &cfg_text).map_err(|e| e.to_string())?;
    let cell_path = PathBuf::from(
        cfg.cell_path_beside(&cfg_name)
            .map_err(|e| format!("{cfg_name}: {e}"))?,
    );
    // The cell file must lie inside the .cfg's folder, links resolved.
    let folder = args
        .cfg
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let inside = match (fs::canonicalize(folder), fs::canonicalize(&cell_path)) {
        (Ok(f), Ok(c)) => c.starts_with(f),
        _ => true, // not there: read() below names the problem
    };
    if !inside {
        return Err(CliError::Input(format!(
            "{cfg_name}: -MemoryCellInputFile: {}: the cell file must be inside the .cfg's folder \
             (a link there leads outside it)",
            cfg.cell_file()
        )));
    }
    let cell_text = read(&cell_path).map_err(|e| {
        format!(
            "{cfg_name}: -MemoryCellInputFile names {}, which cannot be read ({e})",
            cfg.cell_file()
        )
    })?;
    // The cell file was named by the .cfg, not by the user: its lines are never echoed.
    let cell =
        nvmcalc::nvsim::runner::import_cell_quietly(&cell_path.display().to_string(), &cell_text)
            .map_err(|e| format!("{cfg_name}: -MemoryCellInputFile: {e}"))?;
    let design = nvmcalc::nvsim::runner::run(&cfg, &cell, &library.nodes)
        .map_err(|e| format!("{cfg_name}: {e}"))?;
    let mut json = nvmcalc::nvsim::runner::design_json(&design);
    if args.brief {
        strip_breakdown(&mut json);
    }
    Ok(serde_json::to_string_pretty(&json)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())?)
}

fn strip_breakdown(v: &mut serde_json::Value) {
    if let serde_json::Value::Object(map) = v {
        map.remove("breakdown");
        for (_, child) in map.iter_mut() {
            strip_breakdown(child);
        }
    }
}

/// Where the presets are: the option, `$NVMCALC_PRESETS`, `./presets`, or the source tree's folder.
fn presets_dir(option: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = option {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("NVMCALC_PRESETS") {
        return Ok(PathBuf::from(dir));
    }
    let here = PathBuf::from("presets");
    if here.join(INDEX_FILE).is_file() {
        return Ok(here);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    if built.join(INDEX_FILE).is_file() {
        return Ok(built);
    }
    Err("no presets folder found: pass --presets DIR (the folder holding index.toml) or set NVMCALC_PRESETS".into())
}

/// Reads a text file the user named (or a preset): only a regular file (not a FIFO, a device or a
/// folder), and never more than [`MAX_FILE_BYTES`] + 1 bytes, whatever its metadata says.
fn read(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let shown = path.display();
    let meta = fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "{shown}: not a regular file; give a text file (a preset, a profile, an NVSim .cfg or .cell)"
        ));
    }
    let file = fs::File::open(path).map_err(|e| format!("{shown}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown}: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{shown}: file is larger than {MAX_FILE_BYTES} bytes, the limit for input files"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not UTF-8 text (byte {} is not valid UTF-8); give a text file",
            e.utf8_error().valid_up_to()
        )
    })
}

fn load(dir: &Path) -> Result<(Library, PresetBundle), String> {
    let index_text = read(&dir.join(INDEX_FILE))?;
    let index = Index::parse(&index_text).map_err(|e| format!("in {}:\n{e}", dir.display()))?;
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for path in index.files() {
        match read(&dir.join(path)) {
            Ok(text) => files.push((path.to_string(), text)),
            Err(e) => unreadable.push(e),
        }
    }
    match Library::load(&index, &files) {
        Ok(library) => Ok((
            library,
            PresetBundle {
                schema: SCHEMA_VERSION,
                index: index_text,
                files,
            },
        )),
        Err(e) => {
            let mut msg = format!("in {}:\n{e}", dir.display());
            for u in unreadable {
                msg.push_str(&format!("  ({u})\n"));
            }
            Err(msg)
        }
    }
}

/// Builds the scenario through the same URL codec the page uses; every notice is an error here.
/// The pairs of `--scenario` are kept as written; each option replaces the pairs of its key and
/// joins percent-encoded (UTF-8), so that no option's text can set another key.
fn scenario(library: &Library, args: &CompareArgs) -> Result<Scenario, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(s) = &args.scenario {
        // Accept a whole link as well as a bare query.
        let q = s.split_once('?').map(|(_, q)| q).unwrap_or(s);
        let q = q.split('#').next().unwrap_or("");
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let key = percent_decode(pair.split_once('=').map_or(pair, |(k, _)| k));
            pairs.push((key, pair.to_string()));
        }
    }
    for (id, value) in args.link_options() {
        let key = param::by_id(id).key;
        pairs.retain(|(k, _)| k != key);
        pairs.push((key.to_string(), format!("{key}={}", percent_encode(&value))));
    }
    let query = pairs
        .into_iter()
        .map(|(_, pair)| pair)
        .collect::<Vec<_>>()
        .join("&");
    let decoded = Scenario::from_query(&query, library);
    if let Some(study) = decoded.study {
        // A page view, not a scenario: refused rather than silently dropped.
        return Err(format!(
            "--scenario: URL parameter `{}` = `{}` opens {} on the page, above the calculator; \
             this command compares one scenario: run `nvmcalc reproduce {}` for the study, or \
             leave `{}` out of the link",
            param::by_id(ParamId::Study).key,
            study.word(),
            study.label(),
            study.word(),
            param::by_id(ParamId::Study).key,
        ));
    }
    if decoded.notices.is_empty() {
        Ok(decoded.scenario)
    } else {
        let lines: Vec<String> = decoded
            .notices
            .iter()
            .map(|n| {
                // A key no option sets (`v`, `cell`, `embed`, an unknown one) came from the link.
                let option = param::by_key(&n.key)
                    .and_then(|p| p.flag)
                    .unwrap_or("--scenario");
                format!("  {option}: {n}")
            })
            .collect();
        Err(format!(
            "the scenario has {} problem(s):\n{}",
            lines.len(),
            lines.join("\n")
        ))
    }
}

/// Reads the `--cell` files and imports them as custom cells with ids from their file names.
fn import_cells(library: &Library, paths: &[PathBuf]) -> Result<Vec<CellSpec>, String> {
    if paths.len() > MAX_CUSTOM_CELLS {
        return Err(format!(
            "--cell: {} files given; at most {MAX_CUSTOM_CELLS} custom cells, as in a link",
            paths.len()
        ));
    }
    let mut cells: Vec<CellSpec> = Vec::new();
    for path in paths {
        let text = read(path)?;
        let taken: Vec<&str> = library
            .technology_ids()
            .chain(cells.iter().map(|c| c.id.as_str()))
            .collect();
        let cell = import_custom_cell(&path.display().to_string(), &text, &taken, None)
            .map_err(|e| format!("--cell: {e}"))?;
        cells.push(cell);
    }
    Ok(cells)
}

fn compare(library: &Library, args: &CompareArgs) -> Result<String, CliError> {
    let custom = import_cells(library, &args.cell)?;
    let profile = args
        .profile
        .as_ref()
        .map(|path| profile_workload(library, args, path))
        .transpose()?;
    // Imported cells join the library for this run (so `--tech` may name them) and the
    // compared technologies.
    let mut extended;
    let lib = if custom.is_empty() {
        library
    } else {
        extended = library.clone();
        extended.cells.extend(custom.iter().cloned());
        &extended
    };
    let mut args = args.clone();
    if profile.is_some() {
        // The GPU belongs to the profile, not to a network.
        args.gpu = None;
    }
    // A measured workload sets its GPU's own L2 unless the cache is given.
    let measured_gpu = args
        .net
        .as_deref()
        .and_then(|id| library.measured(id))
        .and_then(|m| library.gpu(&m.gpu));
    if let (Some(gpu), None, None) = (measured_gpu, &args.capacity_mib, &args.scenario) {
        args.capacity_mib = Some(format!("{}", gpu.l2_bytes as f64 / 1_048_576.0));
        if args.slices.is_none() {
            args.slices = Some(gpu.l2_slices.to_string());
        }
    }
    let args = &args;
    let mut scenario = scenario(lib, args)?;
    // The profile is the workload (the link carries its summed numbers).
    if profile.is_some() {
        scenario.profile = profile;
    }
    for c in &custom {
        if !scenario.technologies.contains(&c.id) {
            scenario.technologies.push(c.id.clone());
        }
    }
    if scenario.technologies.len() > MAX_TECHNOLOGIES {
        return Err(CliError::from(format!(
            "--tech and --cell: {} technologies; at most {MAX_TECHNOLOGIES} in one comparison",
            scenario.technologies.len()
        )));
    }
    let outcome = nvmcalc::outcome::run(lib, &scenario, &[])?;
    // The link carries each imported cell as its changes from the nearest cell preset.
    let mut unshareable = Vec::new();
    for c in &custom {
        match CustomCell::nearest(c, &library.cells) {
            Some(cc) if cc.to_link().len() <= 1500 => scenario.cells.push(cc),
            _ => unshareable.push(c.id.clone()),
        }
    }
    Ok(match args.format {
        Format::Table => {
            let mut s = outcome.to_text();
            match scenario.share_query(library) {
                Ok(query) => s.push_str(&format!("\nShare link query: ?{query}\n")),
                Err(e) => s.push_str(&format!("\nNo share link: {e}\n")),
            }
            if !unshareable.is_empty() {
                s.push_str(&format!(
                    "(not part of the link, too far from every cell preset: {})\n",
                    unshareable.join(", ")
                ));
            }
            if let Some(path) = &args.profile {
                s.push_str(&format!(
                    "(the link carries the profile's summed numbers, not the file {})\n",
                    path.display()
                ));
            }
            s
        }
        Format::Json => outcome.to_json() + "\n",
        Format::Csv => outcome.to_csv(),
    })
}

/// `nvmcalc reproduce deepnvm`: each headline number of the paper beside ours.
fn reproduce(library: &Library, args: &ReproduceArgs) -> Result<String, CliError> {
    let r = match args.study {
        Study::Deepnvm => nvmcalc::study::reproduce::deepnvm(library)?,
    };
    Ok(match args.format {
        Format::Table => r.to_text(),
        Format::Json => r.to_json() + "\n",
        Format::Csv => r.to_csv(),
    })
}

fn list(library: &Library) -> String {
    let mut out = String::from("Technologies (cache-characterisation presets):\n");
    for t in &library.technologies {
        out.push_str(&format!(
            "  {:<36} {:<9} {:>9}  {}\n",
            t.id,
            t.memory.label(),
            t.capacity.to_string(),
            t.name
        ));
    }
    let config = nvmcalc::design::config::CacheConfig::default();
    out.push_str(&format!(
        "\nTechnologies (cell presets, built by the circuit model into a cache; default: {}, \
         {} periphery, {} K, optimised for {}; change with --capacity-mib, --slices, --assoc, \
         --line-bytes, --access-mode, --node-nm, --roadmap, --temperature-k, --objective):\n",
        config.describe(),
        config.roadmap.word().to_uppercase(),
        config.temperature_k,
        config.objective.word(),
    ));
    for c in &library.cells {
        out.push_str(&format!(
            "  {:<36} {:<9} {:>9}  {}\n      source: {}\n",
            c.id,
            c.kind.label(),
            c.node_nm.map(|n| format!("{n} nm")).unwrap_or_default(),
            c.name,
            c.source
        ));
    }
    out.push_str("\nNetworks (--net; run through the traffic model on a GPU):\n");
    for n in &library.networks {
        out.push_str(&format!("  {:<36} {}\n", n.id, n.name));
    }
    out.push_str("\nGPUs (--gpu):\n");
    for g in &library.gpus {
        out.push_str(&format!(
            "  {:<36} L2 {:>5} KiB in {:>3} slices  {}\n",
            g.id,
            g.l2_bytes / 1024,
            g.l2_slices,
            g.name
        ));
    }
    out.push_str("\nWorkloads (--workload; L2 access counts):\n");
    for w in &library.workloads {
        out.push_str(&format!(
            "  {:<36} {:>9} reads {:>9} writes of {:>2} B, {:>9}  {}\n",
            w.id,
            sig(w.reads),
            sig(w.writes),
            w.access_bytes,
            time_label(w.execution_time.s()),
            w.name
        ));
    }
    let opening = &Scenario::opening(library);
    out.push_str(&format!(
        "\nOpening view (the page's, and `compare` with no scenario option): ?{}\n",
        opening.to_query(false)
    ));
    let d = &Scenario::default_for(library);
    out.push_str(&format!(
        "Link defaults (what a link's or the options' missing keys mean): ?{}\n",
        d.to_query(false)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Whatever text an option holds, it is one value of its own key: the scenario either
        /// takes it or reports exactly one problem, naming that key and that text.
        #[test]
        fn an_option_s_text_is_one_value(text in "[^,]{1,40}") {
            static LIBRARY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
            let library = LIBRARY.get_or_init(|| {
                load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("presets"))
                    .expect("the shipped presets load")
                    .0
            });
            // `--workload=TEXT`: a text that starts with `-` is then a value, not a flag.
            let option = format!("--workload={text}");
            let cli = Cli::try_parse_from(["nvmcalc", "compare", option.as_str()])
                .expect("any text parses as a value");
            let Some(Command::Compare(args)) = cli.command else { unreachable!() };
            match scenario(library, &args) {
                Ok(s) => prop_assert_eq!(s.workload, text),
                Err(e) => {
                    prop_assert!(e.starts_with("the scenario has 1 problem(s)"), "{}", e);
                    prop_assert!(e.contains("--workload: URL parameter `wl`"), "{}", e);
                    if !text.trim().is_empty() && text.chars().count() < 30 {
                        let shown = format!("`{text}`");
                        prop_assert!(e.contains(&shown), "{}", e);
                    }
                }
            }
        }
    }

    /// Each option the parameter table names is a `compare` option, and sets that parameter.
    #[test]
    fn the_table_s_options_set_their_parameters() {
        let mut all = vec!["nvmcalc".to_string(), "compare".to_string()];
        for p in param::PARAMS.iter() {
            let Some(flag) = p.flag else { continue };
            let args = ["nvmcalc", "compare", flag, p.example];
            let cli = Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{flag}: {e}"));
            let Some(Command::Compare(compare)) = cli.command else {
                unreachable!()
            };
            let given = compare.link_options();
            assert_eq!(given.len(), 1, "{flag}: {given:?}");
            assert_eq!(given[0].0, p.id, "{flag}");
            assert_eq!(given[0].1, p.example, "{flag}");
            all.extend([flag.to_string(), p.example.to_string()]);
        }
        // Every link option is in the table, once.
        let Some(Command::Compare(compare)) = Cli::try_parse_from(&all).unwrap().command else {
            unreachable!()
        };
        let ids: Vec<ParamId> = compare
            .link_options()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let flagged = param::PARAMS.iter().filter(|p| p.flag.is_some()).count();
        assert_eq!(ids.len(), flagged);
        for id in ids {
            assert!(param::by_id(id).flag.is_some(), "{id:?}");
        }
    }
}
