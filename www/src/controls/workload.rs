//! The workload controls: a count preset, or a network run on a GPU (phase, batch, sequence,
//! decode steps, element size). Numbers typed are checked as they are committed: a bad one is
//! named beside its field and the scenario keeps its last good value.

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::gpu::network::{Input, Phase, MAX_BATCH, MAX_DECODE_TOKENS, MAX_SEQ_LEN};
use nvmcalc::gpu::workload::DlWorkload;
use nvmcalc::scenario::{default_network, Analysis, ELEMENT_BYTES};
use nvmcalc::{Library, Scenario};

use crate::controls::profile::ProfileImport;
use crate::label::capacity_label;

/// The network preferred when the user first switches to a network workload.
const FIRST_NETWORK: &str = "resnet50";

/// One whole-number field of a network workload.
#[derive(Clone, Copy)]
struct WholeField {
    /// Element id (and the URL key).
    id: &'static str,
    label: &'static str,
    lo: u64,
    hi: u64,
    /// What a blank field means; `None` when the field is required.
    blank: Option<&'static str>,
    get: fn(&DlWorkload) -> Option<u64>,
    set: fn(&mut DlWorkload, Option<u64>),
}

const BATCH: WholeField = WholeField {
    id: "batch",
    label: "Batch (samples per step)",
    lo: 1,
    hi: MAX_BATCH,
    blank: None,
    get: |n| Some(n.batch),
    set: |n, v| {
        if let Some(v) = v {
            n.batch = v;
        }
    },
};

const SEQ: WholeField = WholeField {
    id: "seq",
    label: "Sequence length (tokens)",
    lo: 1,
    hi: MAX_SEQ_LEN,
    blank: Some("the network's default"),
    get: |n| n.seq_len,
    set: |n, v| n.seq_len = v,
};

const DECODE: WholeField = WholeField {
    id: "decode",
    label: "Decode steps (tokens generated)",
    lo: 1,
    hi: MAX_DECODE_TOKENS,
    blank: Some("none, prefill only"),
    get: |n| n.decode_tokens,
    set: |n, v| n.decode_tokens = v,
};

impl WholeField {
    /// The value of `text`, or a message naming the field, the value and what is accepted.
    fn parse(&self, text: &str) -> Result<Option<u64>, String> {
        let t = text.trim();
        if t.is_empty() {
            if self.blank.is_some() {
                return Ok(None);
            }
        } else if let Some(v) = t
            .parse::<u64>()
            .ok()
            .filter(|v| (self.lo..=self.hi).contains(v))
        {
            return Ok(Some(v));
        }
        let shown: String = text.chars().take(40).collect();
        let more = if text.chars().count() > 40 { "…" } else { "" };
        Err(format!(
            "{} = {shown}{more}: accepted: a whole number from {} to {}{}",
            self.label,
            self.lo,
            self.hi,
            self.blank
                .map(|b| format!(", or blank for {b}"))
                .unwrap_or_default()
        ))
    }
}

/// The token input of a network, if it takes tokens: (default, longest) sequence length.
fn token_input(library: &Library, id: &str) -> Option<(u64, u64)> {
    match library.network(id)?.input {
        Input::Tokens {
            default_seq_len,
            max_seq_len,
        } => Some((default_seq_len, max_seq_len)),
        Input::Image { .. } => None,
    }
}

/// A text field bound to one number of the scenario's network workload.
fn whole_input(
    library: &Arc<Library>,
    scenario: RwSignal<Scenario>,
    field: WholeField,
    hint: Signal<String>,
    disabled: Signal<bool>,
) -> impl IntoView {
    let library = library.clone();
    // What the page changed on its own to make the value run (a prompt shortened so that the
    // decode steps fit the context, a value the network cannot take), said under the field.
    let changed = RwSignal::new(None::<String>);
    let current = Memo::new(move |_| scenario.with(|s| s.network.as_ref().and_then(field.get)));
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // The field shows the scenario's value (from the link on load) whenever that value changes.
    Effect::new(move |_| {
        let v = current.get();
        text.set(v.map(|v| v.to_string()).unwrap_or_default());
        error.set(None);
    });
    let invalid_context = use_context::<crate::controls::Invalid>();
    Effect::new(move |_| {
        let bad = error.with(Option::is_some);
        if let Some(ctx) = invalid_context {
            ctx.mark(field.label, bad);
        }
    });
    let commit = move |value: String| {
        text.set(value.clone());
        match field.parse(&value) {
            Ok(v) => {
                error.set(None);
                let mut next = scenario.get_untracked();
                if let Some(n) = next.network.as_mut() {
                    (field.set)(n, v);
                }
                // Read the way a link is read: a sequence the network cannot run settles, with
                // the reason.
                let settled = Scenario::from_page_query(&next.to_query(false), &library);
                let (before, after) = (next.network.as_ref(), settled.scenario.network.as_ref());
                let mut notes: Vec<String> = settled
                    .notices
                    .iter()
                    .filter(|n| n.key == "seq" || n.key == "decode")
                    .map(|n| n.message.clone())
                    .collect();
                if let (Some(b), Some(a)) = (before, after) {
                    if a.seq_len != b.seq_len && b.seq_len.is_none() {
                        if let Some(seq) = a.seq_len {
                            notes.push(format!(
                                "the prompt is now {seq} tokens, so that the decode steps fit the network's context"
                            ));
                        }
                    }
                    next.network = Some(DlWorkload {
                        seq_len: a.seq_len,
                        decode_tokens: a.decode_tokens,
                        ..b.clone()
                    });
                }
                changed.set((!notes.is_empty()).then(|| format!("Changed: {}.", notes.join("; "))));
                scenario.set(next);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <label class="field cache-field">
            {field.label}
            <input
                type="text"
                inputmode="numeric"
                id=field.id
                prop:value=move || text.get()
                prop:disabled=move || disabled.get()
                placeholder=move || hint.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                on:change=move |ev| commit(event_target_value(&ev))
            />
            {move || changed.get().map(|c| view! { <span class="hint" role="status" id=format!("{}-changed", field.id)>{c}</span> })}
            {move || error.get().map(|e| view! {
                <span class="field-error" role="alert" id=format!("{}-error", field.id)>{e}</span>
                <span class="field-error not-applied">"Not applied: the results use the last valid value."</span>
            })}
        </label>
    }
}

/// Count preset or network, and the network's settings.
#[component]
pub fn WorkloadControls(library: Arc<Library>, scenario: RwSignal<Scenario>) -> impl IntoView {
    let is_network = Memo::new(move |_| scenario.with(|s| s.network.is_some()));
    let is_measured = Memo::new(move |_| {
        scenario.with(|s| s.network.as_ref().is_some_and(|n| n.measured.is_some()))
    });
    // The profile box is open (the profile kind chosen, with or without a profile read yet).
    let profile_open = RwSignal::new(scenario.with_untracked(|s| s.profile.is_some()));
    let is_profile = Memo::new(move |_| {
        !is_network.get() && (profile_open.get() || scenario.with(|s| s.profile.is_some()))
    });
    // The network workload and the profile last shown, restored when the user switches back.
    let last_network = RwSignal::new(scenario.with_untracked(|s| s.network.clone()));
    let last_profile = RwSignal::new(scenario.with_untracked(|s| s.profile.clone()));

    let lib = library.clone();
    let first_network = library
        .networks
        .iter()
        .find(|n| n.id == FIRST_NETWORK)
        .or(library.networks.first())
        .map(|n| n.id.clone());
    let has_networks = first_network.is_some();
    let set_kind = move |network: bool| {
        scenario.update(|s| {
            if network && s.network.is_none() {
                s.network = last_network
                    .get_untracked()
                    .or_else(|| first_network.as_deref().map(|id| default_network(&lib, id)));
            } else if !network && s.network.is_some() {
                last_network.set(s.network.take());
            }
            if !network && s.profile.is_some() {
                // The count preset: the profile is put aside too.
                last_profile.set(s.profile.take());
            }
        });
        profile_open.set(false);
    };
    let set_kind_preset = set_kind.clone();
    let set_kind_profile = move || {
        scenario.update(|s| {
            if s.network.is_some() {
                last_network.set(s.network.take());
            }
            if s.profile.is_none() {
                s.profile = last_profile.get_untracked();
            }
        });
        profile_open.set(true);
    };

    let workload_options = library
        .workloads
        .iter()
        .map(|w| {
            let id = w.id.clone();
            let selected = {
                let id = id.clone();
                move || scenario.with(|s| s.workload == id)
            };
            view! { <option value=id prop:selected=selected>{w.name.clone()}</option> }
        })
        .collect_view();

    let network_options = library
        .networks
        .iter()
        .map(|n| {
            let id = n.id.clone();
            let selected = {
                let id = id.clone();
                move || scenario.with(|s| s.network.as_ref().is_some_and(|w| w.network == id))
            };
            view! { <option value=id prop:selected=selected>{n.name.clone()}</option> }
        })
        .collect_view();
    // Measured workloads beside the networks: choosing one runs that measurement.
    let measured_options = library
        .measured
        .iter()
        .map(|m| {
            let id = m.id.clone();
            let selected = {
                let id = id.clone();
                move || {
                    scenario.with(|s| {
                        s.network
                            .as_ref()
                            .is_some_and(|w| w.measured.as_deref() == Some(id.as_str()))
                    })
                }
            };
            let title = format!("{} Software: {}. Method: {}", m.source, m.software, m.method);
            view! { <option value=id prop:selected=selected title=title>{format!("{} (measured)", m.name)}</option> }
        })
        .collect_view();
    let has_measured = !library.measured.is_empty();
    let phase_options = Phase::WORDS
        .iter()
        .map(|(word, p)| {
            let p = *p;
            let selected =
                move || scenario.with(|s| s.network.as_ref().is_some_and(|w| w.phase == p));
            view! { <option value=*word prop:selected=selected>{*word}</option> }
        })
        .collect_view();
    let elem_options = ELEMENT_BYTES
        .iter()
        .map(|&e| {
            let selected =
                move || scenario.with(|s| s.network.as_ref().is_some_and(|w| w.element_bytes == e));
            let label = match e {
                1 => "1 B (INT8 / FP8)",
                2 => "2 B (FP16 / BF16)",
                _ => "4 B (FP32)",
            };
            view! { <option value=e.to_string() prop:selected=selected>{label}</option> }
        })
        .collect_view();
    let gpu_options = library
        .gpus
        .iter()
        .map(|g| {
            let id = g.id.clone();
            let selected = {
                let id = id.clone();
                move || scenario.with(|s| s.network.as_ref().is_some_and(|w| w.gpu == id))
            };
            let l2 = capacity_label((g.l2_bytes / 1024) as f64);
            // The name up to its parenthesis (`NVIDIA GeForce GTX 1080 Ti`); the whole one and
            // the source on hover.
            let short = g.name.split('(').next().unwrap_or(&g.name).trim().to_string();
            let title = format!("{} — {}", g.name, g.source);
            view! { <option value=id prop:selected=selected title=title>{format!("{short} · L2 {l2}")}</option> }
        })
        .collect_view();

    let update_network = move |f: &dyn Fn(&mut DlWorkload)| {
        scenario.update(|s| {
            if let Some(n) = s.network.as_mut() {
                f(n);
            }
        });
    };
    let lib = library.clone();
    let on_network = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some(m) = lib.measured(&id) {
            // A measured workload: its network, shape and GPU, and that GPU's own L2.
            let gpu = lib.gpu(&m.gpu);
            scenario.update(|s| {
                s.network = Some(DlWorkload {
                    network: m.network.clone(),
                    phase: m.phase,
                    batch: m.batch,
                    seq_len: m.seq_len,
                    decode_tokens: None,
                    element_bytes: m.element_bytes,
                    gpu: m.gpu.clone(),
                    measured: Some(m.id.clone()),
                });
                if let Some(g) = gpu {
                    let own = nvmcalc::design::config::CacheConfig {
                        capacity_bytes: g.l2_bytes,
                        slices: g.l2_slices,
                        ..s.cache.clone()
                    };
                    if own.validate().is_ok() {
                        s.cache = own;
                    }
                }
            });
            return;
        }
        if lib.network(&id).is_none() {
            return;
        }
        let tokens = token_input(&lib, &id).is_some();
        update_network(&|n| {
            n.network = id.clone();
            // A network chosen by itself is modelled, not a measurement.
            n.measured = None;
            // Image networks take no sequence length and no decode steps.
            if !tokens {
                n.seq_len = None;
                n.decode_tokens = None;
            }
        });
    };
    let lib = library.clone();
    let on_gpu = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if lib.gpu(&id).is_some() {
            update_network(&|n| n.gpu = id.clone());
        }
    };

    let lib = library.clone();
    let tokens = Signal::derive(move || {
        scenario.with(|s| {
            s.network
                .as_ref()
                .and_then(|n| token_input(&lib, &n.network))
        })
    });
    let no_tokens = Signal::derive(move || tokens.get().is_none() || is_measured.get());
    let measured_fixed = Signal::derive(move || is_measured.get());
    let seq_hint = Signal::derive(move || match tokens.get() {
        Some((default, max)) => {
            format!("blank: {default} (the network's default; it takes up to {max})")
        }
        None => "images: no sequence length".to_string(),
    });
    let decode_hint = Signal::derive(move || match tokens.get() {
        Some(_) => "blank: prefill only".to_string(),
        None => "images: no decode steps".to_string(),
    });
    let batch_hint = Signal::derive(|| format!("1 to {MAX_BATCH}"));

    let lib = library.clone();
    let network_meta = move || {
        scenario.with(|s| {
            s.network.as_ref().and_then(|n| match &n.measured {
                Some(id) => lib.measured(id).map(|m| {
                    format!(
                        "Measured: {} Used as measured at the GPU's own L2; other capacities \
                         carry it by the traffic model (stated under the results).",
                        m.source
                    )
                }),
                None => lib
                    .network(&n.network)
                    .map(|net| format!("Source: {}", net.source)),
            })
        })
    };

    // The network's shape in a few words, for its folded group.
    let lib = library.clone();
    let shape_state = move || {
        scenario.with(|s| {
            s.network.as_ref().map(|n| {
                let gpu = crate::controls::gpu_name(&lib, &n.gpu);
                format!(
                    "{} · batch {} · {} B · {gpu}",
                    n.phase.word(),
                    n.batch,
                    n.element_bytes
                )
            })
        })
    };
    view! {
        <fieldset id="workload-kind">
            <legend>"Where the L2 traffic comes from"</legend>
            <label class="choice">
                <input
                    type="radio"
                    name="workload-kind"
                    id="wl-kind-preset"
                    value="preset"
                    prop:checked=move || !is_network.get() && !is_profile.get()
                    on:change=move |_| set_kind_preset(false)
                />
                "Count preset (L2 reads and writes as published)"
            </label>
            <label class="choice">
                <input
                    type="radio"
                    name="workload-kind"
                    id="wl-kind-network"
                    value="network"
                    prop:checked=move || is_network.get()
                    prop:disabled=!has_networks
                    on:change=move |_| set_kind(true)
                />
                "Network on a GPU (traffic model or measured)"
            </label>
            <label class="choice">
                <input
                    type="radio"
                    name="workload-kind"
                    id="wl-kind-profile"
                    value="profile"
                    prop:checked=move || is_profile.get()
                    on:change=move |_| set_kind_profile()
                />
                "Your own GPU profile (Nsight Compute or nvprof CSV)"
            </label>
            <label class="field" class:hidden=move || is_network.get() || is_profile.get()>
                "Count preset"
                <select
                    id="workload"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        scenario.update(|s| s.workload = v);
                    }
                >
                    {workload_options}
                </select>
            </label>
            <div id="network-settings" class:hidden=move || !is_network.get()>
                <label class="field">
                    "Network"
                    <select id="net" on:change=on_network>
                        <optgroup label="Modelled (traffic model)">{network_options}</optgroup>
                        {has_measured.then(|| view! {
                            <optgroup label="Measured on a GPU (used as measured)">{measured_options}</optgroup>
                        })}
                    </select>
                </label>
                <details class="subgroup about" id="net-about">
                    <summary>"Where its traffic comes from"</summary>
                    <span class="hint" id="net-source">{network_meta}</span>
                </details>
                <details class="subgroup" id="network-shape">
                    <summary>
                        "Phase, batch, precision and GPU "
                        <span class="group-count">{shape_state}</span>
                    </summary>
                <label class="field cache-field">
                    "Phase"
                    <select
                        id="phase"
                        prop:disabled=move || measured_fixed.get()
                        on:change=move |ev| {
                            if let Some(p) = Phase::from_word(&event_target_value(&ev)) {
                                update_network(&|n| n.phase = p);
                            }
                        }
                    >
                        {phase_options}
                    </select>
                </label>
                {whole_input(&library, scenario, BATCH, batch_hint, measured_fixed)}
                {whole_input(&library, scenario, SEQ, seq_hint, no_tokens)}
                {whole_input(&library, scenario, DECODE, decode_hint, no_tokens)}
                <label class="field cache-field">
                    "Bytes per element"
                    <select
                        id="elem"
                        prop:disabled=move || measured_fixed.get()
                        on:change=move |ev| {
                            if let Some(e) = event_target_value(&ev)
                                .parse::<u32>()
                                .ok()
                                .filter(|e| ELEMENT_BYTES.contains(e))
                            {
                                update_network(&|n| n.element_bytes = e);
                            }
                        }
                    >
                        {elem_options}
                    </select>
                </label>
                <label class="field cache-field">
                    "GPU (sets the L2 traffic and the run time)"
                    <select id="gpu" prop:disabled=move || measured_fixed.get() on:change=on_gpu>{gpu_options}</select>
                </label>
                </details>
                {network_set(&library, scenario)}
            </div>
            <ProfileImport library=library.clone() scenario=scenario shown=Signal::derive(move || is_profile.get()) />
        </fieldset>
    }
}

/// The networks of the across-networks analysis (shown with it only): one checkbox per network
/// preset, `data-net=ID`. Every network ticked is the default set (no `nets` in the link); the
/// last one ticked cannot be unticked.
fn network_set(library: &Arc<Library>, scenario: RwSignal<Scenario>) -> impl IntoView {
    let all: Arc<Vec<String>> = Arc::new(library.networks.iter().map(|n| n.id.clone()).collect());
    let shown = move || scenario.with(|s| s.analysis == Analysis::Workloads);
    let boxes = library
        .networks
        .iter()
        .map(|n| {
            let id = n.id.clone();
            let (id_checked, id_last, id_change) = (id.clone(), id.clone(), id.clone());
            let checked =
                move || scenario.with(|s| s.networks.is_empty() || s.networks.contains(&id_checked));
            let all_last = all.clone();
            let last_one = move || {
                scenario.with(|s| {
                    (s.networks.len() == 1 && s.networks.contains(&id_last))
                        || (s.networks.is_empty() && all_last.len() == 1)
                })
            };
            let all_change = all.clone();
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                scenario.update(|s| toggle_network(&all_change, s, &id_change, on));
            };
            let kind = match n.input {
                Input::Image { height, width, .. } => format!("{height}×{width} images"),
                Input::Tokens { default_seq_len, .. } => {
                    format!("tokens (sequence {default_seq_len} unless set above)")
                }
            };
            view! {
                <label class="tech" title=n.source.clone()>
                    <input type="checkbox" data-net=id prop:checked=checked prop:disabled=last_one on:change=on_change />
                    <span class="tech-name">{n.name.clone()}</span>
                    <span class="tech-meta">{kind}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset id="workloads-networks" class:hidden=move || !shown()>
            <legend>"Networks compared"</legend>
            <p class="hint">"Each runs the phase, batch, element size and GPU above. The sequence length and decode steps apply to the token networks that accept them; the others run their own input (a note under the table says where)."</p>
            <button
                type="button"
                id="nets-all"
                prop:disabled=move || scenario.with(|s| s.networks.is_empty())
                on:click=move |_| scenario.update(|s| s.networks.clear())
            >
                "All networks"
            </button>
            {boxes}
        </fieldset>
    }
}

/// Ticks or unticks network `id` of the across-networks set, keeping at least one and the
/// library's order; every network ticked is written as the default (empty) set.
fn toggle_network(all: &[String], s: &mut Scenario, id: &str, on: bool) {
    let mut set: Vec<String> = if s.networks.is_empty() {
        all.to_vec()
    } else {
        s.networks.clone()
    };
    if on {
        if !set.iter().any(|x| x == id) {
            set.push(id.to_string());
        }
    } else if set.len() > 1 {
        set.retain(|x| x != id);
    }
    let ordered: Vec<String> = all.iter().filter(|x| set.contains(x)).cloned().collect();
    s.networks = if ordered.len() == all.len() {
        Vec::new()
    } else {
        ordered
    };
}
