//! The link parameters, each described once: [`PARAMS`] gives every key of a share link with its
//! `nvmcalc compare` option, label, unit, default, accepted values and an example, and names the
//! part of the scenario it sets ([`ParamId`]). Everything else is derived from it: the codec
//! ([`super::link`]) looks keys up here and reads or writes each through its [`ParamId`], the
//! unknown-key notice lists [`known_keys`], the CLI maps a notice's key to its option with
//! [`by_key`], and [`markdown_table`] renders the table the README shows (`tests/params.rs` checks
//! that the two agree).
//!
//! The cache settings take their key, option and label from [`ConfigField`], which the cache
//! configuration's own checks use for their messages.

use crate::design::config::{CacheConfig, ConfigField};
use crate::design::eval::{DelayDefinition, EnergyScope, LeakagePeriod};
use crate::gpu::network::{Phase, MAX_BATCH, MAX_DECODE_TOKENS, MAX_SEQ_LEN};

use super::{
    Analysis, Study, DEFAULT_BATCH, DEFAULT_ELEMENT_BYTES, DEFAULT_GPU, ELEMENT_BYTES,
    MAX_CUSTOM_CELLS, MAX_NETWORKS, MAX_TECHNOLOGIES, URL_VERSION,
};

/// The part of the scenario a link parameter sets (or, for `v`, `embed` and `study`, of the link
/// around it). [`super::link`] reads and writes each in one match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamId {
    /// `v`: the codec version.
    Version,
    /// `tech`: the compared technologies.
    Technologies,
    /// `base`: the baseline.
    Baseline,
    /// `wl`: the count workload.
    Workload,
    /// `delay`: which time is the delay in EDP.
    Delay,
    /// `cell`: one custom cell (repeatable).
    Cell,
    /// `energy`: which energies count.
    Energy,
    /// `leak`: the time leakage is paid over.
    Leakage,
    /// One setting of the cache cell presets are built into.
    Cache(ConfigField),
    /// `net`: the network workload.
    Network,
    /// `phase`: inference or training.
    Phase,
    /// `batch`: samples per step.
    Batch,
    /// `elem`: bytes per element.
    ElementBytes,
    /// `gpu`: the GPU the network runs on.
    Gpu,
    /// `seq`: tokens per sequence.
    SeqLen,
    /// `decode`: LLM decode steps.
    DecodeTokens,
    /// `an`: the analysis.
    Analysis,
    /// `nets`: the networks of the across-networks analysis.
    Networks,
    /// `embed`: show only the result.
    Embed,
    /// `prof`: the user's own profile, as its summed numbers.
    Profile,
    /// `study`: a published study's reproduction shown first, above the calculator.
    Study,
}

/// A text of the table: written out, or made from the constants it names when asked.
#[derive(Clone, Copy, Debug)]
pub enum Text {
    /// Written out.
    Fixed(&'static str),
    /// Made from constants.
    Made(fn() -> String),
    /// Made from a cache setting.
    Field(ConfigField, fn(ConfigField) -> String),
}

impl Text {
    /// The text (Markdown: code in backticks).
    pub fn render(self) -> String {
        match self {
            Text::Fixed(s) => s.to_string(),
            Text::Made(f) => f(),
            Text::Field(field, f) => f(field),
        }
    }
}

/// One link parameter.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// The key in a link.
    pub key: &'static str,
    /// The `nvmcalc compare` option that sets it; `None` when only a link (`--scenario`) can.
    pub flag: Option<&'static str>,
    /// What it sets, for people.
    pub label: &'static str,
    /// The unit of its value; empty when it has none.
    pub unit: &'static str,
    /// What a link without it means.
    pub default: Text,
    /// The values it accepts.
    pub accepted: Text,
    /// A value it accepts; the examples of all parameters together form one valid link.
    pub example: &'static str,
    /// Where the key stands in the list of known keys an unknown-key notice gives (that list keeps
    /// the order of link version 1's first release; [`PARAMS`] is in the order links are written).
    pub listed_at: u8,
    /// What it sets.
    pub id: ParamId,
}

impl Param {
    /// A cache setting: key, option and label come from the field.
    const fn cache(
        field: ConfigField,
        unit: &'static str,
        example: &'static str,
        listed_at: u8,
    ) -> Param {
        Param {
            key: field.key(),
            flag: Some(field.flag()),
            label: field.label(),
            unit,
            default: Text::Field(field, cache_default),
            accepted: Text::Field(field, cache_accepted),
            example,
            listed_at,
            id: ParamId::Cache(field),
        }
    }
}

fn cache_default(field: ConfigField) -> String {
    format!("`{}`", CacheConfig::default().text(field))
}

/// What a cache setting accepts, as its own check words it, and what it needs of the others.
fn cache_accepted(field: ConfigField) -> String {
    let also = match field {
        ConfigField::Slices => "; each slice must hold a whole number of sets",
        ConfigField::Layout => {
            " (`sliced`: separate identical slices; `monolithic`: one cache of any whole number of \
             sets, `slices` then sets the iso-area step)"
        }
        ConfigField::Roadmap => " (the node must have it)",
        _ => "",
    };
    format!("{}{also}", field.accepted())
}

/// Words of a `(word, value)` table with each value's label: `` `a` (label a) or `b` (label b) ``.
fn labelled<T: Copy>(words: &[(&str, T)], label: impl Fn(T) -> &'static str) -> String {
    let each: Vec<String> = words
        .iter()
        .map(|(w, v)| format!("`{w}` ({})", label(*v)))
        .collect();
    match each.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => each.join(""),
    }
}

/// Every link parameter, in the order [`super::Scenario::to_query`] writes them.
pub const PARAMS: [Param; 31] = [
    Param {
        key: "v",
        flag: None,
        label: "Link format version",
        unit: "",
        default: Text::Made(|| format!("`{URL_VERSION}`")),
        accepted: Text::Made(|| {
            format!("`{URL_VERSION}`; a link of another version is read as version {URL_VERSION}, with a notice")
        }),
        example: "1",
        listed_at: 0,
        id: ParamId::Version,
    },
    Param {
        key: "tech",
        flag: Some("--tech"),
        label: "Technologies compared, in display order",
        unit: "",
        default: Text::Fixed("the default scenario's (`presets/index.toml`)"),
        accepted: Text::Made(|| {
            format!(
                "cache-preset, cell-preset or custom-cell (`cell`) ids, comma-separated, at most \
                 {MAX_TECHNOLOGIES}"
            )
        }),
        example: "sram_16nm,stt_16nm,my_stt",
        listed_at: 1,
        id: ParamId::Technologies,
    },
    Param {
        key: "base",
        flag: Some("--baseline"),
        label: "Baseline every figure is divided by",
        unit: "",
        default: Text::Fixed("the default scenario's when compared, else the first of `tech`"),
        accepted: Text::Fixed("one of `tech`"),
        example: "stt_16nm",
        listed_at: 2,
        id: ParamId::Baseline,
    },
    Param {
        key: "wl",
        flag: Some("--workload"),
        label: "Workload (L2 access counts)",
        unit: "",
        default: Text::Fixed("the default scenario's"),
        accepted: Text::Fixed("a workload preset id; `net` replaces it"),
        example: "gemm_1024_fp32_tiled",
        listed_at: 4,
        id: ParamId::Workload,
    },
    Param {
        key: "delay",
        flag: Some("--delay"),
        label: "The delay in EDP",
        unit: "",
        default: Text::Fixed("the default scenario's"),
        accepted: Text::Made(|| labelled(&DelayDefinition::WORDS, DelayDefinition::label)),
        example: "execution",
        listed_at: 5,
        id: ParamId::Delay,
    },
    Param {
        key: "cell",
        flag: None,
        label: "A custom cell (repeatable), which `tech` names by its id",
        unit: "",
        default: Text::Fixed("none"),
        accepted: Text::Made(|| {
            format!(
                "`id~base~key:number~key:'text~-key`: the keys of a cell preset file that differ \
                 from the cell preset `base`; at most {MAX_CUSTOM_CELLS}"
            )
        }),
        example: "my_stt~stt_16nm~mtj.r_parallel_ohm:3000",
        listed_at: 3,
        id: ParamId::Cell,
    },
    Param {
        key: "energy",
        flag: Some("--energy"),
        label: "The energies EDP counts",
        unit: "",
        default: Text::Made(|| format!("`{}`", EnergyScope::default().word())),
        accepted: Text::Made(|| labelled(&EnergyScope::WORDS, EnergyScope::label)),
        example: "l2",
        listed_at: 6,
        id: ParamId::Energy,
    },
    Param {
        key: "leak",
        flag: Some("--leak"),
        label: "The time the L2 leaks over",
        unit: "",
        default: Text::Made(|| format!("`{}`", LeakagePeriod::default().word())),
        accepted: Text::Made(|| labelled(&LeakagePeriod::WORDS, LeakagePeriod::label)),
        example: "access",
        listed_at: 7,
        id: ParamId::Leakage,
    },
    Param::cache(ConfigField::Capacity, "MiB", "2.75", 18),
    Param::cache(ConfigField::Slices, "", "11", 19),
    Param::cache(ConfigField::Layout, "", "monolithic", 20),
    Param::cache(ConfigField::Associativity, "ways", "8", 21),
    Param::cache(ConfigField::Line, "B", "64", 22),
    Param::cache(ConfigField::Sector, "B", "64", 23),
    Param::cache(ConfigField::AccessMode, "", "sequential", 24),
    Param::cache(ConfigField::Node, "nm", "22", 25),
    Param::cache(ConfigField::Roadmap, "", "lstp", 26),
    Param::cache(ConfigField::Temperature, "K", "330", 27),
    Param::cache(ConfigField::Objective, "", "read_edp", 28),
    Param {
        key: "net",
        flag: Some("--net"),
        label: "Network run on a GPU through the traffic model, instead of `wl`",
        unit: "",
        default: Text::Fixed("none: the workload `wl`"),
        accepted: Text::Fixed(
            "a network preset id, or a measured workload id (`h200_resnet50_inference_b32`: its \
             network, shape and GPU as measured)",
        ),
        example: "bert_base",
        listed_at: 9,
        id: ParamId::Network,
    },
    Param {
        key: "phase",
        flag: Some("--phase"),
        label: "Network phase (with `net`)",
        unit: "",
        default: Text::Made(|| format!("`{}`", Phase::Inference.word())),
        accepted: Text::Made(|| {
            let words: Vec<String> = Phase::WORDS.iter().map(|(w, _)| format!("`{w}`")).collect();
            words.join(" or ")
        }),
        example: "training",
        listed_at: 10,
        id: ParamId::Phase,
    },
    Param {
        key: "batch",
        flag: Some("--batch"),
        label: "Samples per step (with `net`)",
        unit: "samples",
        default: Text::Made(|| format!("`{DEFAULT_BATCH}`")),
        accepted: Text::Made(|| format!("a whole number from 1 to {MAX_BATCH}")),
        example: "64",
        listed_at: 11,
        id: ParamId::Batch,
    },
    Param {
        key: "elem",
        flag: Some("--elem"),
        label: "Bytes per element (with `net`)",
        unit: "B",
        default: Text::Made(|| format!("`{DEFAULT_ELEMENT_BYTES}`")),
        accepted: Text::Made(|| {
            let each: Vec<String> = ELEMENT_BYTES.iter().map(|e| format!("`{e}`")).collect();
            each.join(", ")
        }),
        example: "4",
        listed_at: 14,
        id: ParamId::ElementBytes,
    },
    Param {
        key: "gpu",
        flag: Some("--gpu"),
        label: "GPU the network runs on (with `net`)",
        unit: "",
        default: Text::Made(|| format!("`{DEFAULT_GPU}`, or the first GPU preset without it")),
        accepted: Text::Fixed("a GPU preset id"),
        example: "a100_40gb",
        listed_at: 15,
        id: ParamId::Gpu,
    },
    Param {
        key: "seq",
        flag: Some("--seq"),
        label: "Tokens per sequence of a token network (with `net`)",
        unit: "tokens",
        default: Text::Fixed("the network's"),
        accepted: Text::Made(|| format!("a whole number from 1 to {MAX_SEQ_LEN}")),
        example: "512",
        listed_at: 12,
        id: ParamId::SeqLen,
    },
    Param {
        key: "decode",
        flag: Some("--decode"),
        label: "LLM decode steps after the prompt (with `net`)",
        unit: "steps",
        default: Text::Fixed("none (prefill only)"),
        accepted: Text::Made(|| format!("a whole number from 1 to {MAX_DECODE_TOKENS}")),
        example: "128",
        listed_at: 13,
        id: ParamId::DecodeTokens,
    },
    Param {
        key: "an",
        flag: Some("--analysis"),
        label: "Analysis",
        unit: "",
        default: Text::Made(|| format!("`{}`", Analysis::default().word())),
        accepted: Text::Made(|| {
            format!(
                "{}; all but `iso_capacity` and `details` need `net`, all but `iso_capacity` \
                 and `workloads` need cell presets",
                labelled(&Analysis::ALL, Analysis::label)
            )
        }),
        example: "workloads",
        listed_at: 16,
        id: ParamId::Analysis,
    },
    Param {
        key: "nets",
        flag: Some("--nets"),
        label: "Networks compared by `an=workloads`, each with `net`'s phase, batch, element size and GPU",
        unit: "",
        default: Text::Fixed("every network preset"),
        accepted: Text::Made(|| {
            format!("network preset ids, comma-separated, at most {MAX_NETWORKS}")
        }),
        example: "resnet50,bert_base",
        listed_at: 17,
        id: ParamId::Networks,
    },
    Param {
        key: "embed",
        flag: None,
        label: "Show only the result (for iframes)",
        unit: "",
        default: Text::Fixed("`0`"),
        accepted: Text::Fixed("`1` (or `true`), `0` (or `false`)"),
        example: "1",
        listed_at: 8,
        id: ParamId::Embed,
    },
    Param {
        key: "prof",
        flag: None,
        label: "Your own GPU profile as the workload, instead of `wl` (`nvmcalc compare --profile FILE --gpu ID` writes it)",
        unit: "",
        default: Text::Fixed("none"),
        accepted: Text::Fixed(
            "`gpu~format~kernels~l2_read~l2_write~rmw~dram_read~dram_write~time_s~given|file~name`, \
             as the page or the CLI writes it from an Nsight Compute or nvprof CSV",
        ),
        example: "h200~ncu~347~168000000~94900000~2047~1470000000~2290000000~0.00529~given~resnet50.csv",
        listed_at: 29,
        id: ParamId::Profile,
    },
    Param {
        key: "study",
        flag: None,
        label: "A published study's reproduction, shown first and run on opening, above the calculator (page only: `nvmcalc compare` refuses it; the CLI runs `nvmcalc reproduce deepnvm`)",
        unit: "",
        default: Text::Fixed("none: the calculator alone"),
        accepted: Text::Made(|| {
            let each: Vec<String> = Study::ALL
                .iter()
                .map(|(w, t)| format!("`{w}` ({})", t.label()))
                .collect();
            each.join(", ")
        }),
        example: "deepnvm",
        listed_at: 30,
        id: ParamId::Study,
    },
];

/// The parameter whose link key is `key`.
pub fn by_key(key: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.key == key)
}

/// The parameter `id` names.
pub fn by_id(id: ParamId) -> &'static Param {
    PARAMS
        .iter()
        .find(|p| p.id == id)
        .expect("every ParamId has an entry in PARAMS (checked by a test)")
}

/// The known keys as the unknown-key notice lists them, comma-separated.
pub fn known_keys() -> String {
    let mut listed: Vec<&Param> = PARAMS.iter().collect();
    listed.sort_by_key(|p| p.listed_at);
    listed.iter().map(|p| p.key).collect::<Vec<_>>().join(", ")
}

/// The table as Markdown, one row per parameter in [`PARAMS`] order: the README's parameter table.
pub fn markdown_table() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| key | CLI option | meaning | unit | default | accepted | example |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for p in &PARAMS {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | `{}={}` |\n",
            p.key,
            p.flag
                .map(|f| format!("`{f}`"))
                .unwrap_or_else(|| "(`--scenario`)".into()),
            cell(p.label),
            cell(p.unit),
            cell(&p.default.render()),
            cell(&p.accepted.render()),
            p.key,
            p.example
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_flags_and_ids_are_each_used_once() {
        for (i, p) in PARAMS.iter().enumerate() {
            for q in &PARAMS[..i] {
                assert_ne!(p.key, q.key);
                assert_ne!(p.id, q.id);
                assert!(p.flag.is_none() || p.flag != q.flag, "{}", p.key);
                assert_ne!(p.listed_at, q.listed_at);
            }
            assert!(usize::from(p.listed_at) < PARAMS.len());
            assert_eq!(by_id(p.id).key, p.key);
        }
        for field in ConfigField::ALL {
            assert_eq!(by_id(ParamId::Cache(field)).key, field.key());
        }
    }

    #[test]
    fn the_known_keys_keep_their_first_order() {
        assert_eq!(
            known_keys(),
            "v, tech, base, cell, wl, delay, energy, leak, embed, net, phase, batch, seq, decode, \
             elem, gpu, an, nets, cap, slices, layout, assoc, line, sector, mode, node, rm, temp, obj, \
             prof, study"
        );
    }
}
