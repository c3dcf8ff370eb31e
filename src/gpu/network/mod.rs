//! Networks as layer lists, and their lowering to GPU kernels ([`crate::gpu::kernel`]).
//!
//! A [`Network`] is what a person writes by hand (`presets/networks/<id>.toml`, format in
//! [`preset`]): an input (an image or a token sequence) and a list of [`Layer`]s whose shapes
//! follow by chaining — a convolution takes its input channels and H×W from the layer before, a
//! linear layer its input features. Blocks ([`Op::Block`], [`Op::Residual`], [`Op::Concat`]) nest
//! layer lists; `Block` and `Residual` carry a `repeat` count, so a ResNet stage or a transformer
//! encoder is written once.
//!
//! [`Network::kernels`] lowers a network for a [`WorkloadShape`] (inference or training, batch,
//! sequence length, LLM decode steps, bytes per element) into the kernels the traffic model
//! consumes; the rules are documented in `src/network/lower.rs`.

mod lower;
pub mod preset;

pub use preset::parse_network_preset;

use crate::gpu::kernel::Kernel;

/// One network: its input and its layers, with where the architecture comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// Preset id (the file name without `.toml`).
    pub id: String,
    /// Shown to people (`ResNet-50`).
    pub name: String,
    /// The architecture paper (and model card) the layer list follows.
    pub source: String,
    /// Caveats: which variant, what is left out.
    pub notes: Option<String>,
    /// The framework code the layer list follows (and a measured run used).
    pub framework: Framework,
    /// What one sample is.
    pub input: Input,
    /// The layers, in forward order.
    pub layers: Vec<Layer>,
}

/// The framework code a network runs in, eagerly, one operator at a time. It sets the host's
/// dispatch time per kernel ([`Framework::host_per_kernel_s`]): Python, the dispatcher and the
/// launch take CPU time for every operator, and a model's own Python (views, reshapes, masks,
/// module calls that launch nothing) adds to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    /// `torchvision.models` (CNNs, ViT).
    Torchvision,
    /// Hugging Face `transformers` (BERT, GPT-2, Llama).
    Transformers,
}

/// The frameworks with their words (network presets).
pub const FRAMEWORKS: [(&str, Framework); 2] = [
    ("torchvision", Framework::Torchvision),
    ("transformers", Framework::Transformers),
];

impl Framework {
    /// Host time per kernel launched (s), measured on the H200 machine (PyTorch 2.11, eager) on
    /// a step the host sets (the GPU idle between kernels), as step time / kernels:
    /// * torchvision: ResNet-50 inference at batch 1 took 3.91 ms (presets/workloads/measured/
    ///   h200_resnet50_inference_b1.toml) for the 347 kernels of its step (counted in the
    ///   per-kernel profile at batch 32, docs/measurements/h200-2026-12-04/
    ///   kernels_resnet50_inference_b32.csv.gz): 11.3 µs;
    /// * transformers: BERT-base inference at batch 32, sequence 128 took 5.17 ms
    ///   (h200_bert_base_inference_b32_s128.toml) for 154 kernels that kept the GPU busy 2.12 ms
    ///   (kernels_bert_base_inference_b32_s128.csv.gz): 33.6 µs. Its Python does more per kernel
    ///   (per-layer reshapes of Q, K and V, mask preparation, module hooks).
    ///
    /// Both lie in the 5–25 µs per operator reported for PyTorch eager (J. Lin, "From PyTorch op to
    /// kernel launch", jiahuanglin.xyz), the second above it as it counts a model's own Python.
    pub fn host_per_kernel_s(self) -> f64 {
        match self {
            Framework::Torchvision => 3.91e-3 / 347.0,
            Framework::Transformers => 5.17e-3 / 154.0,
        }
    }

    /// The word (network presets).
    pub fn word(self) -> &'static str {
        match self {
            Framework::Torchvision => "torchvision",
            Framework::Transformers => "transformers",
        }
    }
}

/// What one sample of the workload is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    /// An image of `channels × height × width` values.
    Image {
        /// Channels (3 for RGB).
        channels: u64,
        /// Height in pixels.
        height: u64,
        /// Width in pixels.
        width: u64,
    },
    /// A sequence of token ids; the length comes from the workload.
    Tokens {
        /// Sequence length when the workload gives none.
        default_seq_len: u64,
        /// Longest context the network accepts (position table, training context).
        max_seq_len: u64,
    },
}

/// One entry of a layer list: a name (used in kernel names and messages) and what it does.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// As written in the preset, or `<op><position>` when the preset gives none.
    pub name: String,
    /// What the layer computes.
    pub op: Op,
}

/// What a layer computes. Input sizes are never written: they follow from the layer before.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// 2-D convolution over an image, lowered as an implicit GEMM.
    Conv2d {
        /// Output channels.
        out_channels: u64,
        /// Square kernel side.
        kernel: u64,
        /// Stride (both directions).
        stride: u64,
        /// Zero padding on each side.
        padding: u64,
        /// Groups (input channels for a depthwise convolution).
        groups: u64,
        /// Whether the layer has a bias per output channel.
        bias: bool,
    },
    /// Fully connected layer applied to every token (row) of a `tokens × features` activation.
    Linear {
        /// Output features.
        out_features: u64,
        /// Whether the layer has a bias.
        bias: bool,
        /// The weight is another layer's (GPT-2's output head reuses the token embedding):
        /// read by the kernels, not counted again as parameters.
        tied: bool,
    },
    /// Scaled dot-product attention over a fused `Q|K|V` input of `(heads + 2·kv_heads)·head_dim`
    /// features; outputs `heads·head_dim` features. The projections are separate `Linear` layers.
    Attention {
        /// Query heads.
        heads: u64,
        /// Key/value heads (= `heads` for multi-head attention, fewer for grouped-query).
        kv_heads: u64,
        /// Features per head.
        head_dim: u64,
        /// Each token attends only to earlier ones (decoders); required for decode workloads.
        causal: bool,
        /// Rotary position embedding applied to Q and K (Llama).
        rotary: bool,
    },
    /// Max or average pooling over an image.
    Pool {
        /// Max or average.
        kind: PoolKind,
        /// Square window side.
        kernel: u64,
        /// Stride.
        stride: u64,
        /// Zero padding on each side.
        padding: u64,
        /// Output size rounded up (PyTorch `ceil_mode`).
        ceil_mode: bool,
    },
    /// Average pooling to a fixed `out × out` output (1 = global average pooling).
    AdaptiveAvgPool {
        /// Output side.
        out: u64,
    },
    /// Batch, layer or RMS normalisation.
    Norm(NormKind),
    /// An elementwise activation.
    Activation(ActivationKind),
    /// Embedding lookup: token ids → `dim` features; on an input that already has `dim`
    /// features the looked-up rows are added to it (position and segment embeddings).
    Embedding {
        /// Table rows (vocabulary size, positions).
        rows: u64,
        /// Features per row.
        dim: u64,
        /// Rows are indexed by position (row `i` for token `i`), not by token id: the sequence
        /// may not be longer than `rows`.
        positions: bool,
    },
    /// Prepends one learned token (ViT's class token).
    ClassToken,
    /// Keeps the first `count` tokens (the class token before a classifier head).
    TakeTokens {
        /// Tokens kept.
        count: u64,
    },
    /// Image `C×H×W` → `H·W` tokens of `C` features (ViT patches); a view, no kernel.
    PatchTokens,
    /// Image `C×H×W` → one row of `C·H·W` features; a view, no kernel.
    Flatten,
    /// A layer list applied `repeat` times in sequence.
    Block {
        /// The layers.
        layers: Vec<Layer>,
        /// Times applied.
        repeat: u64,
    },
    /// `y = layers(x) + shortcut(x)` (`shortcut` empty: identity), applied `repeat` times.
    Residual {
        /// The main path.
        layers: Vec<Layer>,
        /// The shortcut path (a projection), empty for identity.
        shortcut: Vec<Layer>,
        /// Times applied.
        repeat: u64,
    },
    /// Branches applied to the same input, outputs concatenated along channels/features
    /// (Inception modules, SqueezeNet's fire expand).
    Concat {
        /// The branches.
        branches: Vec<Vec<Layer>>,
    },
}

/// Pooling kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolKind {
    /// Maximum over the window.
    Max,
    /// Mean over the window.
    Avg,
}

/// Normalisation kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormKind {
    /// Per channel over batch and pixels; scale and shift per channel (running statistics are
    /// buffers, not parameters).
    Batch,
    /// Per token over features; scale and shift per feature.
    Layer,
    /// Per token over features, no mean; scale per feature (Llama).
    Rms,
}

/// Elementwise activations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationKind {
    /// `max(x, 0)`.
    Relu,
    /// `min(max(x, 0), 6)` (MobileNetV2).
    Relu6,
    /// Gaussian error linear unit.
    Gelu,
    /// `x·sigmoid(x)`.
    Silu,
    /// Hyperbolic tangent.
    Tanh,
    /// `silu(a) · b` over the two halves of the features (Llama's FFN): halves the features.
    Swiglu,
}

/// Inference or training.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Forward pass only.
    Inference,
    /// Forward, backward (data and weights) and an Adam step.
    Training,
}

impl Phase {
    /// The words used in URLs and on the command line.
    pub const WORDS: [(&'static str, Phase); 2] = [
        ("inference", Phase::Inference),
        ("training", Phase::Training),
    ];

    /// The word for URLs and the command line.
    pub fn word(self) -> &'static str {
        match self {
            Phase::Inference => "inference",
            Phase::Training => "training",
        }
    }

    /// Parses `inference` or `training`.
    pub fn from_word(word: &str) -> Option<Phase> {
        Self::WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, p)| *p)
    }
}

/// What is run: the network-independent half of a workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkloadShape {
    /// Inference or training.
    pub phase: Phase,
    /// Samples (images, sequences) per step.
    pub batch: u64,
    /// Tokens per sequence for token inputs (`None`: the network's default); must be `None` for
    /// image inputs, whose token count follows from the image.
    pub seq_len: Option<u64>,
    /// LLM decode: generate this many tokens, one per sequence per step, after a prompt of
    /// `seq_len` tokens whose keys and values are cached (step `i` attends to `seq_len + i`
    /// keys). Inference of causal token networks only.
    pub decode_tokens: Option<u64>,
    /// Bytes per activation, weight and gradient element (2 for FP16/BF16, 4 for FP32).
    pub element_bytes: u32,
}

impl WorkloadShape {
    /// Inference at `batch` with the network's default sequence length.
    pub fn inference(batch: u64, element_bytes: u32) -> Self {
        WorkloadShape {
            phase: Phase::Inference,
            batch,
            seq_len: None,
            decode_tokens: None,
            element_bytes,
        }
    }

    /// Training at `batch` with the network's default sequence length.
    pub fn training(batch: u64, element_bytes: u32) -> Self {
        WorkloadShape {
            phase: Phase::Training,
            ..Self::inference(batch, element_bytes)
        }
    }

    /// The same shape with a sequence length.
    pub fn with_seq_len(self, seq_len: u64) -> Self {
        WorkloadShape {
            seq_len: Some(seq_len),
            ..self
        }
    }
}

/// Limits on a workload shape (kept so that no product of sizes overflows).
pub const MAX_BATCH: u64 = 1 << 16;
/// Longest sequence a workload may ask for.
pub const MAX_SEQ_LEN: u64 = 1 << 20;
/// Most decode steps a workload may ask for (each step is a full set of kernels).
pub const MAX_DECODE_TOKENS: u64 = 1 << 12;
/// Most layers a network may have once its repeated blocks are expanded (Llama-2-7B has about
/// 300); checked when a preset is read, so that nested `repeat`s cannot make lowering run away.
pub const MAX_EXPANDED_LAYERS: u64 = 100_000;

/// Layers of `layers` once every repeated block is expanded (saturating).
pub fn expanded_layers(layers: &[Layer]) -> u64 {
    layers.iter().fold(0u64, |n, l| {
        n.saturating_add(match &l.op {
            Op::Block { layers, repeat } => expanded_layers(layers).saturating_mul(*repeat),
            Op::Residual {
                layers,
                shortcut,
                repeat,
            } => expanded_layers(layers)
                .saturating_add(expanded_layers(shortcut))
                .saturating_add(1)
                .saturating_mul(*repeat),
            Op::Concat { branches } => branches
                .iter()
                .fold(0u64, |n, b| n.saturating_add(expanded_layers(b))),
            _ => 1,
        })
    })
}

/// A network that cannot be lowered for a workload: names the network, the layer (path of
/// names through blocks, `-` for the workload itself) and the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("network {network}: layer {layer}: {field}: {problem}")]
pub struct NetworkError {
    /// Network id.
    pub network: String,
    /// Layer path (`layer2_0.shortcut.downsample`, `encoder[3].ffn.output`), `-` for a workload-level problem.
    pub layer: String,
    /// The offending field (`kernel`, `seq_len`).
    pub field: String,
    /// What is wrong and how to fix it.
    pub problem: String,
}

impl Network {
    /// The kernels of one step of `w` on this network, in execution order: forward, then (for
    /// training) the backward kernels in reverse layer order and one Adam update over all
    /// parameters. The rules are documented in `src/network/lower.rs`.
    pub fn kernels(&self, w: &WorkloadShape) -> Result<Vec<Kernel>, NetworkError> {
        lower::lower(self, w).map(|l| l.kernels)
    }

    /// Trainable parameters (tied weights once; batch-norm running statistics excluded).
    pub fn parameters(&self) -> Result<u64, NetworkError> {
        lower::lower(self, &WorkloadShape::inference(1, 4)).map(|l| l.parameters)
    }
}

#[cfg(test)]
mod tests;
