#!/usr/bin/env python3
"""Writes presets/workloads/measured/*.toml from the measured H200 tables (one preset per row).

Usage: python3 tools/measured_presets.py [SHARED_REFERENCE_CSV]

Inputs:
  - the reference set, shared/reference/gpu-measured/h200_pytorch_fp16.csv (9 rows; path given,
    default ../shared/reference/gpu-measured/h200_pytorch_fp16.csv from the repository root);
  - docs/measurements/h200-2026-12-04/totals.csv (9 rows, measured in session 9 the same way).
Each preset carries every measured number of its row with the profiler metric it comes from, the
GPU, the software and the date. Rerun after adding rows; the files are committed.
"""
import csv
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "presets" / "workloads" / "measured"

NAMES = {
    "alexnet": "AlexNet", "vgg16": "VGG-16", "resnet18": "ResNet-18", "resnet50": "ResNet-50",
    "mobilenet_v2": "MobileNetV2", "vit_b16": "ViT-B/16", "bert_base": "BERT-base",
    "gpt2_small": "GPT-2 small", "llama2_7b": "Llama-2-7B (prefill)", "squeezenet1_1": "SqueezeNet 1.1",
    "googlenet": "GoogLeNet",
}
SOFTWARE = ("PyTorch 2.11.0 (CUDA 13.0), cuDNN 9.19, torchvision 0.26.0, transformers 5.17.0, "
            "Nsight Compute 2025.3.1; driver 580.159.04; FP16 storage, NCHW, cudnn.benchmark, eager "
            "mode, PyTorch's fused scaled-dot-product attention")
METHOD = ("ncu --replay-mode app-range --cache-control none --clock-control none --csv --page raw: "
          "counters of one step (after one warm-up step) between cudaProfilerStart/Stop; step time "
          "from a run without the profiler, CUDA events around the step, 5 timed steps after 2 "
          "warm-ups (median, min, max). Training step: forward, loss, backward, fused Adam; "
          "inference: forward under no_grad.")
SETS = {
    "reference": ("Measured on an NVIDIA H200 (132 SMs, 60 MiB L2 in 96 slices, HBM3e) with Nsight "
                  "Compute 2025.3.1, 2026-12-04: shared/reference/gpu-measured/h200_pytorch_fp16.csv "
                  "(the project's reference measurements; its README gives the method)."),
    "session9": ("Measured on an NVIDIA H200 (132 SMs, 60 MiB L2 in 96 slices, HBM3e) with Nsight "
                 "Compute 2025.3.1 and tools/profile_gpu.py, 2026-12-04 18:00-18:14 UTC: "
                 "docs/measurements/h200-2026-12-04/totals.csv (run 2; README there gives the "
                 "machine, software and commands)."),
}
METRIC = {
    "l2_read_sectors": "lts__t_sectors_srcunit_tex_op_read.sum",
    "l2_write_sectors": "lts__t_sectors_srcunit_tex_op_write.sum",
    "l2_read_hit_sectors": "lts__t_sectors_srcunit_tex_op_read_lookup_hit.sum",
    "l2_atomic_sectors": "lts__t_sectors_srcunit_tex_op_atom.sum",
    "l2_reduction_sectors": "lts__t_sectors_srcunit_tex_op_red.sum",
    "dram_read_bytes": "dram__bytes_read.sum",
    "dram_write_bytes": "dram__bytes_write.sum",
    "step_time_ms": "median of 5 steps, CUDA events, no profiler",
    "step_time_ms_min": "fastest of the 5",
    "step_time_ms_max": "slowest of the 5",
    "peak_memory_gib": "torch.cuda.max_memory_allocated over the timed steps",
}


def preset(row, which, seen):
    net, phase, batch = row["network"], row["phase"], int(row["batch"])
    seq = row["seq_len"].strip()
    pid = f"h200_{net}_{phase}_b{batch}" + (f"_s{seq}" if seq else "")
    label = f"{NAMES.get(net, net)} {phase}, batch {batch}" + (f", sequence {seq}" if seq else "")
    if pid in seen:
        pid += "_repeat"
        label += ", repeated measurement"
    seen.add(pid)
    lines = [
        f"# Measured workload: {label}, FP16, one step on an NVIDIA H200. Written by",
        "# tools/measured_presets.py from the measured table named in `source`; each counter is",
        "# the Nsight Compute metric named beside it. Read by nvmcalc::gpu::measured.",
        f'id = "{pid}"',
        f'name = "{label} (measured, H200)"',
        f'source = "{SETS[which]}"',
        f'software = "{SOFTWARE}"',
        'measured_on = "2026-12-04"',
        f'method = "{METHOD}"',
        f'network = "{net}"',
        f'phase = "{phase}"',
        f"batch = {batch}",
    ]
    if seq:
        lines.append(f"seq_len = {int(seq)}")
    lines += [f"element_bytes = {int(row['elem_bytes'])}", 'gpu = "h200"']
    for key, metric in METRIC.items():
        value = row["step_time_ms_median" if key == "step_time_ms" else key].strip()
        if value == "":
            continue
        lines.append(f"{key} = {value:<14} # {metric}")
    (OUT / f"{pid}.toml").write_text("\n".join(lines) + "\n")
    return pid


def main():
    ref = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/reference/gpu-measured/h200_pytorch_fp16.csv"
    OUT.mkdir(parents=True, exist_ok=True)
    seen, ids = set(), []
    for path, which in [(ref, "reference"), (ROOT / "docs/measurements/h200-2026-12-04/totals.csv", "session9")]:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                ids.append(preset(row, which, seen))
    for i in ids:
        print(f'  "workloads/measured/{i}.toml",')


if __name__ == "__main__":
    main()
