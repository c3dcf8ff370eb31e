//! The user's own GPU profile as the workload: an Nsight Compute or nvprof CSV picked, dropped on
//! its box or pasted, read by the core's reader ([`nvmcalc::gpu::profile::read_profile`]) and
//! summed into a [`ProfileRun`] on the GPU the user names (the file does not say). The run joins
//! the scenario (`prof=` in the link carries its summed numbers, not the file).

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::gpu::profile::{read_profile, ProfileRun};
use nvmcalc::units::Time;
use nvmcalc::{Library, Scenario};
use wasm_bindgen::JsCast;

/// The largest profile read (bytes): a per-kernel ncu CSV of a large network is a few MB.
pub const MAX_PROFILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// The metrics an Nsight Compute profile needs, as the `--metrics` list.
const NCU_METRICS: &str = "lts__t_sectors_srcunit_tex_op_read.sum,lts__t_sectors_srcunit_tex_op_write.sum,dram__bytes_read.sum,dram__bytes_write.sum,gpu__time_duration.sum,lts__t_sectors_srcunit_tex_op_atom.sum,lts__t_sectors_srcunit_tex_op_red.sum";

/// Reads `text` (the file `name`) as a profile taken on `gpu`, with the run time `time_ms` if
/// given, and makes it the scenario's workload. The message says what was read, or why not.
pub fn read_into(
    library: &Library,
    scenario: RwSignal<Scenario>,
    name: &str,
    text: &str,
    gpu: &str,
    time_ms: &str,
) -> Result<String, String> {
    let Some(g) = library.gpu(gpu) else {
        return Err(format!(
            "GPU: choose the GPU the profile was taken on (the file does not say); accepted: {}",
            library.gpu_ids()
        ));
    };
    let time = match time_ms.trim() {
        "" => None,
        t => match t.parse::<f64>() {
            Ok(ms) if ms.is_finite() && ms > 0.0 => Some(Time::from_s(ms * 1e-3)),
            _ => {
                let shown: String = t.chars().take(40).collect();
                return Err(format!(
                    "Run time (ms) = {shown}: accepted: a number of milliseconds above 0, or blank \
                     for the file's summed durations"
                ));
            }
        },
    };
    let totals = read_profile(name, text).map_err(|e| e.to_string())?;
    let run = ProfileRun::new(&totals, name, &g.id, time).map_err(|e| e.to_string())?;
    let message = format!(
        "Read {} ({} {}): {:.4e} L2 reads and {:.4e} writes (with {:.0} atomic and reduction \
         sectors), {:.4e} B read and {:.4e} B written in DRAM, run time {:.4} ms; on {}.",
        run.file,
        run.kernels,
        if totals.format == nvmcalc::gpu::profile::ProfileFormat::NcuRange {
            "ranges"
        } else {
            "kernels"
        },
        run.l2_read_sectors,
        run.l2_write_sectors,
        run.rmw_sectors,
        run.dram_read_bytes,
        run.dram_write_bytes,
        run.run_time.ms(),
        g.name
    );
    scenario.update(|s| {
        s.profile = Some(run);
        s.network = None;
    });
    Ok(message)
}

/// The profile box: GPU, run time, a file (picked or dropped on the box) or pasted text.
#[component]
pub(crate) fn ProfileImport(
    library: Arc<Library>,
    scenario: RwSignal<Scenario>,
    shown: Signal<bool>,
) -> impl IntoView {
    let gpu = RwSignal::new(scenario.with_untracked(|s| {
        s.profile
            .as_ref()
            .map(|p| p.gpu.clone())
            .unwrap_or_default()
    }));
    let time_ms = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<String, String>>);

    let gpu_options = library
        .gpus
        .iter()
        .map(|g| {
            let id = g.id.clone();
            let selected = {
                let id = id.clone();
                move || gpu.with(|x| *x == id)
            };
            view! { <option value=id prop:selected=selected>{g.name.clone()}</option> }
        })
        .collect_view();

    let lib = library.clone();
    let read_file = move |file: web_sys::File| {
        let name = file.name();
        if file.size() > MAX_PROFILE_BYTES {
            status.set(Some(Err(format!(
                "{name}: {} bytes; profiles are limited to {MAX_PROFILE_BYTES} bytes",
                file.size()
            ))));
            return;
        }
        let lib = lib.clone();
        leptos::task::spawn_local(async move {
            let line = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(v) => read_into(
                    &lib,
                    scenario,
                    &name,
                    &v.as_string().unwrap_or_default(),
                    &gpu.get_untracked(),
                    &time_ms.get_untracked(),
                ),
                Err(_) => Err(format!("{name}: the file could not be read")),
            };
            status.set(Some(line));
        });
    };
    let read_picked = read_file.clone();
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(f) = input.files().and_then(|f| f.get(0)) {
            read_picked(f);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        // The page imports files dropped elsewhere as cells: this drop is the profile's.
        ev.stop_propagation();
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            read_file(f);
        }
    };
    let lib = library.clone();
    let read_pasted = move |_| {
        let line = text.with_untracked(|t| {
            read_into(
                &lib,
                scenario,
                "pasted.csv",
                t,
                &gpu.get_untracked(),
                &time_ms.get_untracked(),
            )
        });
        status.set(Some(line));
    };
    let in_use = move || {
        scenario.with(|s| {
            s.profile.as_ref().map(|p| {
                format!(
                    "In use: {} on {} ({:.4} ms). The link carries its summed numbers, not the file.",
                    p.file,
                    p.gpu,
                    p.run_time.ms()
                )
            })
        })
    };

    view! {
        <div id="profile-settings" class:hidden=move || !shown.get()>
            <p class="hint">
                "A CSV of your own run, summed over its kernels: Nsight Compute "
                <code>"ncu --csv --page raw --cache-control none --clock-control none --metrics "{NCU_METRICS}</code>
                " (per kernel, or with --replay-mode app-range), or nvprof "
                <code>"--csv --metrics l2_read_transactions,l2_write_transactions,dram_read_transactions,dram_write_transactions"</code>
                ". Without --cache-control none --clock-control none the DRAM traffic and durations are not a real run's. Atomics and reductions count as one read and one write of the L2."
            </p>
            <label class="field">
                "GPU it was taken on"
                <select id="profile-gpu" on:change=move |ev| gpu.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || gpu.with(String::is_empty)>"— choose —"</option>
                    {gpu_options}
                </select>
            </label>
            <label class="field">
                "Run time (ms; blank: the file's summed durations)"
                <input type="text" inputmode="decimal" id="profile-time" prop:value=move || time_ms.get() on:change=move |ev| time_ms.set(event_target_value(&ev)) />
            </label>
            <div
                id="profile-drop"
                class="drop-zone"
                on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <label class="field">
                    "Profile CSV (pick, or drop it here)"
                    <input type="file" id="profile-file" accept=".csv,text/csv,text/plain" on:change=on_file />
                </label>
            </div>
            <label class="field">
                "…or paste the CSV"
                <textarea id="profile-text" rows="4" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <button type="button" id="profile-read" on:click=read_pasted>"Use the pasted profile"</button>
            <div role="status">
                {move || status.get().map(|line| match line {
                    Ok(m) => view! { <p class="hint" id="profile-status">{m}</p> }.into_any(),
                    Err(e) => view! { <p class="field-error" role="alert" id="profile-error">{e}</p> }.into_any(),
                })}
                {move || in_use().map(|m| view! { <p class="hint" id="profile-in-use">{m}</p> })}
            </div>
        </div>
    }
}
