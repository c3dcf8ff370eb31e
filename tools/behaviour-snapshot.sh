#!/usr/bin/env bash
# Records the CLI's output for a fixed list of commands that succeed: every analysis, `sweep`,
# `list`, `nvsim` on every golden configuration and NVSim sample, and `reproduce deepnvm`, in
# every format. Used to show that a behaviour-neutral change (issue #16, the relayout) changes
# no byte of output:
#   bash tools/behaviour-snapshot.sh /tmp/before     # on the old commit
#   bash tools/behaviour-snapshot.sh /tmp/after      # on the new one
#   diff -r /tmp/before /tmp/after && echo identical
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: behaviour-snapshot.sh OUT_DIR}
mkdir -p "$out"
cargo build --release --locked --bin nvmcalc >&2
bin=target/release/nvmcalc
n=0
snap() { # name, args…
  local name=$1; shift
  local rc=0
  "$bin" "$@" >"$out/$name" 2>&1 || rc=$?
  # Failures are behaviour too (their message and exit status are recorded), but the list is meant
  # to be of commands that succeed: say which did not.
  [ "$rc" -eq 0 ] || { echo "exit $rc" >>"$out/$name"; echo "note: exit $rc: $*" >&2; }
  n=$((n + 1))
}
cells=sram_22nm,stt_22nm,sot_22nm
cells16=sram_16nm,stt_16nm,sot_16nm
for fmt in table json csv; do
  snap "default.$fmt" compare --format "$fmt"
  snap "workload.$fmt" compare --workload gemm_4096_fp32_tiled --tech nvsim_sram_22nm_4mb_cache,nvsim_stt_22nm_4mb_cache --delay execution --format "$fmt"
  snap "cells.$fmt" compare --tech "$cells" --format "$fmt"
  snap "cells-gpu-l2.$fmt" compare --tech "$cells" --capacity-mib 2.75 --slices 11 --objective read_edp --format "$fmt"
  snap "net-isocap.$fmt" compare --tech "$cells16" --net resnet50 --gpu gtx_1080_ti --format "$fmt"
  snap "net-isocap-train.$fmt" compare --tech "$cells16" --net bert_base --phase training --batch 8 --gpu a100_40gb --energy l2 --leak access --format "$fmt"
  snap "net-llm-decode.$fmt" compare --tech "$cells16" --net llama2_7b --batch 1 --seq 1024 --decode 16 --gpu h100_sxm --format "$fmt"
  snap "iso-area.$fmt" compare --tech "$cells16" --net resnet50 --analysis iso_area --format "$fmt"
  snap "iso-area-mono.$fmt" compare --tech "$cells16" --net vgg16 --analysis iso_area --layout monolithic --capacity-mib 3 --slices 3 --format "$fmt"
  snap "scaling.$fmt" compare --tech "$cells16" --net alexnet --analysis scaling --format "$fmt"
  snap "sweep.$fmt" sweep --tech "$cells16" --net mobilenet_v2 --format "$fmt"
  snap "details.$fmt" compare --tech "$cells16" --analysis details --format "$fmt"
  snap "details-node.$fmt" compare --tech sram_22nm,stt_22nm,reram_22nm,pcm_22nm,fefet_22nm --analysis details --node-nm nvsim_22nm --access-mode sequential --format "$fmt"
  snap "workloads.$fmt" compare --tech "$cells16" --net resnet50 --analysis workloads --nets resnet50,vit_b16,gpt2_small --format "$fmt"
  snap "reproduce.$fmt" reproduce deepnvm --format "$fmt"
  snap "scenario-link.$fmt" compare --scenario 'v=1&tech=sram_22nm,stt_22nm&base=sram_22nm&net=resnet18&batch=64&cap=8&assoc=8&temp=300&rm=lstp' --format "$fmt"
  snap "cell-file.$fmt" compare --tech sram_22nm --cell tests/golden/nvsim/samples/sample_STTRAM.cell --node-nm 22 --format "$fmt"
done
snap list.txt list
for cfg in tests/golden/nvsim/configs/*.cfg tests/golden/nvsim/samples/*.cfg; do
  snap "nvsim-$(basename "$cfg").json" nvsim "$cfg"
  snap "nvsim-$(basename "$cfg").brief" nvsim "$cfg" --brief
done
echo "$n outputs in $out" >&2
