"""The NC metrics of ncdesign, written with NumPy/SciPy conventions, for a side-by-side speed comparison.

Usage: python3 metrics_numpy.py f.npy y.npy w.npy
Computes the same 14 metrics as `ncd metrics` (u = z/|z|, w^ = w/|w|, cov divides by n-1, erank with eps = 1e-7)
and prints each value and the wall time of the computation (loading excluded).
"""
import sys
import time

import numpy as np


def erank(c, eps=1e-7):
    lam = np.clip(np.linalg.eigvalsh(c), 0, None)
    s = lam.sum()
    if s <= 1e-12:
        return 1.0
    p = (lam / s + eps) / (1 + len(lam) * eps)
    return float(np.exp(-(p * np.log(p)).sum()))


def entropy(g):
    k = g.shape[0]
    lam = np.clip(np.linalg.eigvalsh((g + g.T) / (2 * k)), 1e-10, None)
    return float(-(lam * np.log(lam)).sum())


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def main(fp, yp, wp):
    f = np.load(fp, mmap_mode="r")
    y = np.load(yp)
    w = np.load(wp)
    t0 = time.perf_counter()
    k = int(y.max()) + 1
    u = unit(np.asarray(f, dtype=np.float64))
    wh = unit(w.astype(np.float64))
    out = {}
    counts = np.bincount(y, minlength=k)
    groups = [u[y == c] for c in range(k)]
    sums = np.stack([g.sum(0) for g in groups])
    mu = sums / counts[:, None]
    out["erank-intra"] = np.mean([erank(np.cov(g, rowvar=False)) for g in groups])
    out["erank-inter"] = erank(np.cov(mu, rowvar=False))
    out["erank-weights"] = erank(np.cov(wh, rowvar=False))
    out["align-weight-instance"] = float(np.mean(((wh[y] - u) ** 2).sum(1)))
    out["align-weight-class"] = float(np.mean(((wh - unit(mu)) ** 2).sum(1)))
    sq = np.bincount(y, weights=(u * u).sum(1), minlength=k)
    out["align-instance"] = float(np.mean((2 * counts * sq - 2 * (sums * sums).sum(1)) / (counts * (counts - 1))))
    mg = unit(u.mean(0))
    m = unit(unit(mu) - mg)
    gw, gm = wh @ wh.T, m @ m.T
    hw, hm, hh = entropy(gw), entropy(gm), entropy(gw * gm)
    out["mir"] = (hw + hm - hh) / min(hw, hm)
    out["hdr"] = abs(hw - hm) / max(hw, hm)
    mbar = mu.mean(0)
    mt = mu - mbar
    centred = u - mu[y]
    sw = centred.T @ centred / len(y)
    sb = mt.T @ mt / k
    out["nc1"] = float(np.trace(sw @ np.linalg.pinv(sb, rcond=1e-10)) / k)
    norms = np.linalg.norm(mt, axis=1)
    out["nc2-equinorm-means"] = float(norms.std(ddof=1) / norms.mean())
    wn = np.linalg.norm(w, axis=1)
    out["nc2-equinorm-weights"] = float(wn.std(ddof=1) / wn.mean())
    cos = unit(mt) @ unit(mt).T
    off = cos[~np.eye(k, dtype=bool)]
    out["nc2-equiangular-std"] = float(off.std(ddof=1))
    out["nc2-equiangular-max"] = float(np.mean(np.abs(off + 1 / (k - 1))))
    etf = (np.eye(k) - 1 / k) * k / (k - 1)
    g = mt @ mt.T
    out["nc2-etf-distance"] = float(np.linalg.norm(g / np.linalg.norm(g) - etf / np.linalg.norm(etf)))
    out["nc3"] = float(np.linalg.norm(wh / np.linalg.norm(wh) - mt / np.linalg.norm(mt)) ** 2)
    pred = np.argmax(u @ wh.T, axis=1)
    ncc = np.argmin((mu * mu).sum(1)[None, :] - 2 * u @ mu.T, axis=1)
    out["nc4"] = float(np.mean(pred != ncc))
    out["accuracy"] = float(np.mean(pred == y))
    out["ncc-accuracy"] = float(np.mean(ncc == y))
    secs = time.perf_counter() - t0
    for name in sorted(out):
        print(f"{name:28s} {out[name]:.6g}")
    print(f"numpy compute seconds: {secs:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
