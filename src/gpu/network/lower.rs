//! Lowering a [`Network`] to [`Kernel`]s.
//!
//! Shapes are followed layer by layer: an image `C×H×W`, or `T` tokens of `D` features (per
//! sample; every kernel covers the whole batch `B`). `e` is bytes per element.
//!
//! Forward:
//! * convolution: implicit GEMM, `count = groups`, `m = B·Ho·Wo`, `n = Cout/g`,
//!   `k = Cin/g·kh·kw`; A's unique bytes are the input activation (`B·Cin·H·W·e`, not im2col),
//!   B's the weights and bias;
//! * linear: `m = B·T`, `n = out`, `k = in`;
//! * attention (per sample and head, `count = B·heads`): `S = Q·Kᵀ` (`m = Tq`, `n = Tkv`,
//!   `k = head_dim`), a softmax stream over `S` (mask, scale, max, exp, sum, divide), `O = P·V`
//!   (`m = Tq`, `n = head_dim`, `k = Tkv`); grouped-query K/V bytes are counted once per K/V
//!   head. A causal mask is applied in the softmax: the GEMMs are the full products an unfused
//!   implementation computes. Rotary embedding: one stream over Q and K;
//! * pooling, normalisation, activations, embedding lookups, class token, residual adds: streams
//!   that read their inputs and write their outputs once. Their `flops` are rough per-element
//!   operation counts (estimates, not measurements): ReLU/ReLU6 1, tanh/SiLU 4, GELU 8,
//!   SwiGLU 5 per output, batch/layer norm 8, RMS norm 4, softmax 5 (+1 causal), add 1,
//!   pooling the window size per output;
//! * flatten, patch tokens and concatenation are views (branches write into slices): no kernel;
//! * library behaviour of eager PyTorch with cuDNN (the measured H200 profiles,
//!   docs/measurements/h200-2026-12-04): with 2-byte elements on NCHW tensors, a convolution with
//!   a window or a stride runs as an NHWC tensor-core kernel, so its input and filter are
//!   transposed before it and its output after it (three streams that read and write the tensor;
//!   ResNet-50 inference ran 42 `nchwToNhwc` and 25 `nhwcToNchw` kernels around its 20 windowed
//!   or strided convolutions); a 1 × 1, stride-1 convolution runs as a GEMM in place. Batch norm
//!   in eval mode launches a copy of the running statistics and an inverse-standard-deviation
//!   kernel (per channel, FP32) before the transform (53 of each for ResNet-50's 53 batch norms).
//!
//! Decode (`decode_tokens = N`): the layer list runs `N` times with one token per sequence;
//! step `i` attends to the `seq_len + i` cached keys and values, which attention reads as its B
//! operands. The K/V projections of the new token are the linear layers' outputs.
//!
//! Training adds, for every layer whose input needs a gradient (some earlier layer has
//! parameters — the first convolution gets no dX), in reverse layer order:
//! * weighted GEMM layers: `dX = dY·Wᵀ` ([`Pass::BackwardData`]) and `dW = Xᵀ·dY`
//!   ([`Pass::BackwardWeights`]), each with the forward's FLOPs. A convolution's dX is a GEMM
//!   over input pixels (`m = B·H·W`, `n = Cin/g`) whose inner dimension is the mean number of
//!   output taps per input pixel, `Cout/g·kh·kw·Ho·Wo/(H·W)` (exact for stride 1 and for the
//!   shipped strided layers; rounded otherwise); its dW has `m = Cin/g·kh·kw`, `n = Cout/g`,
//!   `k = B·Ho·Wo`, A = the input activation, B = dY;
//! * attention: `dP = dO·Vᵀ`, `dV = Pᵀ·dO`, softmax backward, `dQ = dS·K`, `dK = dSᵀ·Q`
//!   (all [`Pass::BackwardData`]: attention has no weights): twice the forward GEMM FLOPs;
//! * streams: read the output gradient and what the derivative needs (the input or output),
//!   write the input gradient; normalisation writes its scale/shift gradients in the same pass;
//!   embeddings scatter dY into the rows used ([`Pass::BackwardWeights`]);
//! * a gradient sum where the activation forks (residual blocks, concatenated branches).
//!
//! Training ends with one fused Adam step over all trainable parameters ([`Pass::WeightUpdate`],
//! 12 flops per parameter): moments and (for `e < 4`) master weights in FP32, so per parameter
//! it reads `e + 12` bytes (gradient, master weight or FP32 weight, two moments) and writes
//! `12 + e` bytes when `e < 4` (master, moments, the `e`-byte weight) or 12 bytes when `e = 4`.
//! Dropout and the loss are left out.

use super::{
    ActivationKind, Input, Layer, Network, NetworkError, NormKind, Op, Phase, PoolKind,
    WorkloadShape, MAX_BATCH, MAX_DECODE_TOKENS, MAX_SEQ_LEN,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::gpu::kernel::{Kernel, KernelShape, Pass, StreamAccess, TensorUse};

/// The id of a tensor's gradient: the tensor's id with this bit set.
const GRAD: u32 = 1 << 30;

/// The gradient of tensor `id`.
fn grad(id: u32) -> u32 {
    id | GRAD
}

/// The kernels of one step and the network's trainable parameters.
pub(super) struct Lowered {
    pub kernels: Vec<Kernel>,
    pub parameters: u64,
}

/// Per-sample activation shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Token ids before the embedding.
    Ids {
        t: u64,
    },
    Image {
        c: u64,
        h: u64,
        w: u64,
    },
    Tokens {
        t: u64,
        d: u64,
    },
}

impl Shape {
    fn describe(self) -> String {
        match self {
            Shape::Ids { t } => format!("{t} token ids"),
            Shape::Image { c, h, w } => format!("an image of {c}×{h}×{w}"),
            Shape::Tokens { t, d } => format!("{t} tokens × {d} features"),
        }
    }
}

/// The activation flowing between layers, and whether its gradient is needed in training.
#[derive(Clone, Copy, Debug)]
struct State {
    shape: Shape,
    grad: bool,
    /// The tensor that holds it (see [`Lowering::fresh`]).
    id: u32,
}

pub(super) fn lower(net: &Network, w: &WorkloadShape) -> Result<Lowered, NetworkError> {
    let top = |field: &str, problem: String| NetworkError {
        network: net.id.clone(),
        layer: "-".into(),
        field: field.into(),
        problem,
    };
    if w.batch == 0 || w.batch > MAX_BATCH {
        return Err(top(
            "batch",
            format!("{} is out of range: use 1 to {MAX_BATCH}", w.batch),
        ));
    }
    if !(1..=8).contains(&w.element_bytes) {
        return Err(top(
            "element_bytes",
            format!(
                "{} is out of range: use 1 to 8 (2 for FP16/BF16, 4 for FP32)",
                w.element_bytes
            ),
        ));
    }
    let training = w.phase == Phase::Training;
    let (start, steps, ctx0) = match net.input {
        Input::Image {
            channels,
            height,
            width,
        } => {
            if let Some(s) = w.seq_len {
                return Err(top(
                    "seq_len",
                    format!(
                        "{s} given, but {} takes a {height}×{width} image: its token count \
                         follows from the image; leave seq_len unset",
                        net.name
                    ),
                ));
            }
            if w.decode_tokens.is_some() {
                return Err(top(
                    "decode_tokens",
                    format!("{} takes images; decoding needs a token network", net.name),
                ));
            }
            let shape = Shape::Image {
                c: channels,
                h: height,
                w: width,
            };
            (shape, 1, None)
        }
        Input::Tokens {
            default_seq_len,
            max_seq_len,
        } => {
            let s = w.seq_len.unwrap_or(default_seq_len);
            if s == 0 || s > MAX_SEQ_LEN {
                return Err(top(
                    "seq_len",
                    format!("{s} is out of range: use 1 to {MAX_SEQ_LEN}"),
                ));
            }
            match w.decode_tokens {
                None => {
                    if s > max_seq_len {
                        return Err(top(
                            "seq_len",
                            format!("{s} is longer than {}'s context of {max_seq_len}", net.name),
                        ));
                    }
                    (Shape::Ids { t: s }, 1, None)
                }
                Some(n) => {
                    if training {
                        return Err(top(
                            "decode_tokens",
                            "decoding is inference: use phase = inference".into(),
                        ));
                    }
                    if n == 0 || n > MAX_DECODE_TOKENS {
                        return Err(top(
                            "decode_tokens",
                            format!("{n} is out of range: use 1 to {MAX_DECODE_TOKENS}"),
                        ));
                    }
                    if s + n - 1 > max_seq_len {
                        return Err(top(
                            "decode_tokens",
                            format!(
                                "seq_len {s} + {n} decoded tokens exceed {}'s context of \
                                 {max_seq_len}",
                                net.name
                            ),
                        ));
                    }
                    (Shape::Ids { t: 1 }, n, Some(s))
                }
            }
        }
    };

    let mut lw = Lowering {
        net,
        batch: w.batch,
        e: u64::from(w.element_bytes),
        training,
        ctx: None,
        forward: Vec::new(),
        backward: Vec::new(),
        parameters: 0,
        next_id: 0,
        named: HashMap::default(),
        persistent: HashSet::default(),
        parts: HashMap::default(),
        trainable: Vec::new(),
    };
    let input_bytes = lw.bytes("-", start)?;
    for step in 0..steps {
        lw.ctx = ctx0.map(|s| s + step);
        let before = lw.parameters;
        let id = lw.param(&format!("input {step}"), input_bytes, false);
        lw.list(
            "",
            &net.layers,
            State {
                shape: start,
                grad: false,
                id,
            },
        )?;
        if step > 0 {
            lw.parameters = before;
        }
    }
    let optimizer = if training {
        lw.optimizer_uses()
    } else {
        Vec::new()
    };
    let Lowering {
        mut forward,
        backward,
        parameters,
        e,
        ..
    } = lw;
    if training {
        for group in backward.into_iter().rev() {
            forward.extend(group);
        }
        let p = parameters;
        let writes = if e < 4 { 12 + e } else { 12 };
        forward.push(Kernel {
            layer: "optimizer (Adam)".into(),
            pass: Pass::WeightUpdate,
            shape: KernelShape::Stream {
                read_bytes: p.saturating_mul(e + 12),
                write_bytes: p.saturating_mul(writes),
                flops: p.saturating_mul(12),
                access: StreamAccess::Elementwise,
            },
            tensors: optimizer,
        });
    }
    Ok(Lowered {
        kernels: forward,
        parameters,
    })
}

struct Lowering<'a> {
    net: &'a Network,
    batch: u64,
    e: u64,
    training: bool,
    /// Decode: keys and values the current step attends to.
    ctx: Option<u64>,
    forward: Vec<Kernel>,
    /// Backward kernels, one group per layer in forward order (run in reverse).
    backward: Vec<Vec<Kernel>>,
    parameters: u64,
    /// The last tensor id handed out.
    next_id: u32,
    /// Persistent tensors by name (parameters by layer path, the input, caches): a decode step
    /// that runs the layers again finds the same tensors.
    named: HashMap<String, u32>,
    /// Tensors that live across steps.
    persistent: HashSet<u32>,
    /// A concatenation's tensor (or its gradient): the tensors its branches wrote, with bytes.
    parts: HashMap<u32, Vec<(u32, u64)>>,
    /// Trainable parameters the optimiser updates: tensor id and bytes.
    trainable: Vec<(u32, u64)>,
}

/// Product of sizes, `None` on overflow.
fn prod(xs: &[u64]) -> Option<u64> {
    xs.iter().try_fold(1u64, |acc, &x| acc.checked_mul(x))
}

impl Lowering<'_> {
    fn err(&self, layer: &str, field: &str, problem: String) -> NetworkError {
        NetworkError {
            network: self.net.id.clone(),
            layer: if layer.is_empty() {
                "-".into()
            } else {
                layer.into()
            },
            field: field.into(),
            problem,
        }
    }

    /// `prod`, or an error naming the layer when the sizes overflow 64 bits.
    fn p(&self, layer: &str, xs: &[u64]) -> Result<u64, NetworkError> {
        prod(xs).ok_or_else(|| {
            self.err(
                layer,
                "-",
                "sizes overflow 64 bits: use a smaller batch or sequence".into(),
            )
        })
    }

    /// Bytes of a per-sample shape over the whole batch.
    fn bytes(&self, layer: &str, s: Shape) -> Result<u64, NetworkError> {
        match s {
            Shape::Ids { t } => self.p(layer, &[self.batch, t, 4]),
            Shape::Image { c, h, w } => self.p(layer, &[self.batch, c, h, w, self.e]),
            Shape::Tokens { t, d } => self.p(layer, &[self.batch, t, d, self.e]),
        }
    }

    fn push(&mut self, layer: &str, shape: KernelShape, tensors: Vec<TensorUse>) {
        self.forward.push(Kernel {
            layer: layer.into(),
            pass: Pass::Forward,
            shape,
            tensors,
        });
    }

    fn push_backward(&mut self, group: Vec<(Pass, KernelShape, Vec<TensorUse>)>, layer: &str) {
        if self.training && !group.is_empty() {
            self.backward.push(
                group
                    .into_iter()
                    .map(|(pass, shape, tensors)| Kernel {
                        layer: layer.into(),
                        pass,
                        shape,
                        tensors,
                    })
                    .collect(),
            );
        }
    }

    /// A new tensor (an activation, a gradient's buffer, a temporary).
    fn fresh(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// The persistent tensor named `key` (created on first use); a trainable one joins the
    /// optimiser's list with its bytes.
    fn param(&mut self, key: &str, bytes: u64, trainable: bool) -> u32 {
        if let Some(&id) = self.named.get(key) {
            return id;
        }
        let id = self.fresh();
        self.named.insert(key.to_string(), id);
        self.persistent.insert(id);
        if trainable {
            self.trainable.push((id, bytes));
        }
        id
    }

    /// Uses of tensors: `reads` then `writes`, `(id, bytes)` each; a concatenation (or an alias
    /// in [`Lowering::parts`]) is its parts' tensors, its bytes shared among them in proportion.
    fn io(&self, reads: &[(u32, u64)], writes: &[(u32, u64)]) -> Vec<TensorUse> {
        let mut v = Vec::with_capacity(reads.len() + writes.len());
        for (list, write) in [(reads, false), (writes, true)] {
            for &(id, bytes) in list {
                self.expand(id, bytes, write, 8, &mut v);
            }
        }
        v
    }

    fn expand(&self, id: u32, bytes: u64, write: bool, depth: u32, v: &mut Vec<TensorUse>) {
        match self.parts.get(&id) {
            Some(parts) if depth > 0 && !parts.is_empty() => {
                let total: u64 = parts.iter().map(|p| p.1).sum::<u64>().max(1);
                let mut left = bytes;
                for (i, &(part, size)) in parts.iter().enumerate() {
                    let b = if i + 1 == parts.len() {
                        left
                    } else {
                        ((u128::from(bytes) * u128::from(size)) / u128::from(total)) as u64
                    };
                    left = left.saturating_sub(b);
                    self.expand(part, b, write, depth - 1, v);
                }
            }
            _ => v.push(self.one(id, bytes, write)),
        }
    }

    fn one(&self, id: u32, bytes: u64, write: bool) -> TensorUse {
        let persistent = self.persistent.contains(&id);
        if write {
            TensorUse::write(id, bytes, persistent)
        } else {
            TensorUse::read(id, bytes, persistent)
        }
    }

    /// The fused Adam step's tensors: each trainable parameter's gradient and the FP32 state
    /// (moments, and master weights when `e < 4`) read; the state and the weights written.
    fn optimizer_uses(&mut self) -> Vec<TensorUse> {
        let params = self.parameters;
        let e = self.e;
        let state_bytes = params.saturating_mul(if e < 4 { 12 } else { 8 });
        let state = self.param("optimizer state", state_bytes, false);
        let list = self.trainable.clone();
        let mut reads: Vec<(u32, u64)> = list.iter().map(|&(id, b)| (grad(id), b)).collect();
        if e >= 4 {
            reads.extend(list.iter().copied());
        }
        reads.push((state, state_bytes));
        let mut writes = vec![(state, state_bytes)];
        writes.extend(list.iter().copied());
        self.io(&reads, &writes)
    }

    fn gemm(&self, m: u64, n: u64, k: u64, count: u64, a: u64, b: u64) -> KernelShape {
        KernelShape::Gemm {
            m,
            n,
            k,
            count,
            element_bytes: self.e as u32,
            a_unique_bytes: a,
            b_unique_bytes: b,
        }
    }

    fn list(
        &mut self,
        prefix: &str,
        layers: &[Layer],
        mut st: State,
    ) -> Result<State, NetworkError> {
        for layer in layers {
            let path = if prefix.is_empty() {
                layer.name.clone()
            } else {
                format!("{prefix}.{}", layer.name)
            };
            st = self.layer(&path, &layer.op, st)?;
        }
        Ok(st)
    }

    /// A gradient sum where `ways` consumers share the activation `input`.
    fn fork(&mut self, path: &str, input: State, ways: u64) -> Result<(), NetworkError> {
        if self.training && input.grad && ways > 1 {
            let bytes = self.bytes(path, input.shape)?;
            let flops = self.p(path, &[bytes / self.e, ways - 1])?;
            let read_bytes = self.p(path, &[bytes, ways])?;
            // The gradients of the consumers, summed into the activation's gradient.
            let tensors = self.io(&[(grad(input.id), read_bytes)], &[(grad(input.id), bytes)]);
            self.push_backward(
                vec![(
                    Pass::BackwardData,
                    KernelShape::Stream {
                        read_bytes,
                        write_bytes: bytes,
                        flops,
                        access: StreamAccess::Elementwise,
                    },
                    tensors,
                )],
                &format!("{path} (gradient sum)"),
            );
        }
        Ok(())
    }

    /// A stream layer: forward reads the input (and the layer's parameter tensor `param`, with
    /// its bytes), writes `out`; backward (when the input needs a gradient) reads dY (and the
    /// input when `bwd_x`, the parameters when `bwd_param`), writes dX and the parameters'
    /// gradient.
    #[allow(clippy::too_many_arguments)]
    fn stream(
        &mut self,
        path: &str,
        st: State,
        out: Shape,
        param: Option<(u32, u64)>,
        flops_per_out: u64,
        bwd_x: bool,
        bwd_param: bool,
        access: StreamAccess,
    ) -> Result<State, NetworkError> {
        let in_b = self.bytes(path, st.shape)?;
        let out_b = self.bytes(path, out)?;
        let out_elems = out_b / self.e;
        let extra_read = param.map_or(0, |p| p.1);
        let y = self.fresh();
        let mut reads = vec![(st.id, in_b)];
        reads.extend(param);
        let tensors = self.io(&reads, &[(y, out_b)]);
        self.push(
            path,
            KernelShape::Stream {
                read_bytes: in_b + extra_read,
                write_bytes: out_b,
                flops: self.p(path, &[out_elems, flops_per_out])?,
                access,
            },
            tensors,
        );
        if st.grad {
            let mut reads = vec![(grad(y), out_b)];
            if bwd_x {
                reads.push((st.id, in_b));
            }
            if bwd_param {
                reads.extend(param);
            }
            let mut writes = vec![(grad(st.id), in_b)];
            writes.extend(param.map(|(id, b)| (grad(id), b)));
            let bwd_read_extra =
                if bwd_x { in_b } else { 0 } + if bwd_param { extra_read } else { 0 };
            let tensors = self.io(&reads, &writes);
            self.push_backward(
                vec![(
                    Pass::BackwardData,
                    KernelShape::Stream {
                        read_bytes: out_b + bwd_read_extra,
                        write_bytes: in_b + extra_read,
                        flops: self.p(path, &[out_elems, flops_per_out.max(1), 2])?,
                        access,
                    },
                    tensors,
                )],
                path,
            );
        }
        Ok(State {
            shape: out,
            grad: st.grad,
            id: y,
        })
    }

    fn layer(&mut self, path: &str, op: &Op, st: State) -> Result<State, NetworkError> {
        let wrong_input = |lw: &Self, field: &str, wants: &str| {
            lw.err(
                path,
                field,
                format!("needs {wants}, but its input is {}", st.shape.describe()),
            )
        };
        match *op {
            Op::Conv2d {
                out_channels,
                kernel,
                stride,
                padding,
                groups,
                bias,
            } => {
                let Shape::Image { c, h, w } = st.shape else {
                    return Err(wrong_input(self, "op", "an image"));
                };
                if c % groups != 0 || out_channels % groups != 0 {
                    return Err(self.err(
                        path,
                        "groups",
                        format!(
                            "{groups} does not divide the input channels ({c}) and the output \
                             channels ({out_channels})"
                        ),
                    ));
                }
                let (ho, wo) = self.window(path, h, w, kernel, stride, padding, false)?;
                let (cg, og) = (c / groups, out_channels / groups);
                let weights = self.p(path, &[out_channels, cg, kernel, kernel])?
                    + if bias { out_channels } else { 0 };
                self.parameters += weights;
                let w_b = self.p(path, &[weights, self.e])?;
                let x_b = self.bytes(path, st.shape)?;
                let out = Shape::Image {
                    c: out_channels,
                    h: ho,
                    w: wo,
                };
                let y_b = self.bytes(path, out)?;
                let m = self.p(path, &[self.batch, ho, wo])?;
                let k = self.p(path, &[cg, kernel, kernel])?;
                let g = self.gemm(m, og, k, groups, x_b, w_b);
                let wid = self.param(&format!("{path}.weight"), w_b, true);
                let y = self.fresh();
                // FP16 on NCHW tensors: cuDNN's tensor-core convolutions take NHWC, so a
                // convolution that is not a plain GEMM (a window or a stride) has its input and
                // its filter transposed to NHWC before it and its output transposed back.
                let transposed = self.e == 2 && (kernel > 1 || stride > 1);
                if transposed {
                    let (xt, wt, yt) = (self.fresh(), self.fresh(), self.fresh());
                    let transpose = |bytes| KernelShape::Stream {
                        read_bytes: bytes,
                        write_bytes: bytes,
                        flops: 0,
                        access: StreamAccess::Structured,
                    };
                    let t = self.io(&[(st.id, x_b)], &[(xt, x_b)]);
                    self.push(&format!("{path} (NCHW→NHWC input)"), transpose(x_b), t);
                    let t = self.io(&[(wid, w_b)], &[(wt, w_b)]);
                    self.push(&format!("{path} (NCHW→NHWC filter)"), transpose(w_b), t);
                    let t = self.io(&[(xt, x_b), (wt, w_b)], &[(yt, y_b)]);
                    self.push(path, g, t);
                    let t = self.io(&[(yt, y_b)], &[(y, y_b)]);
                    self.push(&format!("{path} (NHWC→NCHW output)"), transpose(y_b), t);
                } else {
                    let t = self.io(&[(st.id, x_b), (wid, w_b)], &[(y, y_b)]);
                    self.push(path, g, t);
                }
                let mut group = Vec::new();
                if st.grad {
                    // Mean taps per input pixel, so that dX has the forward's FLOPs.
                    let taps = self.p(path, &[og, kernel, kernel, ho, wo])?;
                    let k_dx = ((taps + h * w / 2) / (h * w)).max(1);
                    let m_dx = self.p(path, &[self.batch, h, w])?;
                    group.push((
                        Pass::BackwardData,
                        self.gemm(m_dx, cg, k_dx, groups, y_b, w_b),
                        self.io(&[(grad(y), y_b), (wid, w_b)], &[(grad(st.id), x_b)]),
                    ));
                }
                group.push((
                    Pass::BackwardWeights,
                    self.gemm(k, og, m, groups, x_b, y_b),
                    self.io(&[(st.id, x_b), (grad(y), y_b)], &[(grad(wid), w_b)]),
                ));
                self.push_backward(group, path);
                Ok(State {
                    shape: out,
                    grad: true,
                    id: y,
                })
            }
            Op::Linear {
                out_features,
                bias,
                tied,
            } => {
                let Shape::Tokens { t, d } = st.shape else {
                    return Err(wrong_input(
                        self,
                        "op",
                        "tokens × features (add { op = \"flatten\" } after an image)",
                    ));
                };
                let weights =
                    self.p(path, &[d, out_features])? + if bias { out_features } else { 0 };
                if !tied {
                    self.parameters += weights;
                }
                let w_b = self.p(path, &[weights, self.e])?;
                let x_b = self.bytes(path, st.shape)?;
                let out = Shape::Tokens { t, d: out_features };
                let y_b = self.bytes(path, out)?;
                let m = self.p(path, &[self.batch, t])?;
                let g = self.gemm(m, out_features, d, 1, x_b, w_b);
                let wid = self.param(&format!("{path}.weight"), w_b, !tied);
                let y = self.fresh();
                let t = self.io(&[(st.id, x_b), (wid, w_b)], &[(y, y_b)]);
                self.push(path, g, t);
                let mut group = Vec::new();
                if st.grad {
                    group.push((
                        Pass::BackwardData,
                        self.gemm(m, d, out_features, 1, y_b, w_b),
                        self.io(&[(grad(y), y_b), (wid, w_b)], &[(grad(st.id), x_b)]),
                    ));
                }
                group.push((
                    Pass::BackwardWeights,
                    self.gemm(d, out_features, m, 1, x_b, y_b),
                    self.io(&[(st.id, x_b), (grad(y), y_b)], &[(grad(wid), w_b)]),
                ));
                self.push_backward(group, path);
                Ok(State {
                    shape: out,
                    grad: true,
                    id: y,
                })
            }
            Op::Attention {
                heads,
                kv_heads,
                head_dim,
                causal,
                rotary,
            } => self.attention(path, st, heads, kv_heads, head_dim, causal, rotary),
            Op::Pool {
                kind,
                kernel,
                stride,
                padding,
                ceil_mode,
            } => {
                let Shape::Image { c, h, w } = st.shape else {
                    return Err(wrong_input(self, "op", "an image"));
                };
                let (ho, wo) = self.window(path, h, w, kernel, stride, padding, ceil_mode)?;
                let out = Shape::Image { c, h: ho, w: wo };
                self.stream(
                    path,
                    st,
                    out,
                    None,
                    kernel * kernel,
                    kind == PoolKind::Max,
                    false,
                    StreamAccess::Structured,
                )
            }
            Op::AdaptiveAvgPool { out } => {
                let Shape::Image { c, h, w } = st.shape else {
                    return Err(wrong_input(self, "op", "an image"));
                };
                if out > h || out > w {
                    return Err(self.err(
                        path,
                        "out",
                        format!("{out} is larger than the input {h}×{w}"),
                    ));
                }
                let window = h.div_ceil(out) * w.div_ceil(out);
                self.stream(
                    path,
                    st,
                    Shape::Image { c, h: out, w: out },
                    None,
                    window,
                    false,
                    false,
                    StreamAccess::Structured,
                )
            }
            Op::Norm(kind) => {
                let (features, ok) = match (kind, st.shape) {
                    (NormKind::Batch, Shape::Image { c, .. }) => (c, true),
                    (NormKind::Layer | NormKind::Rms, Shape::Tokens { d, .. }) => (d, true),
                    _ => (0, false),
                };
                if !ok {
                    let wants = if kind == NormKind::Batch {
                        "an image (batch norm normalises channels)"
                    } else {
                        "tokens × features"
                    };
                    return Err(wrong_input(self, "op", wants));
                }
                let per = if kind == NormKind::Rms { 1 } else { 2 };
                let params = features * per;
                self.parameters += params;
                let p_b = params * self.e;
                let x_b = self.bytes(path, st.shape)?;
                let flops = if kind == NormKind::Rms { 4 } else { 8 };
                let pid = self.param(&format!("{path}.weight"), p_b, true);
                if kind == NormKind::Batch && !self.training {
                    // Eager batch norm in eval mode: the running statistics are copied and their
                    // inverse standard deviation computed, one small kernel each per channel
                    // vector, before the transform.
                    let stats = self.p(path, &[features, 4])?;
                    let mut from = self.param(&format!("{path}.running"), stats, false);
                    for what in ["statistics copy", "inverse std"] {
                        let to = self.fresh();
                        let t = self.io(&[(from, stats)], &[(to, stats)]);
                        self.push(
                            &format!("{path} ({what})"),
                            KernelShape::Stream {
                                read_bytes: stats,
                                write_bytes: stats,
                                flops: features,
                                access: StreamAccess::Structured,
                            },
                            t,
                        );
                        from = to;
                    }
                }
                let mut next = self.stream(
                    path,
                    st,
                    st.shape,
                    Some((pid, p_b)),
                    flops,
                    true,
                    true,
                    StreamAccess::Structured,
                )?;
                if !st.grad {
                    // The scale/shift gradients still need dY and X.
                    let out_b = x_b;
                    let t = self.io(&[(grad(next.id), out_b), (st.id, x_b)], &[(grad(pid), p_b)]);
                    self.push_backward(
                        vec![(
                            Pass::BackwardWeights,
                            KernelShape::Stream {
                                read_bytes: out_b + x_b,
                                write_bytes: p_b,
                                flops: self.p(path, &[x_b / self.e, 2])?,
                                access: StreamAccess::Structured,
                            },
                            t,
                        )],
                        path,
                    );
                }
                next.grad = true;
                Ok(next)
            }
            Op::Activation(kind) => {
                let out = match (kind, st.shape) {
                    (_, Shape::Ids { .. }) => return Err(wrong_input(self, "op", "features")),
                    (ActivationKind::Swiglu, Shape::Tokens { t, d }) => {
                        if d % 2 != 0 {
                            return Err(self.err(
                                path,
                                "op",
                                format!("swiglu halves the features, but {d} is odd"),
                            ));
                        }
                        Shape::Tokens { t, d: d / 2 }
                    }
                    (ActivationKind::Swiglu, _) => {
                        return Err(wrong_input(self, "op", "tokens × features"))
                    }
                    (_, s) => s,
                };
                let flops = match kind {
                    ActivationKind::Relu | ActivationKind::Relu6 => 1,
                    ActivationKind::Tanh | ActivationKind::Silu => 4,
                    ActivationKind::Gelu => 8,
                    ActivationKind::Swiglu => 5,
                };
                self.stream(
                    path,
                    st,
                    out,
                    None,
                    flops,
                    true,
                    false,
                    StreamAccess::Elementwise,
                )
            }
            Op::Embedding {
                rows,
                dim,
                positions,
            } => {
                let (t, adding) = match st.shape {
                    Shape::Ids { t } => (t, false),
                    Shape::Tokens { t, d } if d == dim => (t, true),
                    Shape::Tokens { d, .. } => {
                        return Err(self.err(
                            path,
                            "dim",
                            format!(
                                "{dim}, but the input has {d} features: an embedding added to \
                                 an activation must have as many features"
                            ),
                        ))
                    }
                    Shape::Image { .. } => {
                        return Err(wrong_input(self, "op", "token ids or tokens"))
                    }
                };
                // Rows touched: positions are shared by the batch; ids are at most the table.
                let (used, last) = if positions {
                    match self.ctx {
                        Some(ctx) => (1, ctx),
                        None => (t, t),
                    }
                } else {
                    (self.p(path, &[self.batch, t])?.min(rows), 0)
                };
                if last > rows {
                    return Err(self.err(
                        path,
                        "rows",
                        format!("{rows} positions, but the sequence is {last} tokens long"),
                    ));
                }
                let params = self.p(path, &[rows, dim])?;
                self.parameters += params;
                let table_b = self.p(path, &[params, self.e])?;
                let wid = self.param(&format!("{path}.weight"), table_b, true);
                let rows_b = self.p(path, &[used, dim, self.e])?;
                let out = Shape::Tokens { t, d: dim };
                let in_b = self.bytes(path, st.shape)?;
                let out_b = self.bytes(path, out)?;
                let flops = if adding { out_b / self.e } else { 0 };
                let y = self.fresh();
                let t = self.io(&[(wid, rows_b), (st.id, in_b)], &[(y, out_b)]);
                self.push(
                    path,
                    KernelShape::Stream {
                        read_bytes: rows_b + in_b,
                        write_bytes: out_b,
                        flops,
                        access: StreamAccess::Structured,
                    },
                    t,
                );
                let t = self.io(&[(grad(y), out_b)], &[(grad(wid), rows_b)]);
                self.push_backward(
                    vec![(
                        Pass::BackwardWeights,
                        KernelShape::Stream {
                            read_bytes: out_b,
                            write_bytes: rows_b,
                            flops: out_b / self.e,
                            access: StreamAccess::Structured,
                        },
                        t,
                    )],
                    path,
                );
                Ok(State {
                    shape: out,
                    grad: true,
                    id: y,
                })
            }
            Op::ClassToken => {
                let Shape::Tokens { t, d } = st.shape else {
                    return Err(wrong_input(self, "op", "tokens × features"));
                };
                self.parameters += d;
                let out = Shape::Tokens { t: t + 1, d };
                let pid = self.param(&format!("{path}.weight"), d * self.e, true);
                let mut next = self.stream(
                    path,
                    st,
                    out,
                    Some((pid, d * self.e)),
                    0,
                    false,
                    false,
                    StreamAccess::Elementwise,
                )?;
                next.grad = true;
                Ok(next)
            }
            Op::TakeTokens { count } => {
                let Shape::Tokens { t, d } = st.shape else {
                    return Err(wrong_input(self, "op", "tokens × features"));
                };
                if count > t {
                    return Err(self.err(
                        path,
                        "count",
                        format!("{count}, but the input has only {t} tokens"),
                    ));
                }
                let out = Shape::Tokens { t: count, d };
                let out_b = self.bytes(path, out)?;
                // Reads only the kept tokens.
                let in_b = self.bytes(path, st.shape)?;
                let y = self.fresh();
                let t = self.io(&[(st.id, out_b)], &[(y, out_b)]);
                self.push(
                    path,
                    KernelShape::Stream {
                        read_bytes: out_b,
                        write_bytes: out_b,
                        flops: 0,
                        access: StreamAccess::Elementwise,
                    },
                    t,
                );
                if st.grad {
                    let t = self.io(&[(grad(y), out_b)], &[(grad(st.id), in_b)]);
                    self.push_backward(
                        vec![(
                            Pass::BackwardData,
                            KernelShape::Stream {
                                read_bytes: out_b,
                                write_bytes: in_b,
                                flops: 0,
                                access: StreamAccess::Elementwise,
                            },
                            t,
                        )],
                        path,
                    );
                }
                Ok(State {
                    shape: out,
                    grad: st.grad,
                    id: y,
                })
            }
            Op::PatchTokens => {
                let Shape::Image { c, h, w } = st.shape else {
                    return Err(wrong_input(self, "op", "an image"));
                };
                Ok(State {
                    shape: Shape::Tokens { t: h * w, d: c },
                    grad: st.grad,
                    id: st.id,
                })
            }
            Op::Flatten => match st.shape {
                Shape::Image { c, h, w } => Ok(State {
                    shape: Shape::Tokens { t: 1, d: c * h * w },
                    grad: st.grad,
                    id: st.id,
                }),
                Shape::Tokens { t, d } => Ok(State {
                    shape: Shape::Tokens { t: 1, d: t * d },
                    grad: st.grad,
                    id: st.id,
                }),
                Shape::Ids { .. } => Err(wrong_input(self, "op", "an image or tokens")),
            },
            Op::Block { ref layers, repeat } => {
                let mut st = st;
                for i in 0..repeat {
                    st = self.list(&repeated(path, i, repeat), layers, st)?;
                }
                Ok(st)
            }
            Op::Residual {
                ref layers,
                ref shortcut,
                repeat,
            } => {
                let mut st = st;
                for i in 0..repeat {
                    let p = repeated(path, i, repeat);
                    self.fork(&p, st, 2)?;
                    let main = self.list(&p, layers, st)?;
                    let short = self.list(&format!("{p}.shortcut"), shortcut, st)?;
                    if main.shape != short.shape {
                        return Err(self.err(
                            &p,
                            "shortcut",
                            format!(
                                "the main path gives {} but the shortcut gives {}: add a \
                                 projection to `shortcut`",
                                main.shape.describe(),
                                short.shape.describe()
                            ),
                        ));
                    }
                    let y_b = self.bytes(&p, main.shape)?;
                    let y = self.fresh();
                    let t = self.io(&[(main.id, y_b), (short.id, y_b)], &[(y, y_b)]);
                    self.push(
                        &format!("{p} (add)"),
                        KernelShape::Stream {
                            read_bytes: 2 * y_b,
                            write_bytes: y_b,
                            flops: y_b / self.e,
                            access: StreamAccess::Elementwise,
                        },
                        t,
                    );
                    // The add's backward passes dY to both paths: their gradients are its own.
                    self.parts.insert(grad(main.id), vec![(grad(y), y_b)]);
                    if short.id != main.id {
                        self.parts.insert(grad(short.id), vec![(grad(y), y_b)]);
                    }
                    st = State {
                        shape: main.shape,
                        grad: main.grad || short.grad,
                        id: y,
                    };
                }
                Ok(st)
            }
            Op::Concat { ref branches } => {
                self.fork(path, st, branches.len() as u64)?;
                let mut out: Option<Shape> = None;
                let mut needs_grad = st.grad;
                let mut parts = Vec::with_capacity(branches.len());
                for (i, branch) in branches.iter().enumerate() {
                    let b = self.list(&format!("{path}.branch{}", i + 1), branch, st)?;
                    needs_grad |= b.grad;
                    parts.push((b.id, self.bytes(path, b.shape)?));
                    out = Some(match (out, b.shape) {
                        (None, s) => s,
                        (
                            Some(Shape::Image { c, h, w }),
                            Shape::Image {
                                c: c2,
                                h: h2,
                                w: w2,
                            },
                        ) if h == h2 && w == w2 => Shape::Image { c: c + c2, h, w },
                        (Some(Shape::Tokens { t, d }), Shape::Tokens { t: t2, d: d2 })
                            if t == t2 =>
                        {
                            Shape::Tokens { t, d: d + d2 }
                        }
                        (Some(a), b) => {
                            return Err(self.err(
                                path,
                                "branches",
                                format!(
                                    "branch {} gives {} but the branches before give {}: \
                                     concatenated branches must agree in everything but \
                                     channels",
                                    i + 1,
                                    b.describe(),
                                    a.describe()
                                ),
                            ))
                        }
                    });
                }
                // Branches write into slices of the concatenation: it is their tensors, and its
                // gradient is theirs.
                let id = self.fresh();
                let grads = parts.iter().map(|&(p, b)| (grad(p), b)).collect();
                self.parts.insert(id, parts);
                self.parts.insert(grad(id), grads);
                match out {
                    Some(shape) => Ok(State {
                        shape,
                        grad: needs_grad,
                        id,
                    }),
                    None => Err(self.err(path, "branches", "is empty".into())),
                }
            }
        }
    }

    /// Output size of a convolution or pooling window (PyTorch's rule, `ceil_mode` included).
    #[allow(clippy::too_many_arguments)]
    fn window(
        &self,
        path: &str,
        h: u64,
        w: u64,
        kernel: u64,
        stride: u64,
        padding: u64,
        ceil_mode: bool,
    ) -> Result<(u64, u64), NetworkError> {
        let side = |x: u64| -> Option<u64> {
            let span = (x + 2 * padding).checked_sub(kernel)?;
            let mut o = if ceil_mode {
                span.div_ceil(stride) + 1
            } else {
                span / stride + 1
            };
            // The last window must start inside the input or the left padding.
            if ceil_mode && (o - 1) * stride >= x + padding {
                o -= 1;
            }
            Some(o)
        };
        match (side(h), side(w)) {
            (Some(ho), Some(wo)) => Ok((ho, wo)),
            _ => Err(self.err(
                path,
                "kernel",
                format!("{kernel} is larger than the padded input ({h}×{w}, padding {padding})"),
            )),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn attention(
        &mut self,
        path: &str,
        st: State,
        heads: u64,
        kv_heads: u64,
        hd: u64,
        causal: bool,
        rotary: bool,
    ) -> Result<State, NetworkError> {
        let Shape::Tokens { t, d } = st.shape else {
            return Err(self.err(
                path,
                "op",
                format!(
                    "needs tokens × features, but its input is {}",
                    st.shape.describe()
                ),
            ));
        };
        let qkv = (heads + 2 * kv_heads) * hd;
        if d != qkv {
            return Err(self.err(
                path,
                "heads",
                format!(
                    "the input has {d} features, but Q|K|V of {heads} query and {kv_heads} \
                     key/value heads of {hd} need (heads + 2·kv_heads)·head_dim = {qkv}: check \
                     the projection before it"
                ),
            ));
        }
        if self.ctx.is_some() && !causal {
            return Err(self.err(
                path,
                "causal",
                "false, but decoding needs causal attention (a decoder network)".into(),
            ));
        }
        let b = self.batch;
        let e = self.e;
        let tq = t;
        let tkv = self.ctx.unwrap_or(t);
        let count = self.p(path, &[b, heads])?;
        let q_b = self.p(path, &[b, heads, tq, hd, e])?;
        let kv_b = self.p(path, &[b, kv_heads, tkv, hd, e])?;
        let s_elems = self.p(path, &[b, heads, tq, tkv])?;
        let s_b = self.p(path, &[s_elems, e])?;
        let o = Shape::Tokens { t, d: heads * hd };
        let o_b = self.bytes(path, o)?;
        if rotary {
            let qk = self.p(path, &[b, tq, heads + kv_heads, hd, e])?;
            // Q and K rotated in place.
            let t = self.io(&[(st.id, qk)], &[(st.id, qk)]);
            self.push(
                &format!("{path} (rotary)"),
                KernelShape::Stream {
                    read_bytes: qk,
                    write_bytes: qk,
                    flops: 3 * (qk / e),
                    access: StreamAccess::Elementwise,
                },
                t,
            );
        }
        if causal {
            // A causal decoder as the measured stack runs it (Hugging Face transformers hands
            // PyTorch's scaled-dot-product attention an explicit causal mask): the scores reach
            // memory. Measured on the H200, GPT-2 small (batch 8, 1024 tokens) writes 9.2 GB to
            // the L2 in one forward pass and Llama-2-7B prefill (2048 tokens) 23.8 GB — the
            // size of several passes over the `tq × tkv` scores of every layer, where fused
            // attention would write O alone (≈ 0.2 GB and 1.1 GB).
            return self.attention_materialised(
                path,
                st,
                o,
                (q_b, kv_b, s_b, s_elems),
                (count, heads, kv_heads, hd),
                rotary,
            );
        }
        // Fused (flash) attention, as PyTorch's scaled-dot-product attention runs an encoder
        // (no mask): the scores never reach memory (`KernelShape::Attention`; the measured
        // BERT-base profile names the kernel `…sdpa_sm90_flash_fprop…`).
        let _ = (q_b, kv_b, s_b);
        let group = (heads / kv_heads.max(1)).max(1);
        let element_bytes = self.e as u32;
        let fused = move |backward: bool| KernelShape::Attention {
            count,
            tq,
            tkv,
            hd,
            group,
            causal,
            backward,
            element_bytes,
        };
        let y = self.fresh();
        let (qkv_reads, o_writes) = fused(false).compulsory_bytes();
        let t = self.io(&[(st.id, qkv_reads)], &[(y, o_writes)]);
        self.push(&format!("{path} (flash attention)"), fused(false), t);
        if st.grad {
            // FlashAttention-2's backward: a pre-pass forms D = rowsum(dO ∘ O) (reads O and dO,
            // writes one FP32 value per query), the fused kernel accumulates dQ in FP32 at the
            // L2, and a last pass converts dQ to the element type.
            let rows = self.p(path, &[b, heads, tq])?;
            let dq32 = self.p(path, &[rows, hd, 4])?;
            let (d_rows, dq) = (self.fresh(), self.fresh());
            let (bwd_reads, dkv) = fused(true).compulsory_bytes();
            let mut group = vec![
                (
                    Pass::BackwardData,
                    KernelShape::Stream {
                        read_bytes: 2 * o_b,
                        write_bytes: rows * 4,
                        flops: 2 * (o_b / e),
                        access: StreamAccess::Structured,
                    },
                    self.io(&[(y, o_b), (grad(y), o_b)], &[(d_rows, rows * 4)]),
                ),
                (
                    Pass::BackwardData,
                    fused(true),
                    self.io(
                        &[(st.id, bwd_reads.saturating_sub(o_b)), (grad(y), o_b)],
                        &[(grad(st.id), dkv), (dq, dq32)],
                    ),
                ),
                (
                    Pass::BackwardData,
                    KernelShape::Stream {
                        read_bytes: dq32,
                        write_bytes: dq32 / 4 * e,
                        flops: dq32 / 4,
                        access: StreamAccess::Elementwise,
                    },
                    self.io(&[(dq, dq32)], &[(grad(st.id), dq32 / 4 * e)]),
                ),
            ];
            if rotary {
                let qk = self.p(path, &[b, tq, heads + kv_heads, hd, e])?;
                group.push((
                    Pass::BackwardData,
                    KernelShape::Stream {
                        read_bytes: qk,
                        write_bytes: qk,
                        flops: 3 * (qk / e),
                        access: StreamAccess::Elementwise,
                    },
                    self.io(&[(grad(st.id), qk)], &[(grad(st.id), qk)]),
                ));
            }
            self.push_backward(group, path);
        }
        Ok(State {
            shape: o,
            grad: st.grad,
            id: y,
        })
    }

    /// Attention with the scores in memory: `Q·Kᵀ`, a softmax over the scores, `P·V`, and in
    /// training the five backward kernels of the unfused graph.
    fn attention_materialised(
        &mut self,
        path: &str,
        st: State,
        o: Shape,
        (q_b, kv_b, s_b, s_elems): (u64, u64, u64, u64),
        (count, heads, kv_heads, hd): (u64, u64, u64, u64),
        rotary: bool,
    ) -> Result<State, NetworkError> {
        let Shape::Tokens { t: tq, .. } = o else {
            return Err(self.err(path, "op", "attention output must be tokens".into()));
        };
        let e = self.e;
        let tkv = self.ctx.unwrap_or(tq);
        let o_b = self.bytes(path, o)?;
        let softmax_flops = s_elems * 6;
        // Keys and values: the projection's output, or in a decode step the layer's cache.
        let (k_id, v_id) = if self.ctx.is_some() {
            (
                self.param(&format!("{path}.key cache"), kv_b, false),
                self.param(&format!("{path}.value cache"), kv_b, false),
            )
        } else {
            (st.id, st.id)
        };
        let (scores, probs, y) = (self.fresh(), self.fresh(), self.fresh());
        let qk = self.gemm(tq, tkv, hd, count, q_b, kv_b);
        let t = self.io(&[(st.id, q_b), (k_id, kv_b)], &[(scores, s_b)]);
        self.push(&format!("{path} (Q·Kᵀ)"), qk, t);
        let t = self.io(&[(scores, s_b)], &[(probs, s_b)]);
        self.push(
            &format!("{path} (softmax)"),
            KernelShape::Stream {
                read_bytes: s_b,
                write_bytes: s_b,
                flops: softmax_flops,
                access: StreamAccess::Structured,
            },
            t,
        );
        let pv = self.gemm(tq, hd, tkv, count, s_b, kv_b);
        let t = self.io(
            &[(probs, s_b), (v_id, kv_b)],
            &[(y, pv.compulsory_bytes().1)],
        );
        self.push(&format!("{path} (P·V)"), pv, t);
        if st.grad {
            let (gp, gs) = (self.fresh(), self.fresh());
            let gx = grad(st.id);
            let g = |lw: &Self, m, n, k, a: (u32, u64), b: (u32, u64), out: u32| {
                let shape = lw.gemm(m, n, k, count, a.1, b.1);
                let t = lw.io(&[a, b], &[(out, shape.compulsory_bytes().1)]);
                (Pass::BackwardData, shape, t)
            };
            let mut group = vec![
                g(self, tq, tkv, hd, (grad(y), o_b), (st.id, kv_b), gp),
                g(self, tkv, hd, tq, (probs, s_b), (grad(y), o_b), gx),
                (
                    Pass::BackwardData,
                    KernelShape::Stream {
                        read_bytes: 2 * s_b,
                        write_bytes: s_b,
                        flops: 3 * s_elems,
                        access: StreamAccess::Structured,
                    },
                    self.io(&[(gp, s_b), (probs, s_b)], &[(gs, s_b)]),
                ),
                g(self, tq, hd, tkv, (gs, s_b), (st.id, kv_b), gx),
                g(self, tkv, hd, tq, (gs, s_b), (st.id, q_b), gx),
            ];
            if rotary {
                let qk = self.p(path, &[self.batch, tq, heads + kv_heads, hd, e])?;
                group.push((
                    Pass::BackwardData,
                    KernelShape::Stream {
                        read_bytes: qk,
                        write_bytes: qk,
                        flops: 3 * (qk / e),
                        access: StreamAccess::Elementwise,
                    },
                    self.io(&[(gx, qk)], &[(gx, qk)]),
                ));
            }
            self.push_backward(group, path);
        }
        Ok(State {
            shape: o,
            grad: st.grad,
            id: y,
        })
    }
}

/// The path of repetition `i` of a repeated block (`stage2[1]`), the plain path when it runs once.
fn repeated(path: &str, i: u64, repeat: u64) -> String {
    if repeat == 1 {
        path.to_string()
    } else {
        format!("{path}[{i}]")
    }
}
