//! A user's profile in a share link (`prof=`): the summed numbers of a [`ProfileRun`], not the
//! file, so a result computed from a dropped file can be shared and recomputed.
//!
//! The value is `gpu~format~kernels~l2_read~l2_write~rmw~dram_read~dram_write~time_s~time~file`:
//! the GPU preset id, the format word (`ncu`, `ncu_range`, `nvprof`), the counts (sectors, bytes)
//! and the run time in seconds as shortest round-trip decimals, `given` or `file` for where the
//! time comes from, and the file's name (letters, digits, `.`, `_`, `-`).

use crate::gpu::profile::{label_file_name, ProfileRun, MAX_RUN_TIME_S, PROFILE_FORMATS};
use crate::library::Library;
use crate::units::Time;

/// The link value of `run`.
pub fn to_link(run: &ProfileRun) -> String {
    format!(
        "{}~{}~{}~{}~{}~{}~{}~{}~{}~{}~{}",
        run.gpu,
        run.format.word(),
        run.kernels,
        run.l2_read_sectors,
        run.l2_write_sectors,
        run.rmw_sectors,
        run.dram_read_bytes,
        run.dram_write_bytes,
        run.run_time.s(),
        if run.time_given { "given" } else { "file" },
        run.file
    )
}

/// Reads a link value back; the error says which part is wrong and what it accepts.
pub fn from_link(value: &str, library: &Library) -> Result<ProfileRun, String> {
    let parts: Vec<&str> = value.split('~').collect();
    if parts.len() != 11 {
        return Err(format!(
            "{} parts; accepted: gpu~format~kernels~l2_read~l2_write~rmw~dram_read~dram_write~\
             time_s~given|file~file_name (11 parts, written by the page or the CLI)",
            parts.len()
        ));
    }
    let gpu = parts[0];
    if library.gpu(gpu).is_none() {
        return Err(format!(
            "GPU `{gpu}` is not a loaded GPU preset; accepted: {}",
            library.gpu_ids()
        ));
    }
    let format = PROFILE_FORMATS
        .iter()
        .find(|(w, _)| *w == parts[1])
        .map(|(_, f)| *f)
        .ok_or_else(|| format!("format `{}`; accepted: ncu, ncu_range, nvprof", parts[1]))?;
    let kernels = parts[2]
        .parse::<u64>()
        .map_err(|_| format!("kernels `{}`: accepted: a whole number", parts[2]))?;
    let count = |i: usize, what: &str| -> Result<f64, String> {
        parts[i]
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0 && *v <= 1e21)
            .ok_or_else(|| format!("{what} `{}`: accepted: a number from 0 to 1e21", parts[i]))
    };
    let time_s = parts[8]
        .parse::<f64>()
        .ok()
        .filter(|t| t.is_finite() && *t > 0.0 && *t <= MAX_RUN_TIME_S)
        .ok_or_else(|| {
            format!(
                "run time `{}` s: accepted: a number of seconds above 0, at most {MAX_RUN_TIME_S}",
                parts[8]
            )
        })?;
    let time_given = match parts[9] {
        "given" => true,
        "file" => false,
        other => return Err(format!("`{other}`: accepted: given or file")),
    };
    let file = label_file_name(parts[10]);
    if file != parts[10] {
        return Err(format!(
            "file name `{}`: accepted: letters, digits, `.`, `_`, `-`, at most 64",
            crate::input::shorten(parts[10])
        ));
    }
    Ok(ProfileRun {
        file,
        gpu: gpu.to_string(),
        format,
        kernels,
        l2_read_sectors: count(3, "L2 read sectors")?,
        l2_write_sectors: count(4, "L2 write sectors")?,
        rmw_sectors: count(5, "atomic and reduction sectors")?,
        dram_read_bytes: count(6, "DRAM read bytes")?,
        dram_write_bytes: count(7, "DRAM write bytes")?,
        run_time: Time::from_s(time_s),
        time_given,
    })
}
