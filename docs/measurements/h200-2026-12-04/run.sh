#!/usr/bin/env bash
# The measurement campaign run on one NVIDIA H200 on 2026-12-04 (see README.md beside this file).
# From the repository root:
#   set -o pipefail; OUT=/some/dir bash docs/measurements/h200-2026-12-04/run.sh 2>&1 | tee /some/dir/log.txt
# Stages, in priority order, each under `timeout`, the whole within BUDGET_S seconds (default 525):
#   a. environment facts -> env.txt
#   b. step totals (ncu app-range) of new workloads -> totals.csv, one row flushed per workload
#   c. per-kernel profiles (ncu kernel replay) of two workloads -> kernels_*.csv (gzip if > 2 MB)
set -u
OUT=${OUT:?set OUT to the output folder}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
P=tools/profile_gpu.py
T0=$(date +%s)
BUDGET=${BUDGET_S:-525}
TOTALS_END=${TOTALS_END_S:-290}   # stage b ends this many seconds after the start
left() { echo $(( T0 + BUDGET - $(date +%s) )); }
min() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }

echo "== a. environment ($(left) s left)"
{
  date -u +%Y-%m-%dT%H:%M:%SZ
  nvidia-smi
  nvidia-smi --query-gpu=name,driver_version,vbios_version,memory.total,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.limit,temperature.gpu --format=csv
  echo "which ncu: $(which ncu)"
  (ncu --version || /opt/nvidia/nsight-compute/2025.3.1/ncu --version)
  echo "python3: $(which python3)"
  timeout 90 python3 "$P" env
  timeout 30 python3 -m pip list 2>/dev/null | grep -iE '^(torch|torchvision|transformers|triton|numpy|nvidia-cudnn-cu13|nvidia-cublas) '
} > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt"

t=$(( TOTALS_END - ($(date +%s) - T0) ))
echo "== b. totals ($(left) s left, stage limit $t s)"
timeout -k 10 "$t" python3 "$P" totals --out "$OUT/totals.csv" \
  --time-budget $(( t - 20 )) --workload-timeout 100 \
  --workload resnet50,inference,32 \
  --workload resnet50,inference,1 \
  --workload resnet50,inference,128 \
  --workload bert_base,inference,8,512 \
  --workload gpt2_small,inference,1,1024 \
  --workload llama2_7b,inference,1,2048 \
  --workload vit_b16,inference,32 \
  --workload resnet50,training,64 \
  --workload resnet18,inference,64 \
  --workload gpt2_small,inference,32,128 \
  --workload bert_base,training,8,512 \
  --workload mobilenet_v2,inference,32 \
  --workload googlenet,inference,32 \
  --workload vgg16,training,16 \
  --workload squeezenet1_1,inference,32 \
  --workload alexnet,training,32 \
  --workload vit_b16,training,16 \
  --workload resnet18,inference,1
echo "totals exit $?"

t=$(min 150 $(( $(left) - 100 )))
echo "== c1. kernels resnet50 inference b32 ($(left) s left, stage limit $t s)"
timeout -k 10 "$t" python3 "$P" kernels --workload resnet50,inference,32 \
  --workload-timeout "$t" --out "$OUT/kernels_resnet50_inference_b32.csv"
echo "kernels exit $?"

t=$(min 150 $(( $(left) - 5 )))
echo "== c2. kernels bert_base inference b32 s128 ($(left) s left, stage limit $t s)"
timeout -k 10 "$t" python3 "$P" kernels --workload bert_base,inference,32,128 \
  --workload-timeout "$t" --out "$OUT/kernels_bert_base_inference_b32_s128.csv"
echo "kernels exit $?"

for f in "$OUT"/kernels_*.csv; do
  if [ -f "$f" ] && [ "$(stat -c %s "$f")" -gt 2000000 ]; then gzip -9 "$f"; fi
done
echo "== done ($(left) s left)"
ls -l "$OUT"
cat "$OUT/totals.csv" 2>/dev/null
