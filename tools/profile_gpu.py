#!/usr/bin/env python3
"""Measure the L2 and DRAM traffic and the step time of nvmcalc's network library on an NVIDIA GPU.

The numbers ground nvmcalc's workload level (issue #17): for each network of the library
(presets/networks/*.toml) the script builds the model with random weights (nothing is
downloaded), stores it in FP16 (``model.half()``), runs one inference or training step and lets
Nsight Compute (``ncu``) count the L2 sectors and DRAM bytes of that step.

Method (the same as shared/reference/gpu-measured, measured on an H200 on 2026-12-04):
  * models: torchvision (alexnet, vgg16, resnet18, resnet50, squeezenet1_1, googlenet without
    auxiliary heads, mobilenet_v2, vit_b_16 for vit_b16) and Hugging Face transformers
    (BertModel with the default BertConfig = BERT-base; GPT2LMHeadModel with the default
    GPT2Config = GPT-2 small; LlamaForCausalLM with the Llama-2-7B shapes: hidden 4096,
    32 heads, intermediate 11008, vocabulary 32000, 32 layers unless --layers says fewer),
    random weights, FP16 storage, NCHW, ``cudnn.benchmark = True``, eager mode, the libraries'
    default attention (PyTorch's scaled-dot-product attention);
  * inputs: random 224x224 images (CNNs, ViT) or random token ids (BERT, GPT-2, Llama);
  * inference step: forward under ``torch.no_grad()`` in eval mode (``use_cache=False`` for the
    decoders: the whole sequence is one prefill);
  * training step (train mode, so dropout and batch-norm statistics are live): forward, loss,
    backward, ``Adam(fused=True)``, ``zero_grad(set_to_none=True)``.  Loss: cross-entropy on the
    logits (CNNs and ViT: random class labels; GPT-2 and Llama: next token over all positions,
    ``cross_entropy(logits[:, :-1], ids[:, 1:])``); BERT (no head): mean square of the last
    hidden state;
  * counters: one warm-up step, then one step between ``cudaProfilerStart``/``cudaProfilerStop``,
    profiled as one range with
    ``ncu --replay-mode app-range --cache-control none --clock-control none`` (the totals cover
    every kernel of the step, the caches left as a real run leaves them between kernels);
  * step time: a separate run without the profiler, CUDA events around each step, 5 timed steps
    after 2 warm-ups; peak memory = ``torch.cuda.max_memory_allocated`` over the timed steps.

Sub-commands
  totals   one CSV row per workload, with exactly the columns of
           shared/reference/gpu-measured/h200_pytorch_fp16.csv.  For each workload the script
           runs itself twice in child processes: once without the profiler (step times, peak
           memory) and once under ncu (app-range replay, the eight metrics in TOTALS_METRICS).
           A workload that fails is reported on stderr and skipped; each row is written and
           flushed as soon as it is measured.
  kernels  per-kernel profile of one workload's one step (ncu's default kernel replay,
           --cache-control none --clock-control none, the same metrics plus launch__grid_size and
           launch__block_size): ncu's raw CSV (header row, units row, one row per kernel with its
           name), written to --out (gzip-compressed when --out ends in .gz).  A summary (kernel
           count and metric sums) goes to stderr.
  env      the software and GPU facts to record with a measurement (JSON on stdout).
  list     the networks and the named workload sets.
  selftest checks that need no GPU and no torch: workload parsing, ncu CSV parsing (quoted
           fields, units row, thousands separators, scaled units, ==PROF== noise), row format.

A workload is ``network,phase,batch[,seq_len[,layers]]``: phase is ``inference`` or
``training``; seq_len is for the token networks only (default: the network's default length);
layers only for llama2_7b (default 32; fewer layers are written as network ``llama2_7b_<n>l``).

Commands (from the repository root, on a machine with an NVIDIA GPU, PyTorch, torchvision,
transformers and Nsight Compute; no network access is needed):

  python3 tools/profile_gpu.py selftest
  python3 tools/profile_gpu.py env > env.json
  python3 tools/profile_gpu.py totals --out totals.csv \\
      --workload resnet50,inference,32 --workload bert_base,inference,8,512 \\
      --workload llama2_7b,inference,1,2048
  python3 tools/profile_gpu.py totals --out reference.csv --set reference
  python3 tools/profile_gpu.py kernels --workload resnet50,inference,32 --out kernels.csv.gz

A 7B model in FP16 (13.5 GB) fits in an H200's 141 GB for inference (measured: 12.8 GiB peak
at batch 1, sequence 2048); its training state (FP16 weights, gradients and two Adam moments,
about 54 GB, plus the activations) was not tried: train llama2_7b with fewer decoder layers,
e.g. ``--workload llama2_7b,training,1,2048,4`` or ``--layers 4`` (written as ``llama2_7b_4l``).

Cost, as seen on an H200 (2026-12-04, docs/measurements/h200-2026-12-04): a `totals` workload
took 31-52 s (timing run 8-18 s, ncu app-range run with its two application passes 22-34 s);
`kernels` took 67 s for ResNet-50 inference (347 kernels) and 44 s for BERT-base inference
(154 kernels).  ncu's raw page holds about 300 columns (device attributes and launch
statistics besides the requested metrics) and prints numbers with thousands separators.

The counters need ncu with access to the GPU's performance counters (root, or
NVreg_RestrictProfilingToAdminUsers=0).  ``--ncu PATH`` picks the binary; by default the one on
PATH, else /opt/nvidia/nsight-compute/*/ncu.
"""

from __future__ import annotations

import argparse
import csv
import glob
import gzip
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

SCRIPT = os.path.abspath(__file__)

# Columns of shared/reference/gpu-measured/h200_pytorch_fp16.csv, in order.
COLUMNS = [
    "network", "phase", "batch", "seq_len", "elem_bytes",
    "l2_read_sectors", "l2_write_sectors", "l2_read_hit_sectors", "l2_atomic_sectors",
    "l2_reduction_sectors", "dram_read_bytes", "dram_write_bytes",
    "step_time_ms_median", "step_time_ms_min", "step_time_ms_max", "peak_memory_gib",
]

# ncu metric -> CSV column (gpu__time_duration.sum is logged, not written).
TOTALS_METRICS = [
    ("lts__t_sectors_srcunit_tex_op_read.sum", "l2_read_sectors"),
    ("lts__t_sectors_srcunit_tex_op_write.sum", "l2_write_sectors"),
    ("lts__t_sectors_srcunit_tex_op_read_lookup_hit.sum", "l2_read_hit_sectors"),
    ("lts__t_sectors_srcunit_tex_op_atom.sum", "l2_atomic_sectors"),
    ("lts__t_sectors_srcunit_tex_op_red.sum", "l2_reduction_sectors"),
    ("dram__bytes_read.sum", "dram_read_bytes"),
    ("dram__bytes_write.sum", "dram_write_bytes"),
    ("gpu__time_duration.sum", None),
]
KERNEL_EXTRA_METRICS = ["launch__grid_size", "launch__block_size"]

NCU_COMMON = ["--cache-control", "none", "--clock-control", "none"]

RESULT_MARK = "@@profile_gpu@@ "
ELEM_BYTES = 2  # FP16 storage

LLAMA2_7B_LAYERS = 32

# id -> (input kind, default seq_len, max seq_len, library)
NETWORKS: Dict[str, Tuple[str, Optional[int], Optional[int], str]] = {
    "alexnet": ("image", None, None, "torchvision"),
    "vgg16": ("image", None, None, "torchvision"),
    "resnet18": ("image", None, None, "torchvision"),
    "resnet50": ("image", None, None, "torchvision"),
    "squeezenet1_1": ("image", None, None, "torchvision"),
    "googlenet": ("image", None, None, "torchvision"),
    "mobilenet_v2": ("image", None, None, "torchvision"),
    "vit_b16": ("image", None, None, "torchvision"),
    "bert_base": ("tokens", 128, 512, "transformers"),
    "gpt2_small": ("tokens", 1024, 1024, "transformers"),
    "llama2_7b": ("tokens", 4096, 4096, "transformers"),
}

# Named workload sets.  "reference": the nine rows of shared/reference/gpu-measured.
# "generalisation": new shapes, most valuable first (2026-12-04 campaign).
WORKLOAD_SETS: Dict[str, List[str]] = {
    "reference": [
        "resnet50,inference,32", "resnet50,training,32", "vgg16,inference,32",
        "mobilenet_v2,training,32", "alexnet,inference,32", "bert_base,inference,32,128",
        "bert_base,training,32,128", "gpt2_small,inference,8,1024", "gpt2_small,training,8,1024",
    ],
    "generalisation": [
        "resnet50,inference,1", "resnet50,inference,128", "bert_base,inference,8,512",
        "gpt2_small,inference,1,1024", "llama2_7b,inference,1,2048", "vit_b16,inference,32",
        "resnet50,training,64", "resnet18,inference,64", "gpt2_small,inference,32,128",
        "bert_base,training,8,512", "mobilenet_v2,inference,32", "googlenet,inference,32",
        "vgg16,training,16", "squeezenet1_1,inference,32", "alexnet,training,32",
        "vit_b16,training,16", "resnet18,inference,1",
    ],
}


def log(msg: str) -> None:
    print(f"[profile_gpu {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Workloads


@dataclass(frozen=True)
class Workload:
    network: str
    phase: str
    batch: int
    seq_len: Optional[int] = None
    layers: Optional[int] = None

    @property
    def label(self) -> str:
        """The network id written to the CSV (llama2_7b with fewer layers is marked)."""
        if self.network == "llama2_7b" and self.layers not in (None, LLAMA2_7B_LAYERS):
            return f"llama2_7b_{self.layers}l"
        return self.network

    @property
    def spec(self) -> str:
        parts = [self.network, self.phase, str(self.batch)]
        if self.seq_len is not None or self.layers is not None:
            parts.append("" if self.seq_len is None else str(self.seq_len))
        if self.layers is not None:
            parts.append(str(self.layers))
        return ",".join(parts)

    @property
    def slug(self) -> str:
        s = f"{self.label}_{self.phase}_b{self.batch}"
        return s + (f"_s{self.seq_len}" if self.seq_len is not None else "")

    def worker_args(self) -> List[str]:
        a = ["--network", self.network, "--phase", self.phase, "--batch", str(self.batch)]
        if self.seq_len is not None:
            a += ["--seq", str(self.seq_len)]
        if self.layers is not None:
            a += ["--layers", str(self.layers)]
        return a


def parse_workload(text: str, default_layers: Optional[int] = None) -> Workload:
    """Parse ``network,phase,batch[,seq_len[,layers]]`` (':' also accepted as separator)."""
    parts = [p.strip() for p in re.split(r"[,:]", text.strip())]
    if len(parts) < 3 or len(parts) > 5:
        raise ValueError(f"workload {text!r}: expected network,phase,batch[,seq_len[,layers]]")
    net, phase, batch = parts[0], parts[1], parts[2]
    if net not in NETWORKS:
        raise ValueError(f"workload {text!r}: unknown network {net!r} (known: {', '.join(NETWORKS)})")
    if phase not in ("inference", "training"):
        raise ValueError(f"workload {text!r}: phase must be inference or training")
    try:
        b = int(batch)
    except ValueError:
        raise ValueError(f"workload {text!r}: batch {batch!r} is not an integer") from None
    if b < 1:
        raise ValueError(f"workload {text!r}: batch must be >= 1")
    kind, default_seq, max_seq, _ = NETWORKS[net]
    seq: Optional[int] = None
    if len(parts) >= 4 and parts[3] != "":
        if kind != "tokens":
            raise ValueError(f"workload {text!r}: {net} takes images, not a sequence length")
        seq = int(parts[3])
        if seq < 2 or (max_seq is not None and seq > max_seq):
            raise ValueError(f"workload {text!r}: seq_len must be in 2..{max_seq}")
    elif kind == "tokens":
        seq = default_seq
    layers: Optional[int] = None
    if len(parts) == 5 and parts[4] != "":
        layers = int(parts[4])
    elif net == "llama2_7b" and default_layers is not None:
        layers = default_layers
    if layers is not None:
        if net != "llama2_7b":
            raise ValueError(f"workload {text!r}: a layer count is only for llama2_7b")
        if not 1 <= layers <= LLAMA2_7B_LAYERS:
            raise ValueError(f"workload {text!r}: layers must be in 1..{LLAMA2_7B_LAYERS}")
    return Workload(net, phase, b, seq, layers)


# --------------------------------------------------------------------------------------------
# ncu CSV parsing (no torch needed)


class NcuParseError(RuntimeError):
    pass


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$")


def parse_number(cell: str) -> Optional[float]:
    """A number as ncu prints it: plain, with thousands separators, or n/a (-> None)."""
    s = cell.strip().strip('"').strip()
    if s == "" or s.lower() in ("n/a", "nan", "-"):
        return None
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    elif "," in s and "." not in s and re.match(r"^[+-]?[\d,]+$", s):
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        raise NcuParseError(f"not a number: {cell!r}") from None


_PREFIX = {"": 1.0, "K": 1e3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15,
           "Ki": 1024.0, "Mi": 1024.0 ** 2, "Gi": 1024.0 ** 3, "Ti": 1024.0 ** 4}
_TIME = {"nsecond": 1.0, "ns": 1.0, "usecond": 1e3, "us": 1e3, "msecond": 1e6, "ms": 1e6,
         "second": 1e9, "s": 1e9}


def to_base(value: Optional[float], unit: str) -> Tuple[Optional[float], str]:
    """Convert a value in ncu's (possibly scaled) unit to the base unit.

    Base units: byte, sector, nsecond; other units (e.g. 'cycle', '') pass through with
    their SI prefix removed.  Returns (value, base_unit).
    """
    u = unit.strip()
    if value is None:
        return None, u
    if u in _TIME:
        return value * _TIME[u], "nsecond"
    m = re.match(r"^(Ki|Mi|Gi|Ti|K|k|M|G|T|P)?(byte|sector|B|request|warp|inst|cycle)s?$", u)
    if m:
        base = {"B": "byte"}.get(m.group(2), m.group(2))
        return value * _PREFIX[m.group(1) or ""], base
    return value, u


@dataclass
class NcuTable:
    header: List[str]
    units: List[str]
    rows: List[List[str]]

    def col(self, name: str) -> int:
        try:
            return self.header.index(name)
        except ValueError:
            raise NcuParseError(f"column {name!r} not in ncu output "
                                f"(columns: {', '.join(self.header)})") from None

    def value(self, row: List[str], name: str) -> Optional[float]:
        i = self.col(name)
        unit = self.units[i] if i < len(self.units) else ""
        return to_base(parse_number(row[i]) if i < len(row) else None, unit)[0]


def parse_ncu_raw_csv(text: str) -> NcuTable:
    """Parse ``ncu --csv --page raw`` output.

    Keeps only CSV lines (those starting with a double quote), so ncu's ``==PROF==`` /
    ``==WARNING==`` lines and the application's own output mixed in are ignored.  The header
    row starts with "ID"; the units row that follows has an empty ID; data rows follow.
    """
    lines = [ln for ln in text.splitlines() if ln.startswith('"')]
    rows = list(csv.reader(lines))
    hi = next((i for i, r in enumerate(rows) if r and r[0].strip() == "ID"), None)
    if hi is None:
        raise NcuParseError("no ncu CSV header (a row starting with \"ID\") in the output")
    header = [h.strip() for h in rows[hi]]
    units: List[str] = [""] * len(header)
    data: List[List[str]] = []
    for r in rows[hi + 1:]:
        if not r:
            continue
        first = r[0].strip()
        if first == "ID":  # a repeated header (several processes): skip
            continue
        if first == "" and not data:
            units = [u.strip() for u in r] + [""] * (len(header) - len(r))
            continue
        data.append(r)
    return NcuTable(header, units, data)


def totals_from_table(table: NcuTable) -> Tuple[Dict[str, int], Optional[float], int]:
    """Counter totals of an app-range profile: (column -> value, duration in ns, ranges seen).

    One step is one range, so one data row is expected; with several the last one (the step's
    range, which ends at cudaProfilerStop) is taken and the caller warns.
    """
    if not table.rows:
        raise NcuParseError("ncu reported no profiled range")
    row = table.rows[-1]
    out: Dict[str, int] = {}
    duration = None
    for metric, column in TOTALS_METRICS:
        v = table.value(row, metric)
        if column is None:
            duration = v
            continue
        if v is None:
            raise NcuParseError(f"{metric}: no value (n/a)")
        out[column] = int(round(v))
    return out, duration, len(table.rows)


def kernel_summary(table: NcuTable) -> Dict[str, float]:
    """Sums over kernels of the totals metrics (base units), and the kernel count."""
    s: Dict[str, float] = {"kernels": float(len(table.rows))}
    for metric, _ in TOTALS_METRICS:
        if metric in table.header:
            s[metric] = sum(table.value(r, metric) or 0.0 for r in table.rows)
    return s


def format_row(w: Workload, counters: Dict[str, int], times_ms: Sequence[float],
               peak_gib: float) -> List[str]:
    vals = {
        "network": w.label, "phase": w.phase, "batch": str(w.batch),
        "seq_len": "" if w.seq_len is None else str(w.seq_len), "elem_bytes": str(ELEM_BYTES),
        "step_time_ms_median": f"{statistics.median(times_ms):.4f}",
        "step_time_ms_min": f"{min(times_ms):.4f}",
        "step_time_ms_max": f"{max(times_ms):.4f}",
        "peak_memory_gib": f"{peak_gib:.3f}",
    }
    for c, v in counters.items():
        vals[c] = str(v)
    return [vals[c] for c in COLUMNS]


# --------------------------------------------------------------------------------------------
# The worker: builds one network and runs its step (needs torch)


def build_model(net: str, layers: Optional[int], device, dtype):
    import torch

    kind, _, _, lib = NETWORKS[net]
    if lib == "torchvision":
        import torchvision.models as tvm
        ctor = {
            "alexnet": tvm.alexnet, "vgg16": tvm.vgg16, "resnet18": tvm.resnet18,
            "resnet50": tvm.resnet50, "squeezenet1_1": tvm.squeezenet1_1,
            "googlenet": tvm.googlenet, "mobilenet_v2": tvm.mobilenet_v2, "vit_b16": tvm.vit_b_16,
        }[net]
        kw = {"weights": None}
        if net == "googlenet":
            kw.update(aux_logits=False, init_weights=True)
        with torch.device(device):
            model = ctor(**kw)
        return model.to(dtype=dtype)
    if net == "bert_base":
        from transformers import BertConfig, BertModel
        with torch.device(device):
            model = BertModel(BertConfig())
        return model.to(dtype=dtype)
    if net == "gpt2_small":
        from transformers import GPT2Config, GPT2LMHeadModel
        with torch.device(device):
            model = GPT2LMHeadModel(GPT2Config())
        return model.to(dtype=dtype)
    if net == "llama2_7b":
        from transformers import LlamaConfig, LlamaForCausalLM
        cfg = LlamaConfig(
            vocab_size=32000, hidden_size=4096, intermediate_size=11008,
            num_hidden_layers=layers or LLAMA2_7B_LAYERS, num_attention_heads=32,
            num_key_value_heads=32, max_position_embeddings=4096, rms_norm_eps=1e-5,
            hidden_act="silu", tie_word_embeddings=False,
        )
        # Built directly in the storage precision: 6.7 B parameters in FP32 would need 27 GB.
        prev = torch.get_default_dtype()
        torch.set_default_dtype(dtype)
        try:
            with torch.device(device):
                model = LlamaForCausalLM(cfg)
        finally:
            torch.set_default_dtype(prev)
        for p in model.parameters():  # buffers (rotary inv_freq) stay as the library made them
            p.data = p.data.to(dtype)
        return model
    raise ValueError(net)


def make_step(model, w: Workload, device, dtype):
    """The inputs and a closure running one step of w."""
    import torch
    import torch.nn.functional as F

    kind = NETWORKS[w.network][0]
    g = torch.Generator(device="cpu").manual_seed(1)
    if kind == "image":
        x = torch.randn(w.batch, 3, 224, 224, generator=g).to(device=device, dtype=dtype)
        labels = torch.randint(0, 1000, (w.batch,), generator=g).to(device)
    else:
        vocab = model.config.vocab_size
        x = torch.randint(0, vocab, (w.batch, w.seq_len), generator=g).to(device)
        labels = None

    def forward():
        if kind == "image":
            return model(x)
        if w.network == "bert_base":
            return model(input_ids=x).last_hidden_state
        return model(input_ids=x, use_cache=False).logits

    def loss_of(out):
        if kind == "image":
            return F.cross_entropy(out, labels)
        if w.network == "bert_base":
            return out.pow(2).mean()
        v = out.shape[-1]
        return F.cross_entropy(out[:, :-1].reshape(-1, v), x[:, 1:].reshape(-1))

    if w.phase == "inference":
        model.eval()

        def step():
            with torch.no_grad():
                forward()
        return step

    model.train()
    fused = torch.device(device).type == "cuda"
    opt = torch.optim.Adam(model.parameters(), lr=1e-4, fused=fused)

    def step():
        loss = loss_of(forward())
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
    return step


def worker_main(a: argparse.Namespace) -> int:
    import torch

    w = Workload(a.network, a.phase, a.batch, a.seq, a.layers)
    if NETWORKS[w.network][0] == "tokens" and w.seq_len is None:
        w = Workload(w.network, w.phase, w.batch, NETWORKS[w.network][1], w.layers)
    device = a.device
    dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}[a.dtype]
    cuda = torch.device(device).type == "cuda"
    torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    t0 = time.time()
    model = build_model(w.network, w.layers, device, dtype)
    nparams = sum(p.numel() for p in model.parameters())
    step = make_step(model, w, device, dtype)
    info = {"workload": w.spec, "label": w.label, "params": nparams, "mode": a.mode,
            "build_s": round(time.time() - t0, 2)}
    cfg = getattr(model, "config", None)
    if cfg is not None:
        info["attn_implementation"] = getattr(cfg, "_attn_implementation", None)
    sync = torch.cuda.synchronize if cuda else (lambda: None)

    if a.mode == "profile":
        for _ in range(a.warmup):
            step()
        sync()
        if cuda:
            torch.cuda.profiler.start()  # cudaProfilerStart
        step()
        sync()
        if cuda:
            torch.cuda.profiler.stop()  # cudaProfilerStop
    else:
        for _ in range(a.warmup):
            step()
        sync()
        if cuda:
            torch.cuda.reset_peak_memory_stats()
        times = []
        for _ in range(a.steps):
            if cuda:
                e0 = torch.cuda.Event(enable_timing=True)
                e1 = torch.cuda.Event(enable_timing=True)
                e0.record()
                step()
                e1.record()
                e1.synchronize()
                times.append(e0.elapsed_time(e1))
            else:
                c0 = time.perf_counter()
                step()
                times.append((time.perf_counter() - c0) * 1e3)
        info["times_ms"] = times
        info["peak_memory_gib"] = (torch.cuda.max_memory_allocated() / 2 ** 30) if cuda else 0.0
    info["total_s"] = round(time.time() - t0, 2)
    print(RESULT_MARK + json.dumps(info), flush=True)
    return 0


# --------------------------------------------------------------------------------------------
# The driver: runs workers (under ncu or not) in child processes


_current_child: Optional[subprocess.Popen] = None


def _kill_child() -> None:
    p = _current_child
    if p is not None and p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _on_term(signum, frame):  # `timeout` sends SIGTERM: take the child's process group along
    _kill_child()
    log(f"stopped by signal {signum}")
    sys.exit(128 + signum)


def run_child(cmd: List[str], timeout: float) -> Tuple[int, str, str]:
    """Run cmd in its own process group; kill the whole group on timeout."""
    global _current_child
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    _current_child = p
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_child()
        out, err = p.communicate()
        raise RuntimeError(f"timed out after {timeout:.0f} s: {' '.join(cmd[:3])} ...\n"
                           f"{_tail(err)}") from None
    finally:
        _current_child = None
    return p.returncode, out, err


def _tail(text: str, n: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-n:])


def find_ncu(explicit: Optional[str]) -> str:
    if explicit:
        return explicit
    p = shutil.which("ncu")
    if p:
        return p
    cands = sorted(glob.glob("/opt/nvidia/nsight-compute/*/ncu")) + \
        sorted(glob.glob("/usr/local/cuda/bin/ncu"))
    if cands:
        return cands[-1]
    raise RuntimeError("ncu not found: put it on PATH or pass --ncu")


_ncu_help_cache: Dict[str, str] = {}


def ncu_supports(ncu: str, option: str) -> bool:
    if ncu not in _ncu_help_cache:
        try:
            r = subprocess.run([ncu, "--help"], capture_output=True, text=True, timeout=60)
            _ncu_help_cache[ncu] = r.stdout + r.stderr
        except Exception:  # noqa: BLE001 - treat as unknown
            _ncu_help_cache[ncu] = ""
    return option in _ncu_help_cache[ncu]


def worker_cmd(w: Workload, mode: str, a: argparse.Namespace) -> List[str]:
    cmd = [sys.executable, SCRIPT, "_one", "--mode", mode] + w.worker_args()
    cmd += ["--device", a.device, "--dtype", a.dtype]
    if mode == "time":
        cmd += ["--warmup", str(a.warmup), "--steps", str(a.steps)]
    else:
        cmd += ["--warmup", str(a.profile_warmup)]
    return cmd


def parse_result(out: str) -> dict:
    for ln in reversed(out.splitlines()):
        if ln.startswith(RESULT_MARK):
            return json.loads(ln[len(RESULT_MARK):])
    raise RuntimeError("the worker printed no result")


def run_ncu(ncu: str, ncu_args: List[str], app: List[str], timeout: float) -> Tuple[str, str]:
    """Run app under ncu; return (ncu's CSV/log text, the app's stderr tail)."""
    with tempfile.TemporaryDirectory(prefix="profile_gpu_") as td:
        logf = os.path.join(td, "ncu.log")
        cmd = [ncu] + ncu_args + ["--log-file", logf] + app
        rc, out, err = run_child(cmd, timeout)
        text = open(logf, encoding="utf-8", errors="replace").read() if os.path.exists(logf) else ""
    if '"ID"' not in text and '"ID"' in out:  # CSV went to stdout after all
        text = out
    if rc != 0:
        raise RuntimeError(f"ncu exited {rc}\n{_tail(text + out + err, 25)}")
    return text, err


def time_workload(w: Workload, a: argparse.Namespace) -> dict:
    rc, out, err = run_child(worker_cmd(w, "time", a), a.workload_timeout)
    if rc != 0:
        raise RuntimeError(f"timing run exited {rc}\n{_tail(err)}")
    return parse_result(out)


def profile_totals(w: Workload, a: argparse.Namespace, ncu: str) -> Tuple[Dict[str, int], Optional[float]]:
    """Counter totals of one step under ncu app-range replay: (column -> value, range ns).

    The range is the step between cudaProfilerStart and cudaProfilerStop (ncu 2025.3.1 takes
    no --profile-from-start during range replay: the start/stop calls delimit the range).  The
    range's gpu__time_duration under the profiler is not a step time: on the H200 it read
    35-340 ms for steps of 2.6-63 ms (2026-12-04), so only the counters are used.
    """
    args = ["--replay-mode", "app-range"] + NCU_COMMON + [
        "--metrics", ",".join(m for m, _ in TOTALS_METRICS), "--csv", "--page", "raw"]
    if ncu_supports(ncu, "--print-units"):
        args += ["--print-units", "base"]
    text, _ = run_ncu(ncu, args, worker_cmd(w, "profile", a), a.workload_timeout)
    counters, dur, nranges = totals_from_table(parse_ncu_raw_csv(text))
    if nranges != 1:
        log(f"WARNING {w.spec}: ncu reported {nranges} ranges; the last one is taken")
    return counters, dur


def cmd_totals(a: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _on_term)
    workloads = collect_workloads(a)
    ncu = find_ncu(a.ncu) if not a.no_ncu else ""
    t_start = time.time()
    new = not os.path.exists(a.out) or os.path.getsize(a.out) == 0 or not a.append
    f = open(a.out, "w" if new else "a", newline="")
    wr = csv.writer(f, lineterminator="\n")
    if new:
        wr.writerow(COLUMNS)
        f.flush()
    done = failed = 0
    for w in workloads:
        elapsed = time.time() - t_start
        if a.time_budget is not None and elapsed > a.time_budget:
            log(f"SKIPPED {w.spec}: time budget of {a.time_budget:.0f} s spent ({elapsed:.0f} s)")
            continue
        t0 = time.time()
        try:
            res = time_workload(w, a)
            t1 = time.time()
            if a.no_ncu:
                counters = {c: 0 for _, c in TOTALS_METRICS if c}
                dur = None
            else:
                counters, dur = profile_totals(w, a, ncu)
            row = format_row(w, counters, res["times_ms"], res["peak_memory_gib"])
            wr.writerow(row)
            f.flush()
            os.fsync(f.fileno())
            done += 1
            log(f"ROW {','.join(row)}")
            log(f"  {w.spec}: params {res['params']:,}, attention {res.get('attn_implementation')}, "
                f"ncu range duration under the profiler "
                f"{dur if dur is None else round(dur / 1e6, 2)} ms, "
                f"timing run {t1 - t0:.1f} s, ncu run {time.time() - t1:.1f} s")
        except Exception as e:  # noqa: BLE001 - keep going with the next workload
            failed += 1
            log(f"FAILED {w.spec}: {e}")
    f.close()
    log(f"totals: {done} rows written to {a.out}, {failed} failed, "
        f"{len(workloads) - done - failed} skipped, {time.time() - t_start:.0f} s")
    return 0 if failed == 0 else 1


def cmd_kernels(a: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _on_term)
    w = parse_workload(a.workload, a.layers)
    ncu = find_ncu(a.ncu)
    metrics = [m for m, _ in TOTALS_METRICS] + KERNEL_EXTRA_METRICS
    args = ["--profile-from-start", "off"] + NCU_COMMON + [
        "--metrics", ",".join(metrics), "--csv", "--page", "raw"]
    if ncu_supports(ncu, "--print-units"):
        args += ["--print-units", "base"]
    if a.launch_count:
        args += ["--launch-count", str(a.launch_count)]
    t0 = time.time()
    log(f"kernels: {w.spec} under ncu kernel replay ...")
    try:
        text, _ = run_ncu(ncu, args, worker_cmd(w, "profile", a), a.workload_timeout)
        table = parse_ncu_raw_csv(text)  # validates before writing
    except (RuntimeError, NcuParseError) as e:
        log(f"FAILED kernels {w.spec}: {e}")
        return 1
    csv_text = "\n".join(ln for ln in text.splitlines() if ln.startswith('"')) + "\n"
    if a.out.endswith(".gz"):
        with gzip.open(a.out, "wt", encoding="utf-8", newline="") as g:
            g.write(csv_text)
    else:
        with open(a.out, "w", encoding="utf-8", newline="") as g:
            g.write(csv_text)
    s = kernel_summary(table)
    log(f"kernels: {w.spec}: {int(s['kernels'])} kernels in {time.time() - t0:.0f} s -> {a.out}")
    for m, _ in TOTALS_METRICS:
        if m in s:
            log(f"  sum {m} = {s[m]:,.0f}")
    return 0


def collect_workloads(a: argparse.Namespace) -> List[Workload]:
    specs: List[str] = []
    for name in a.set or []:
        specs += WORKLOAD_SETS[name]
    specs += a.workload or []
    if a.workloads_file:
        with open(a.workloads_file) as fh:
            for r in csv.reader(ln for ln in fh if ln.strip() and not ln.startswith("#")):
                if r and r[0] != "network":
                    specs.append(",".join(r[:4]))
    if not specs:
        raise SystemExit("no workloads: give --workload, --set or --workloads-file")
    out: List[Workload] = []
    for s in specs:
        try:
            out.append(parse_workload(s, a.layers))
        except ValueError as e:
            raise SystemExit(str(e))
    return out


# --------------------------------------------------------------------------------------------
# env, list, selftest


def cmd_env(a: argparse.Namespace) -> int:
    facts: Dict[str, object] = {"python": sys.version.split()[0],
                                "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    for mod in ("torch", "torchvision", "transformers"):
        try:
            facts[mod] = __import__(mod).__version__
        except Exception as e:  # noqa: BLE001
            facts[mod] = f"unavailable: {e}"
    try:
        import torch
        facts["torch_cuda"] = torch.version.cuda
        facts["cudnn"] = torch.backends.cudnn.version()
        if torch.cuda.is_available():
            p = torch.cuda.get_device_properties(0)
            facts["gpu"] = {"name": p.name, "capability": f"{p.major}.{p.minor}",
                            "multiprocessors": p.multi_processor_count,
                            "total_memory_bytes": p.total_memory,
                            "l2_cache_bytes": getattr(p, "L2_cache_size", None)}
    except Exception as e:  # noqa: BLE001
        facts["torch_error"] = str(e)
    try:
        ncu = find_ncu(a.ncu)
        r = subprocess.run([ncu, "--version"], capture_output=True, text=True, timeout=60)
        facts["ncu"] = {"path": ncu, "version": r.stdout.strip().splitlines()[-1:]}
    except Exception as e:  # noqa: BLE001
        facts["ncu"] = f"unavailable: {e}"
    try:
        r = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,memory.total,"
                            "clocks.max.sm,clocks.max.memory,power.limit",
                            "--format=csv,noheader"], capture_output=True, text=True, timeout=30)
        facts["nvidia_smi"] = r.stdout.strip()
    except Exception as e:  # noqa: BLE001
        facts["nvidia_smi"] = f"unavailable: {e}"
    print(json.dumps(facts, indent=2))
    return 0


def cmd_list(a: argparse.Namespace) -> int:
    for net, (kind, dseq, mseq, lib) in NETWORKS.items():
        extra = f", seq_len default {dseq}, max {mseq}" if kind == "tokens" else ""
        print(f"{net:14s} {lib:12s} {kind}{extra}")
    for name, specs in WORKLOAD_SETS.items():
        print(f"\nset {name}:")
        for s in specs:
            print(f"  {s}")
    return 0


_SAMPLE_APP_RANGE = '''==PROF== Connected to process 4242 (/usr/bin/python3.12)
==PROF== Profiling "range" - 0: 0%....50%....100% - 2 passes
some line the application printed
"ID","Process ID","Process Name","Host Name","Context","Stream","Range Name","dram__bytes_read.sum","dram__bytes_write.sum","gpu__time_duration.sum","lts__t_sectors_srcunit_tex_op_atom.sum","lts__t_sectors_srcunit_tex_op_read.sum","lts__t_sectors_srcunit_tex_op_read_lookup_hit.sum","lts__t_sectors_srcunit_tex_op_red.sum","lts__t_sectors_srcunit_tex_op_write.sum"
"","","","","","","","byte","byte","ns","sector","sector","sector","sector","sector"
"0","4242","python3.12","127.0.0.1","1","","0","1,466,257,920","2291373056","5,012,345","2,047","176,435,317","109743484","0","97,520,604"
==PROF== Disconnected from process 4242
'''

_SAMPLE_KERNELS = '''==PROF== Connected to process 77
"ID","Process ID","Process Name","Host Name","Kernel Name","Context","Stream","Block Size","Grid Size","Device","CC","dram__bytes_read.sum","dram__bytes_write.sum","gpu__time_duration.sum","launch__block_size","launch__grid_size","lts__t_sectors_srcunit_tex_op_atom.sum","lts__t_sectors_srcunit_tex_op_read.sum","lts__t_sectors_srcunit_tex_op_read_lookup_hit.sum","lts__t_sectors_srcunit_tex_op_red.sum","lts__t_sectors_srcunit_tex_op_write.sum"
"","","","","","","","","","","","Kbyte","Mbyte","usecond","","","sector","sector","sector","sector","sector"
"0","77","python3","h","void at::native::vectorized_elementwise_kernel<4, at::native::FillFunctor<c10::Half>, at::detail::Array<char *, 1>>(int, T2, T3)","1","7","(128, 1, 1)","(1024, 1, 1)","0","9.0","1.5","2","3.25","128","1,024","0","12,345","10,000","n/a","6,789"
"1","77","python3","h","sm90_xmma_gemm_f16f16_f16f32, ""quoted""","1","7","(384, 1, 1)","(132, 1, 1)","0","9.0","0","0.5","10","384","132","0","1000","900","0","500"
'''


def cmd_selftest(a: argparse.Namespace) -> int:
    failures: List[str] = []

    def check(cond: bool, what: str) -> None:
        print(("ok    " if cond else "FAIL  ") + what)
        if not cond:
            failures.append(what)

    # workloads
    w = parse_workload("resnet50,inference,32")
    check(w == Workload("resnet50", "inference", 32, None, None), "parse image workload")
    check(parse_workload("bert_base,training,8").seq_len == 128, "token workload default seq_len")
    check(parse_workload("gpt2_small:inference:1:1024").seq_len == 1024, "':' separator")
    w7 = parse_workload("llama2_7b,training,1,2048,4")
    check(w7.label == "llama2_7b_4l" and w7.layers == 4, "llama layers in the label")
    check(parse_workload("llama2_7b,inference,1,2048").label == "llama2_7b", "full llama label")
    check(parse_workload("llama2_7b,inference,1,2048", default_layers=2).layers == 2, "--layers default")
    for bad in ("resnet50,inference", "resnet50,eval,32", "resnet50,inference,32,128",
                "nonet,inference,1", "gpt2_small,inference,1,4096", "bert_base,inference,1,128,4",
                "resnet50,inference,0"):
        try:
            parse_workload(bad)
            check(False, f"rejects {bad!r}")
        except ValueError:
            check(True, f"rejects {bad!r}")
    check(parse_workload(w7.spec) == w7, "spec round-trips")
    for sets in WORKLOAD_SETS.values():
        for s in sets:
            parse_workload(s)
    check(True, "named sets parse")

    # numbers and units
    check(parse_number('"1,466,257,920"') == 1466257920.0, "thousands separators")
    check(parse_number("2.5e+09") == 2.5e9, "exponent")
    check(parse_number("n/a") is None and parse_number("") is None, "n/a and empty")
    check(parse_number("12,345.5") == 12345.5, "thousands with decimals")
    check(to_base(1.5, "Kbyte") == (1500.0, "byte"), "Kbyte -> byte")
    check(to_base(2.0, "Mbyte")[0] == 2e6, "Mbyte -> byte")
    check(to_base(3.25, "usecond") == (3250.0, "nsecond"), "usecond -> nsecond")
    check(to_base(7.0, "sector") == (7.0, "sector"), "sector stays")
    check(to_base(1.0, "Msector")[0] == 1e6, "Msector -> sector")

    # app-range output
    t = parse_ncu_raw_csv(_SAMPLE_APP_RANGE)
    counters, dur, n = totals_from_table(t)
    check(n == 1, "one range")
    check(counters["l2_read_sectors"] == 176435317, "l2_read_sectors")
    check(counters["dram_read_bytes"] == 1466257920, "dram_read_bytes")
    check(counters["l2_atomic_sectors"] == 2047 and counters["l2_reduction_sectors"] == 0, "atom/red")
    check(dur == 5012345.0, "duration in ns")
    row = format_row(w, counters, [5.3, 5.1, 5.4, 5.2, 5.35], 0.2761)
    check(len(row) == len(COLUMNS), "row width")
    check(row[:5] == ["resnet50", "inference", "32", "", "2"], "row key columns")
    check(row[-4:] == ["5.3000", "5.1000", "5.4000", "0.276"], "row time and memory columns")
    ref = os.path.join(os.path.dirname(SCRIPT), "..", "..", "shared", "reference",
                       "gpu-measured", "h200_pytorch_fp16.csv")
    for cand in (ref, "/work/shared/reference/gpu-measured/h200_pytorch_fp16.csv"):
        if os.path.exists(cand):
            with open(cand) as fh:
                check(next(csv.reader(fh)) == COLUMNS, f"columns match {os.path.normpath(cand)}")
            break
    try:
        parse_ncu_raw_csv("==PROF== nothing\n")
        check(False, "no header -> error")
    except NcuParseError:
        check(True, "no header -> error")
    try:
        totals_from_table(parse_ncu_raw_csv(_SAMPLE_APP_RANGE.split('"0","4242"')[0]))
        check(False, "no range -> error")
    except NcuParseError:
        check(True, "no range -> error")

    # per-kernel output: quoted names with commas and quotes, scaled units, n/a
    k = parse_ncu_raw_csv(_SAMPLE_KERNELS)
    check(len(k.rows) == 2, "two kernels")
    check(k.rows[1][k.col("Kernel Name")] == 'sm90_xmma_gemm_f16f16_f16f32, "quoted"', "quoted name")
    s = kernel_summary(k)
    check(s["dram__bytes_read.sum"] == 1500.0, "kernel sum Kbyte")
    check(s["dram__bytes_write.sum"] == 2.5e6, "kernel sum Mbyte")
    check(s["gpu__time_duration.sum"] == 13250.0, "kernel sum usecond")
    check(s["lts__t_sectors_srcunit_tex_op_read.sum"] == 13345.0, "kernel sum sectors")
    check(s["lts__t_sectors_srcunit_tex_op_red.sum"] == 0.0, "n/a counted as 0 in sums")
    check(k.value(k.rows[0], "launch__grid_size") == 1024.0, "grid size")

    # real ncu output shipped with the repository, when present
    here = os.path.join(os.path.dirname(SCRIPT), "..", "docs", "measurements", "h200-2026-12-04")
    for name, count in (("kernels_resnet50_inference_b32.csv", 347),
                        ("kernels_bert_base_inference_b32_s128.csv", 154)):
        path = os.path.join(here, name)
        if os.path.exists(path):
            real = parse_ncu_raw_csv(open(path, encoding="utf-8").read())
            ks = kernel_summary(real)
            check(int(ks["kernels"]) == count and ks["lts__t_sectors_srcunit_tex_op_read.sum"] > 0
                  and real.units[real.col("gpu__time_duration.sum")] == "ns",
                  f"parses {name} ({count} kernels)")

    # the ncu samples the Rust reader is tested on (tests/data/profiles): the same sums by this
    # parser, an independent check of the totals tests/profile_readers.rs asserts
    samples = os.path.join(os.path.dirname(SCRIPT), "..", "tests", "data", "profiles")
    for name, expected in (
            ("ncu_raw_resnet50_h200_excerpt.csv",
             {"kernels": 4, "lts__t_sectors_srcunit_tex_op_read.sum": 2625638,
              "lts__t_sectors_srcunit_tex_op_write.sum": 4788904,
              "lts__t_sectors_srcunit_tex_op_atom.sum": 307,
              "dram__bytes_read.sum": 48655872, "dram__bytes_write.sum": 109848320,
              "gpu__time_duration.sum": 164672}),
            ("ncu_app_range.csv",
             {"kernels": 2, "lts__t_sectors_srcunit_tex_op_read.sum": 169276708,
              "lts__t_sectors_srcunit_tex_op_write.sum": 98019939,
              "lts__t_sectors_srcunit_tex_op_atom.sum": 2047,
              "lts__t_sectors_srcunit_tex_op_red.sum": 12,
              "dram__bytes_read.sum": 1479546144, "dram__bytes_write.sum": 2536687488,
              "gpu__time_duration.sum": 70750000})):
        path = os.path.join(samples, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                got = kernel_summary(parse_ncu_raw_csv(fh.read()))
            check(all(round(got[k]) == v for k, v in expected.items()),
                  f"sums of tests/data/profiles/{name}")

    # CSV round trip of a written row
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([COLUMNS, row])
    back = list(csv.reader(io.StringIO(buf.getvalue())))
    check(back[1] == row, "written row reads back")

    print(f"{len(failures) == 0 and 'selftest passed' or 'selftest FAILED'}: "
          f"{len(failures)} failed")
    return 1 if failures else 0


# --------------------------------------------------------------------------------------------
# Command line


def add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ncu", help="the ncu binary (default: ncu on PATH, else /opt/nvidia/nsight-compute/*/ncu)")
    p.add_argument("--layers", type=int, default=None,
                   help=f"decoder layers of llama2_7b workloads that do not name them "
                        f"(default {LLAMA2_7B_LAYERS}, the full model)")
    p.add_argument("--workload-timeout", type=float, default=300.0,
                   help="seconds allowed for each child process (default 300)")
    p.add_argument("--device", default="cuda", help=argparse.SUPPRESS)  # cpu: local tests only
    p.add_argument("--dtype", default="float16", choices=["float16", "bfloat16", "float32"],
                   help=argparse.SUPPRESS)
    p.add_argument("--warmup", type=int, default=2, help="warm-up steps before timing (default 2)")
    p.add_argument("--steps", type=int, default=5, help="timed steps (default 5)")
    p.add_argument("--profile-warmup", type=int, default=1,
                   help="warm-up steps before the profiled step (default 1)")


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(
        prog="profile_gpu.py",
        description="Measure L2/DRAM traffic (Nsight Compute) and step times of nvmcalc's "
                    "network library in PyTorch FP16 on an NVIDIA GPU.",
        epilog="Workloads are network,phase,batch[,seq_len[,layers]]; networks: "
               + ", ".join(NETWORKS) + ". See the module docstring (top of this file) for the "
               "method and example commands.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True,
                            metavar="{totals,kernels,env,list,selftest}")

    p = sub.add_parser("totals", help="one CSV row of step totals per workload (ncu app-range)",
                       description="For each workload: a timing run without the profiler, then "
                                   "one step under ncu --replay-mode app-range; writes one row "
                                   "per workload (columns of h200_pytorch_fp16.csv), flushed "
                                   "as soon as it is measured. Failures are logged and skipped.")
    p.add_argument("--out", required=True, help="CSV file to write")
    p.add_argument("--append", action="store_true", help="append to --out instead of replacing it")
    p.add_argument("--workload", action="append", help="network,phase,batch[,seq_len[,layers]]; repeatable")
    p.add_argument("--set", action="append", choices=sorted(WORKLOAD_SETS),
                   help="a named list of workloads (see `list`); repeatable")
    p.add_argument("--workloads-file", help="CSV whose first columns are network,phase,batch,seq_len")
    p.add_argument("--time-budget", type=float, default=None,
                   help="start no new workload after this many seconds")
    p.add_argument("--no-ncu", action="store_true", help=argparse.SUPPRESS)  # local tests only
    add_run_options(p)
    p.set_defaults(func=cmd_totals)

    p = sub.add_parser("kernels", help="per-kernel ncu raw CSV of one workload's step",
                       description="Profiles every kernel of one step (ncu kernel replay, "
                                   "--cache-control none --clock-control none) and writes ncu's "
                                   "raw CSV: header, units row, one row per kernel.")
    p.add_argument("--workload", required=True, help="network,phase,batch[,seq_len[,layers]]")
    p.add_argument("--out", required=True, help="CSV file to write (.gz: gzip-compressed)")
    p.add_argument("--launch-count", type=int, default=None, help="profile at most this many kernels")
    add_run_options(p)
    p.set_defaults(func=cmd_kernels)

    p = sub.add_parser("env", help="software and GPU facts to record (JSON)")
    p.add_argument("--ncu", help="the ncu binary")
    p.set_defaults(func=cmd_env)

    p = sub.add_parser("list", help="networks and named workload sets")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("selftest", help="checks that need no GPU (parsing, formats)")
    p.set_defaults(func=cmd_selftest)

    p = sub.add_parser("_one")  # the worker the driver runs (not listed in --help)
    p.add_argument("--mode", choices=["profile", "time"], required=True)
    p.add_argument("--network", required=True, choices=sorted(NETWORKS))
    p.add_argument("--phase", required=True, choices=["inference", "training"])
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--seq", type=int, default=None)
    p.add_argument("--layers", type=int, default=None)
    p.add_argument("--device", default="cuda")
    p.add_argument("--dtype", default="float16", choices=["float16", "bfloat16", "float32"])
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=5)
    p.set_defaults(func=worker_main)

    a = ap.parse_args(argv)
    # Nothing is downloaded: models are built from configurations with random weights.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
