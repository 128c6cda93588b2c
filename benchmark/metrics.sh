#!/usr/bin/env bash
# Side-by-side: all NC metrics on N=50,000 x d=512 x K=100 float32 features, `ncd metrics` on an Arrow cache
# versus NumPy/SciPy (benchmark/metrics_numpy.py) on the same data, with wall time and peak memory of each.
# Usage: benchmark/metrics.sh [WORKDIR]   (needs python3 with numpy, and /usr/bin/time)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="${1:-/tmp/ncd-metrics-bench}"
mkdir -p "$W" && cd "$W"
if [ ! -f f.npy ]; then
  python3 - <<'PY'
import numpy as np
r = np.random.default_rng(0)
n, d, k = 50000, 512, 100
y = np.arange(n) % k
f = (r.standard_normal((n, d)) + 3 * r.standard_normal((k, d))[y]).astype("<f4")
np.save("f.npy", f); np.save("y.npy", y.astype("<i4")); np.save("w.npy", r.standard_normal((k, d)).astype("<f4"))
PY
fi
[ -f cache.arrow ] || "$ROOT/ncd" metrics --features f.npy --labels y.npy --weights w.npy --write-cache cache.arrow --metrics accuracy >/dev/null
echo "== ncd metrics cache.arrow (all metrics)"
/usr/bin/time -f "ncd:   %e s wall, %M KB peak RSS" "$ROOT/ncd" metrics cache.arrow > ncd.txt
echo "== numpy"
/usr/bin/time -f "numpy: %e s wall, %M KB peak RSS" python3 "$ROOT/benchmark/metrics_numpy.py" f.npy y.npy w.npy > numpy.txt
tail -1 numpy.txt
