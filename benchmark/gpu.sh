#!/usr/bin/env bash
# One run on a GPU host: ncd doctor, ResNet-18 (CIFAR stem) training throughput with CE and NONL at batch 512 in fp32,
# tf32, fp16 and with XLA, the NC-metric suite on the GPU, and, where python3 has torch, the PyTorch anchor
# (../shared/gpu/torch_anchor.py, or $TORCH_ANCHOR) in the same run, with ncdesign / PyTorch ratios.
# The goal it measures: at least PyTorch's throughput on the same GPU in each precision (ratio >= 1).
#
# Usage, from anywhere:  benchmark/gpu.sh [OUTDIR]      (default /tmp/ncd-gpu-bench; everything is also logged there)
#   NCD_GPU_BENCH_STEPS=30   timed steps per training figure (10 warm-up steps)
#   NCD_CUDA=...             as for ./ncd (default: the CUDA 12 libraries unpacked from Maven)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-/tmp/ncd-gpu-bench}"
STEPS="${NCD_GPU_BENCH_STEPS:-30}"
ANCHOR="${TORCH_ANCHOR:-$ROOT/../shared/gpu/torch_anchor.py}"
mkdir -p "$OUT"
export NCD_PROFILE=gpu
ncd() { "$ROOT/ncd" "$@"; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname)"
echo "== ncd doctor --device gpu"
if ! ncd doctor --device gpu 2>&1 | tee "$OUT/doctor.txt"; then
  echo "gpu.sh: ncd doctor says the GPU cannot run (see above); nothing measured" >&2
  exit 2
fi

# name | ncd options
runs=(
  "fp32|--precision fp32"
  "tf32|--precision tf32"
  "fp16|--precision fp16"
  "tf32+xla|--precision tf32 --xla"
  "fp16+xla|--precision fp16 --xla"
)
declare -A ips
for loss in ce nonl; do
  for r in "${runs[@]}"; do
    name="${r%%|*}"; opts="${r#*|}"
    echo "== ncd bench train: resnet18 (cifar stem), $loss, batch 512, $name"
    # shellcheck disable=SC2086
    ncd bench train --backbone resnet18 --backbone-param stem=cifar --dataset synthetic --loss "$loss" --batch 512 \
      --device gpu $opts --warmup 10 --steps "$STEPS" 2>&1 | tee "$OUT/train-$loss-$name.txt" || true
    ips[$loss/$name]="$(sed -n 's/^training step (data pipeline included): \([0-9,.]*\) images\/s.*/\1/p' "$OUT/train-$loss-$name.txt" | tr -d ,)"
  done
done

echo "== ncd bench metrics --metrics-device gpu (50,000 x 512, K=100)"
ncd bench metrics --device gpu --metrics-device gpu 2>&1 | tee "$OUT/metrics.txt" || true

echo "== summary: ncdesign images/s (ResNet-18 CIFAR stem, batch 512, data pipeline included)"
for loss in ce nonl; do
  for r in "${runs[@]}"; do name="${r%%|*}"; printf '%-5s %-9s %12s\n' "$loss" "$name" "${ips[$loss/$name]:-failed}"; done
done

if command -v python3 >/dev/null && python3 -c 'import torch, torchvision' 2>/dev/null && [ -f "$ANCHOR" ]; then
  echo "== PyTorch anchor: $ANCHOR"
  python3 "$ANCHOR" | tee "$OUT/torch.jsonl"
  echo "== ncdesign / PyTorch (images/s; PyTorch fp32 runs its convolutions in TF32 by default, so tf32 is its like)"
  for loss in ce nonl; do
    python3 - "$OUT/torch.jsonl" "$loss" "${ips[$loss/fp32]:-0}" "${ips[$loss/tf32]:-0}" "${ips[$loss/fp16]:-0}" \
        "${ips[$loss/tf32+xla]:-0}" "${ips[$loss/fp16+xla]:-0}" <<'PY'
import json, sys
path, loss, fp32, tf32, fp16, tf32x, fp16x = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
t = {}
for line in open(path):
    r = json.loads(line)
    if r.get("bench") == "resnet18_cifar_train" and r["loss"] == loss:
        t["amp" if r["bf16_amp"] else "fp32"] = r["images_per_s"]
def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "n/a"
tf, ta = t.get("fp32", 0), t.get("amp", 0)
print(f"{loss:5s} fp32 {ratio(fp32, tf)}  tf32 {ratio(tf32, tf)}  tf32+xla {ratio(tf32x, tf)}   (vs torch fp32 {tf} img/s)")
print(f"{loss:5s} fp16 {ratio(fp16, ta)}  fp16+xla {ratio(fp16x, ta)}   (vs torch bf16 autocast, channels_last {ta} img/s)")
PY
  done
  echo "== NC metrics: ncdesign $(sed -n 's/^  compute: \([0-9.]*\) s.*/\1 s/p' "$OUT/metrics.txt") vs PyTorch fp64 on cuda" \
       "$(python3 -c 'import json,sys; print(*[str(r["seconds"])+" s" for r in map(json.loads, open(sys.argv[1])) if r.get("where")=="cuda"])' "$OUT/torch.jsonl")"
else
  echo "== PyTorch anchor skipped: needs python3 with torch and torchvision, and $ANCHOR"
fi
echo "== logs in $OUT"
