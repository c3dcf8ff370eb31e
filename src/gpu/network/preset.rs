//! Network preset files (`presets/networks/<id>.toml`). [`parse_network_preset`] collects every
//! problem (unknown keys included) with the field path (`layers[3].layers[0].kernel`), the layer's
//! name and, where it can be located, the line; the layer list is then lowered once (batch 1) so
//! that a shape that does not chain is reported at load time, not when a workload is run.
//!
//! # Format
//!
//! ```toml
//! id = "resnet18"                 # = file name without .toml
//! name = "ResNet-18"
//! source = "He et al., arXiv 1512.03385, Table 1"
//! notes = "…"                     # optional
//! framework = "torchvision"       # optional (this default), or "transformers": the code the
//!                                 # layers follow, which sets the host time per kernel
//! input = { kind = "image", channels = 3, height_px = 224, width_px = 224 }
//! # or:  { kind = "tokens", default_seq_len = 128, max_seq_len = 512 }
//! layers = [
//!   { op = "conv", name = "conv1", out_channels = 64, kernel = 7, stride = 2, padding = 3, bias = false },
//!   { op = "batch_norm" },
//!   { op = "residual", name = "stage1", repeat = 2, layers = [
//!       { op = "conv", out_channels = 64, kernel = 3, padding = 1, bias = false },
//!   ] },
//! ]
//! ```
//!
//! Every layer is an inline table with `op` and an optional `name` (default `<op><position>`);
//! input channels, features and H×W are never written, they follow from the layer before.
//!
//! | `op` | keys (default) |
//! |---|---|
//! | `conv` | `out_channels`, `kernel`, `stride` (1), `padding` (0), `groups` (1), `bias` (true) |
//! | `linear` | `out_features`, `bias` (true), `tied` (false: true when the weight is another layer's) |
//! | `attention` | `heads`, `head_dim`, `kv_heads` (= heads), `causal` (false), `rotary` (false); input = fused Q\|K\|V |
//! | `max_pool`, `avg_pool` | `kernel`, `stride` (= kernel), `padding` (0), `ceil_mode` (false) |
//! | `adaptive_avg_pool` | `out` (output side); `global_avg_pool`: none |
//! | `batch_norm`, `layer_norm`, `rms_norm` | none |
//! | `relu`, `relu6`, `gelu`, `silu`, `tanh`, `swiglu` | none (`swiglu` halves the features) |
//! | `embedding` | `rows`, `dim`, `positions` (false) |
//! | `class_token`, `patch_tokens`, `flatten` | none; `take_tokens`: `count` |
//! | `block` | `layers`, `repeat` (1) |
//! | `residual` | `layers`, `shortcut` (identity), `repeat` (1) |
//! | `concat` | `branches` (a list of layer lists) |
//!
//! Sizes are integers: channels, features, rows 1 to 2²⁴; kernel, stride 1 to 1024; padding 0 to
//! 1024; heads 1 to 1024; head_dim 1 to 4096; repeat 1 to 1024; blocks nest at most 8 deep.

use toml::Value;

use super::{ActivationKind, Input, Layer, Network, NormKind, Op, PoolKind};
use crate::input::{all_or_errors, parse_toml, FieldReader, PresetError, PresetErrors};

const SIZE: (i64, i64) = (1, 1 << 24);
const WINDOW: (i64, i64) = (1, 1024);
const MAX_DEPTH: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Conv,
    Linear,
    Attention,
    MaxPool,
    AvgPool,
    AdaptiveAvgPool,
    GlobalAvgPool,
    Norm(NormKind),
    Act(ActivationKind),
    Embedding,
    ClassToken,
    TakeTokens,
    PatchTokens,
    Flatten,
    Block,
    Residual,
    Concat,
}

const OPS: [(&str, Word); 24] = [
    ("conv", Word::Conv),
    ("linear", Word::Linear),
    ("attention", Word::Attention),
    ("max_pool", Word::MaxPool),
    ("avg_pool", Word::AvgPool),
    ("adaptive_avg_pool", Word::AdaptiveAvgPool),
    ("global_avg_pool", Word::GlobalAvgPool),
    ("batch_norm", Word::Norm(NormKind::Batch)),
    ("layer_norm", Word::Norm(NormKind::Layer)),
    ("rms_norm", Word::Norm(NormKind::Rms)),
    ("relu", Word::Act(ActivationKind::Relu)),
    ("relu6", Word::Act(ActivationKind::Relu6)),
    ("gelu", Word::Act(ActivationKind::Gelu)),
    ("silu", Word::Act(ActivationKind::Silu)),
    ("tanh", Word::Act(ActivationKind::Tanh)),
    ("swiglu", Word::Act(ActivationKind::Swiglu)),
    ("embedding", Word::Embedding),
    ("class_token", Word::ClassToken),
    ("take_tokens", Word::TakeTokens),
    ("patch_tokens", Word::PatchTokens),
    ("flatten", Word::Flatten),
    ("block", Word::Block),
    ("residual", Word::Residual),
    ("concat", Word::Concat),
];

/// Parses and validates one network preset; `file` names it in messages
/// (`networks/resnet50.toml`), and the `id` inside must equal the file name without `.toml`.
pub fn parse_network_preset(file: &str, text: &str) -> Result<Network, PresetErrors> {
    let mut errors = Vec::new();
    let net = read_network(file, text, &mut errors);
    if let (Some(net), true) = (&net, errors.is_empty()) {
        let layers = super::expanded_layers(&net.layers);
        if layers > super::MAX_EXPANDED_LAYERS {
            errors.push(PresetError {
                file: file.into(),
                line: None,
                field: "layers".into(),
                value: String::new(),
                problem: format!(
                    "expand to {layers} layers once every `repeat` is applied; at most {} are \
                     accepted: lower a `repeat` or nest fewer repeated blocks",
                    super::MAX_EXPANDED_LAYERS
                ),
            });
        } else if let Err(e) = net.parameters() {
            errors.push(PresetError {
                file: file.into(),
                line: None,
                field: format!("layer {}: {}", e.layer, e.field),
                value: String::new(),
                problem: e.problem,
            });
        }
    }
    all_or_errors(net, errors)
}

fn read_network(file: &str, text: &str, errors: &mut Vec<PresetError>) -> Option<Network> {
    let table = parse_toml(file, text, errors)?;
    let mut r = FieldReader::new(file, text, table, errors);
    let id = r.file_id();
    let name = r.non_empty_string("name");
    let source = r.non_empty_string("source");
    let notes = r.opt_string("notes");
    // Optional: a network written by hand runs in torchvision-style module code by default.
    let framework = if r.has("framework") {
        r.choice("framework", &super::FRAMEWORKS)
    } else {
        Some(super::Framework::Torchvision)
    };
    let input = r.table("input").and_then(read_input);
    let layers = r.value("layers", "a list of layers, like [{ op = \"relu\" }]");
    r.finish();
    let layers = read_layers(file, text, layers?, "layers", 0, errors);
    Some(Network {
        id: id?,
        name: name?,
        source: source?,
        notes,
        framework: framework?,
        input: input?,
        layers: layers?,
    })
}

fn read_input(mut t: FieldReader<'_>) -> Option<Input> {
    #[derive(Clone, Copy)]
    enum Kind {
        Image,
        Tokens,
    }
    let kind = t.choice("kind", &[("image", Kind::Image), ("tokens", Kind::Tokens)]);
    let input = match kind? {
        Kind::Image => {
            let c = t.integer("channels", 1, 4096);
            let h = t.integer("height_px", 1, 16384);
            let w = t.integer("width_px", 1, 16384);
            Some(Input::Image {
                channels: c? as u64,
                height: h? as u64,
                width: w? as u64,
            })
        }
        Kind::Tokens => {
            let max = super::MAX_SEQ_LEN as i64;
            let d = t.integer("default_seq_len", 1, max);
            let m = t.integer("max_seq_len", 1, max);
            let (d, m) = (d?, m?);
            if d > m {
                t.error_text(
                    "default_seq_len",
                    &d.to_string(),
                    &format!("must be ≤ max_seq_len ({m})"),
                );
                None
            } else {
                Some(Input::Tokens {
                    default_seq_len: d as u64,
                    max_seq_len: m as u64,
                })
            }
        }
    };
    t.finish();
    input
}

/// The line of `name = "<name>"` when it is written exactly once in the file.
fn line_of_name(text: &str, name: &str) -> Option<usize> {
    let needle = format!("\"{name}\"");
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.find("name")
                .is_some_and(|i| l[i + 4..].trim_start().starts_with('=') && l.contains(&needle))
        })
        .map(|(i, _)| i + 1)
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

fn read_layers(
    file: &str,
    text: &str,
    value: Value,
    path: &str,
    depth: usize,
    errors: &mut Vec<PresetError>,
) -> Option<Vec<Layer>> {
    let items = match value {
        Value::Array(items) => items,
        _ => {
            errors.push(PresetError {
                file: file.into(),
                line: None,
                field: path.into(),
                value: String::new(),
                problem: "must be a list of layers, like [{ op = \"relu\" }]".into(),
            });
            return None;
        }
    };
    if depth > MAX_DEPTH {
        errors.push(PresetError {
            file: file.into(),
            line: None,
            field: path.into(),
            value: String::new(),
            problem: format!("blocks nest more than {MAX_DEPTH} deep"),
        });
        return None;
    }
    // A network, block or residual body without layers computes nothing: a slip, not a model.
    if items.is_empty() && path.ends_with("layers") {
        errors.push(PresetError {
            file: file.into(),
            line: None,
            field: path.into(),
            value: "[]".into(),
            problem: "must hold at least one layer".into(),
        });
        return None;
    }
    let mut layers = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.into_iter().enumerate() {
        let at = format!("{path}[{i}]");
        match item {
            Value::Table(t) => match read_layer(file, text, t, &at, i, depth, errors) {
                Some(l) => layers.push(l),
                None => ok = false,
            },
            _ => {
                errors.push(PresetError {
                    file: file.into(),
                    line: None,
                    field: at,
                    value: String::new(),
                    problem: "must be a layer table, like { op = \"relu\" }".into(),
                });
                ok = false;
            }
        }
    }
    ok.then_some(layers)
}

fn read_layer(
    file: &str,
    text: &str,
    table: toml::Table,
    at: &str,
    index: usize,
    depth: usize,
    errors: &mut Vec<PresetError>,
) -> Option<Layer> {
    let given_name = match table.get("name") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let (prefix, hint) = match &given_name {
        Some(n) => (format!("{at}(\"{n}\")."), line_of_name(text, n)),
        None => (format!("{at}."), None),
    };
    let mut r = FieldReader::new(file, text, table, errors).nested(prefix.clone(), hint);
    let op = r.choice("op", &OPS);
    let name = r.opt_string("name");
    if let Some(n) = &name {
        if n.is_empty() || n.contains(['.', '[', ']']) {
            r.error_text(
                "name",
                &format!("\"{n}\""),
                "must be non-empty, without '.', '[' or ']'",
            );
        }
    }
    let Some(op) = op else {
        // Without a valid op the other keys cannot be checked; the op error is the one reported.
        return None;
    };
    let mut nested: Vec<(&'static str, Value)> = Vec::new();
    let built = read_op(&mut r, op, &mut nested);
    r.finish();
    let name = name.unwrap_or_else(|| {
        let word = OPS
            .iter()
            .find(|(_, w)| *w == op)
            .map_or("layer", |(w, _)| *w);
        format!("{word}{}", index + 1)
    });
    // Nested lists, read once this layer's own keys are checked.
    let base = prefix.trim_end_matches('.');
    let mut main = None;
    let mut shortcut = Vec::new();
    let mut branches = None;
    let mut nested_ok = true;
    for (key, v) in nested {
        let p = format!("{base}.{key}");
        if key == "branches" {
            let Value::Array(list) = v else {
                errors.push(PresetError {
                    file: file.into(),
                    line: hint,
                    field: p,
                    value: String::new(),
                    problem: "must be a list of layer lists, like [[{ op = \"relu\" }], []]".into(),
                });
                nested_ok = false;
                continue;
            };
            let mut bs = Vec::new();
            for (j, b) in list.into_iter().enumerate() {
                match read_layers(file, text, b, &format!("{p}[{j}]"), depth + 1, errors) {
                    Some(l) => bs.push(l),
                    None => nested_ok = false,
                }
            }
            branches = Some(bs);
        } else {
            match read_layers(file, text, v, &p, depth + 1, errors) {
                Some(l) if key == "layers" => main = Some(l),
                Some(l) => shortcut = l,
                None => nested_ok = false,
            }
        }
    }
    if !nested_ok {
        return None;
    }
    let op = match built? {
        Op::Block { repeat, .. } if op == Word::Residual => Op::Residual {
            layers: main?,
            shortcut,
            repeat,
        },
        Op::Block { repeat, .. } => Op::Block {
            layers: main?,
            repeat,
        },
        Op::Concat { .. } => Op::Concat {
            branches: branches?,
        },
        other => other,
    };
    Some(Layer { name, op })
}

/// The keys of one `op` (nested layer lists are handed back in `nested`, read later).
fn read_op(
    r: &mut FieldReader<'_>,
    op: Word,
    nested: &mut Vec<(&'static str, Value)>,
) -> Option<Op> {
    let int = |r: &mut FieldReader<'_>, key: &'static str, (lo, hi): (i64, i64)| {
        r.integer(key, lo, hi).map(|x| x as u64)
    };
    let opt_int = |r: &mut FieldReader<'_>, key: &'static str, (lo, hi): (i64, i64), d: u64| {
        if r.has(key) {
            r.integer(key, lo, hi).map(|x| x as u64)
        } else {
            let _ = r.opt_integer(key, lo, hi);
            Some(d)
        }
    };
    match op {
        Word::Conv => {
            let out = int(r, "out_channels", SIZE);
            let kernel = int(r, "kernel", WINDOW);
            let stride = opt_int(r, "stride", WINDOW, 1);
            let padding = opt_int(r, "padding", (0, 1024), 0);
            let groups = opt_int(r, "groups", SIZE, 1);
            let bias = r.bool_or("bias", true);
            Some(Op::Conv2d {
                out_channels: out?,
                kernel: kernel?,
                stride: stride?,
                padding: padding?,
                groups: groups?,
                bias: bias?,
            })
        }
        Word::Linear => {
            let out = int(r, "out_features", SIZE);
            let bias = r.bool_or("bias", true);
            let tied = r.bool_or("tied", false);
            Some(Op::Linear {
                out_features: out?,
                bias: bias?,
                tied: tied?,
            })
        }
        Word::Attention => {
            let heads = int(r, "heads", (1, 1024));
            let head_dim = int(r, "head_dim", (1, 4096));
            let kv = if r.has("kv_heads") {
                int(r, "kv_heads", (1, 1024))
            } else {
                let _ = r.opt_integer("kv_heads", 1, 1024);
                heads
            };
            let causal = r.bool_or("causal", false);
            let rotary = r.bool_or("rotary", false);
            if let (Some(h), Some(k)) = (heads, kv) {
                if h % k != 0 {
                    r.error_text(
                        "kv_heads",
                        &k.to_string(),
                        &format!("must divide heads ({h})"),
                    );
                    return None;
                }
            }
            Some(Op::Attention {
                heads: heads?,
                kv_heads: kv?,
                head_dim: head_dim?,
                causal: causal?,
                rotary: rotary?,
            })
        }
        Word::MaxPool | Word::AvgPool => {
            let kernel = int(r, "kernel", WINDOW);
            let stride = opt_int(r, "stride", WINDOW, kernel.unwrap_or(1));
            let padding = opt_int(r, "padding", (0, 1024), 0);
            let ceil_mode = r.bool_or("ceil_mode", false);
            Some(Op::Pool {
                kind: if op == Word::MaxPool {
                    PoolKind::Max
                } else {
                    PoolKind::Avg
                },
                kernel: kernel?,
                stride: stride?,
                padding: padding?,
                ceil_mode: ceil_mode?,
            })
        }
        Word::AdaptiveAvgPool => int(r, "out", WINDOW).map(|out| Op::AdaptiveAvgPool { out }),
        Word::GlobalAvgPool => Some(Op::AdaptiveAvgPool { out: 1 }),
        Word::Norm(k) => Some(Op::Norm(k)),
        Word::Act(k) => Some(Op::Activation(k)),
        Word::Embedding => {
            let rows = int(r, "rows", SIZE);
            let dim = int(r, "dim", SIZE);
            let positions = r.bool_or("positions", false);
            Some(Op::Embedding {
                rows: rows?,
                dim: dim?,
                positions: positions?,
            })
        }
        Word::ClassToken => Some(Op::ClassToken),
        Word::TakeTokens => int(r, "count", SIZE).map(|count| Op::TakeTokens { count }),
        Word::PatchTokens => Some(Op::PatchTokens),
        Word::Flatten => Some(Op::Flatten),
        Word::Block | Word::Residual => {
            let repeat = opt_int(r, "repeat", (1, 1024), 1);
            if let Some(v) = r.value("layers", "a list of layers") {
                nested.push(("layers", v));
            }
            if op == Word::Residual {
                if let Some(v) = r.opt_value("shortcut") {
                    nested.push(("shortcut", v));
                }
            }
            repeat.map(|repeat| Op::Block {
                layers: Vec::new(),
                repeat,
            })
        }
        Word::Concat => {
            if let Some(v) = r.value("branches", "a list of layer lists") {
                nested.push(("branches", v));
            }
            Some(Op::Concat {
                branches: Vec::new(),
            })
        }
    }
}
