//! The cache every cell preset is built into, one field per setting of `CacheConfig`: capacity,
//! slices and layout, associativity, line and sector, access mode, node and roadmap, temperature,
//! and the objective of the organisation search. The core checks the fields together; settings
//! that do not fit are named and the last valid ones stay in use.

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::circuit::explore::Objective;
use nvmcalc::circuit::tech::Roadmap;
use nvmcalc::design::build::{node_sizes, node_unusable, settle_roadmap};
use nvmcalc::design::config::{
    CacheConfig, ConfigError, ConfigField, Layout, ACCESS_MODES, LAYOUTS,
};
use nvmcalc::scenario::compared_cells;
use nvmcalc::{Library, Scenario};

/// The choices of a select field as (value, label); `None` for a free-text field.
fn choices(field: ConfigField, library: &Library) -> Option<Vec<(String, String)>> {
    let own = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect::<Vec<_>>()
    };
    match field {
        ConfigField::AccessMode => Some(
            ACCESS_MODES
                .iter()
                .map(|(w, _)| {
                    let label = match *w {
                        "normal" => "normal (tag and data in parallel)",
                        "sequential" => "sequential (tag, then one way)",
                        _ => "fast (all ways read out)",
                    };
                    (w.to_string(), label.to_string())
                })
                .collect(),
        ),
        ConfigField::Roadmap => Some(
            Roadmap::ALL
                .iter()
                .map(|(w, r)| {
                    let label = match r {
                        Roadmap::Hp => "HP (high performance)",
                        Roadmap::Lstp => "LSTP (low standby power)",
                        Roadmap::Lop => "LOP (low operating power)",
                    };
                    (w.to_string(), label.to_string())
                })
                .collect(),
        ),
        ConfigField::Objective => Some(
            Objective::ALL
                .iter()
                .map(|(w, o)| {
                    let label = match o {
                        Objective::Edap => "EDAP (energy × delay × area)".to_string(),
                        Objective::ReadEdp => "read EDP".to_string(),
                        Objective::WriteEdp => "write EDP".to_string(),
                        _ => w.replace('_', " "),
                    };
                    (w.to_string(), label)
                })
                .collect(),
        ),
        ConfigField::Layout => Some(
            LAYOUTS
                .iter()
                .map(|(w, l)| {
                    let label = match l {
                        Layout::Sliced => "sliced (separate slices, a GPU L2)",
                        Layout::Monolithic => "monolithic (one cache, as NVSim)",
                    };
                    (w.to_string(), label.to_string())
                })
                .collect(),
        ),
        ConfigField::Node => {
            let mut v = own(&[("cell", "each cell's own node")]);
            v.extend(
                node_sizes(&library.nodes)
                    .into_iter()
                    .map(|n| (n.to_string(), format!("{n} nm"))),
            );
            v.extend(
                library
                    .nodes
                    .iter()
                    .map(|n| (n.id.clone(), format!("{} ({})", n.id, n.name))),
            );
            Some(v)
        }
        _ => None,
    }
}

/// The cache every cell preset is built into: each field is checked by the core as it is
/// committed; settings that do not fit together are shown and not applied.
#[component]
pub(crate) fn CacheSettings(library: Arc<Library>, scenario: RwSignal<Scenario>) -> impl IntoView {
    let texts = RwSignal::new(
        scenario.with_untracked(|s| ConfigField::ALL.map(|f| s.cache.text(f)).to_vec()),
    );
    let errors = RwSignal::new(Vec::<ConfigError>::new());
    // The fields follow the scenario when something else sets the cache (a measured workload
    // sets its GPU's L2), unless an edit is pending.
    let cache_now = Memo::new(move |_| scenario.with(|s| s.cache.clone()));
    Effect::new(move |_| {
        let c = cache_now.get();
        if errors.with_untracked(Vec::is_empty) {
            texts.set(ConfigField::ALL.map(|f| c.text(f)).to_vec());
        }
    });
    let invalid_context = use_context::<crate::controls::Invalid>();
    Effect::new(move |_| {
        let bad = !errors.with(Vec::is_empty);
        if let Some(ctx) = invalid_context {
            ctx.mark("the cache settings", bad);
        }
    });
    // What the page changed on its own (a roadmap the node lacks), said under the fields.
    let note = RwSignal::new(None::<String>);
    let settle_nodes = StoredValue::new(library.clone());
    let commit = move |i: usize, value: String| {
        texts.update(|t| t[i] = value);
        let result = texts.with(|t| {
            CacheConfig::from_texts(
                ConfigField::ALL
                    .iter()
                    .copied()
                    .zip(t.iter().map(String::as_str)),
            )
        });
        match result {
            Ok(mut config) => {
                errors.set(Vec::new());
                // A roadmap the node does not offer moves to one it does, and the page says so.
                let change = settle_nodes.with_value(|lib| {
                    let cells =
                        scenario.with_untracked(|s| compared_cells(&s.technologies, &s.cells, lib));
                    let refs: Vec<_> = cells.iter().collect();
                    settle_roadmap(&mut config, &lib.nodes, &refs)
                });
                if change.is_some() {
                    texts.update(|t| {
                        for (j, f) in ConfigField::ALL.iter().enumerate() {
                            t[j] = config.text(*f);
                        }
                    });
                }
                note.set(change);
                scenario.update(|s| s.cache = config);
            }
            Err(e) => errors.set(e),
        }
    };
    let fields = ConfigField::ALL
        .iter()
        .enumerate()
        .map(|(i, &field)| {
            let id = format!("cache-{}", field.key());
            let error = move || {
                errors.with(|es| {
                    es.iter()
                        .find(|e| e.field == field)
                        .map(|e| e.to_string())
                })
            };
            let value = move || texts.with(|t| t[i].clone());
            let input = match choices(field, &library) {
                Some(options) => {
                    let options = options
                        .into_iter()
                        .map(|(v, label)| {
                            let v2 = v.clone();
                            let selected = move || texts.with(|t| t[i] == v2);
                            // A node that cannot build a cache is shown, disabled, with why.
                            let unusable = (field == ConfigField::Node)
                                .then(|| {
                                    let mut c = CacheConfig::default();
                                    c.set(field, &v).ok()?;
                                    node_unusable(&library.nodes, &c.node)
                                })
                                .flatten();
                            let label = match &unusable {
                                Some(why) => format!("{label} — unavailable: {why}"),
                                None => label,
                            };
                            view! { <option value=v prop:selected=selected disabled=unusable.is_some()>{label}</option> }
                        })
                        .collect_view();
                    view! {
                        <select id=id.clone() on:change=move |ev| commit(i, event_target_value(&ev))>
                            {options}
                        </select>
                    }
                    .into_any()
                }
                None => view! {
                    <input
                        type="text"
                        inputmode="decimal"
                        id=id.clone()
                        prop:value=value
                        aria-invalid=move || if error().is_some() { "true" } else { "false" }
                        title=field.accepted()
                        on:change=move |ev| commit(i, event_target_value(&ev))
                    />
                }
                .into_any(),
            };
            view! {
                <label class="field cache-field">
                    {field.label()}
                    {input}
                    {move || error().map(|e| view! {
                        <span class="field-error" role="alert" id=format!("{id}-error")>{e}</span>
                    })}
                </label>
            }
        })
        .collect_view();
    let described = move || scenario.with(|s| s.cache.describe());
    view! {
        <fieldset id="cache-settings">
            <legend>"Cache for cell presets"</legend>
            <p class="hint">"A GPU L2 is many identical slices, each of a whole number of sets (the set index is hashed); a monolithic layout builds one cache of the whole capacity, as NVSim does. Cache presets keep their own figures."</p>
            {fields}
            {move || note.get().map(|n| view! { <p class="hint" id="cache-changed" role="status">{format!("Changed: {n}.")}</p> })}
            {move || (!errors.with(Vec::is_empty)).then(|| view! {
                <p class="field-error" id="cache-not-applied">"Not applied: the results use the last valid settings ("{described}")."</p>
            })}
        </fieldset>
    }
}
