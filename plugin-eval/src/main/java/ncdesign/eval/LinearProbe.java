package ncdesign.eval;

import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import ncdesign.api.PluginException;
import ncdesign.api.metric.FeatureSet;

/**
 * A linear classifier trained with mini-batch SGD (momentum, step decay) on frozen features, in plain Java:
 * either standard (logits zᵀw + b, cross-entropy) or normalised (logits cos(u, ŵ)/τ, no bias — NormFace).
 */
final class LinearProbe {
    /**
     * Probe settings.
     *
     * @param epochs     T
     * @param lr         initial learning rate
     * @param momentum   SGD momentum
     * @param milestones epochs after which the rate is multiplied by {@code gamma}; empty: {@link #milestones(int)}
     * @param gamma      decay factor
     * @param batch      mini-batch size
     * @param normalized NormFace probe instead of a standard linear one
     * @param tau        temperature of the normalised probe
     */
    record Options(int epochs, double lr, double momentum, List<Integer> milestones, double gamma, int batch,
                   boolean normalized, double tau) {
    }

    /** The fitted classifier. */
    record Fit(float[][] weights, float[] bias) {
    }

    private LinearProbe() {
    }

    /** Features of one set as a dense N×d matrix (probes shuffle and revisit rows). */
    static float[] dense(FeatureSet fs) {
        int d = fs.dim();
        float[] x = new float[Math.toIntExact((long) fs.size() * d)];
        fs.forEachBlock((offset, rows, data) -> System.arraycopy(data, 0, x, offset * d, rows * d));
        return x;
    }

    /**
     * Trains on the sets {@code epochData(e)} for e = 1..T (the same set every epoch for cached features, a freshly
     * augmented one for re-augmenting probes).
     */
    static Fit train(IntFunction<FeatureSet> epochData, int numClasses, Options o, long seed) {
        float[][] w = null;
        float[] b = new float[numClasses];
        double[][] vw = null;
        double[] vb = new double[numClasses];
        Random rnd = new Random(seed);
        int d = -1;
        List<Integer> milestones = o.milestones().isEmpty() ? milestones(o.epochs()) : o.milestones();
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            FeatureSet fs = epochData.apply(epoch);
            if (w == null) {
                d = fs.dim();
                w = new float[numClasses][d];
                vw = new double[numClasses][d];
                for (float[] row : w) {
                    for (int j = 0; j < d; j++) {
                        row[j] = (float) ((rnd.nextDouble() * 2 - 1) / Math.sqrt(d));
                    }
                }
                int[] counts = new int[numClasses];
                for (int y : fs.labels()) {
                    counts[y]++;
                }
                for (int c = 0; c < numClasses; c++) {
                    if (counts[c] == 0) {
                        throw new PluginException("class " + c + " has no training samples; a probe needs every class in the training split");
                    }
                }
            }
            double lr = o.lr();
            for (int m : milestones) {
                if (epoch > m) {
                    lr *= o.gamma();
                }
            }
            float[] x = dense(fs);
            int[] y = fs.labels();
            int n = y.length;
            if (o.normalized()) {
                normalizeRows(x, d);
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double[] logits = new double[numClasses];
            double[] g = new double[numClasses];
            double[][] gw = new double[numClasses][d];
            double[] gb = new double[numClasses];
            float[][] wn = new float[numClasses][d];
            for (int start = 0; start < n; start += o.batch()) {
                int end = Math.min(n, start + o.batch());
                for (double[] row : gw) {
                    java.util.Arrays.fill(row, 0);
                }
                java.util.Arrays.fill(gb, 0);
                double[] norms = new double[numClasses];
                float[][] wu = w;
                if (o.normalized()) {
                    for (int c = 0; c < numClasses; c++) {
                        double s = 0;
                        for (int j = 0; j < d; j++) {
                            s += (double) w[c][j] * w[c][j];
                        }
                        norms[c] = Math.max(Math.sqrt(s), 1e-12);
                        for (int j = 0; j < d; j++) {
                            wn[c][j] = (float) (w[c][j] / norms[c]);
                        }
                    }
                    wu = wn;
                }
                // gradient with respect to the (normalised) weights, accumulated over the batch
                for (int t = start; t < end; t++) {
                    int i = order[t];
                    int off = i * d;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < numClasses; c++) {
                        double s = 0;
                        float[] wc = wu[c];
                        for (int j = 0; j < d; j++) {
                            s += x[off + j] * wc[j];
                        }
                        logits[c] = o.normalized() ? s / o.tau() : s + b[c];
                        max = Math.max(max, logits[c]);
                    }
                    double z = 0;
                    for (int c = 0; c < numClasses; c++) {
                        g[c] = Math.exp(logits[c] - max);
                        z += g[c];
                    }
                    for (int c = 0; c < numClasses; c++) {
                        double p = g[c] / z - (c == y[i] ? 1 : 0);
                        if (o.normalized()) {
                            p /= o.tau();
                        }
                        gb[c] += p;
                        double[] gwc = gw[c];
                        for (int j = 0; j < d; j++) {
                            gwc[j] += p * x[off + j];
                        }
                    }
                }
                int bs = end - start;
                for (int c = 0; c < numClasses; c++) {
                    if (o.normalized()) {
                        // chain rule through ŵ = w/‖w‖: dL/dw = (I − ŵŵᵀ) dL/dŵ / ‖w‖
                        double dot = 0;
                        for (int j = 0; j < d; j++) {
                            dot += gw[c][j] * wn[c][j];
                        }
                        for (int j = 0; j < d; j++) {
                            gw[c][j] = (gw[c][j] - dot * wn[c][j]) / norms[c];
                        }
                    }
                    for (int j = 0; j < d; j++) {
                        vw[c][j] = o.momentum() * vw[c][j] + gw[c][j] / bs;
                        w[c][j] -= (float) (lr * vw[c][j]);
                    }
                    if (!o.normalized()) {
                        vb[c] = o.momentum() * vb[c] + gb[c] / bs;
                        b[c] -= (float) (lr * vb[c]);
                    }
                }
            }
            for (float[] row : w) {
                for (float v : row) {
                    if (!Float.isFinite(v)) {
                        throw new PluginException("the linear probe diverged in epoch " + epoch + " (lr " + lr + "); lower the probe's lr");
                    }
                }
            }
        }
        return new Fit(w, o.normalized() ? null : b);
    }

    static void normalizeRows(float[] x, int d) {
        for (int off = 0; off < x.length; off += d) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) x[off + j] * x[off + j];
            }
            double inv = 1.0 / Math.max(Math.sqrt(s), 1e-12);
            for (int j = 0; j < d; j++) {
                x[off + j] *= inv;
            }
        }
    }

    /**
     * The probes' learning-rate milestones for {@code epochs} epochs: after 60, 75 and 90% of them (epochs 60, 75, 90
     * of 100, as the paper's probes), at least epoch 1. The one place that schedule is written: a probe given no
     * milestones uses it.
     */
    static List<Integer> milestones(int epochs) {
        return List.of(Math.max(1, epochs * 60 / 100), Math.max(1, epochs * 75 / 100), Math.max(1, epochs * 90 / 100));
    }

    /** Accuracy of a fitted classifier on a feature set (without a bias, as the normalised probe, it compares cosines). */
    static double accuracy(Fit fit, FeatureSet test) {
        return accuracy(predict(test, fit.weights(), fit.bias()), test.labels());
    }

    /** Fraction of predictions equal to the labels; NaN for no samples. */
    static double accuracy(int[] predictions, int[] labels) {
        long ok = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] == labels[i]) {
                ok++;
            }
        }
        return labels.length == 0 ? Double.NaN : (double) ok / labels.length;
    }

    /**
     * Arg-max class of each row: zᵀw<sub>c</sub> + b<sub>c</sub> with a bias, else the cosine zᵀw<sub>c</sub>/‖w<sub>c</sub>‖
     * (fixed prototypes and normalised probes, whose features are normalised too). Every probe, and robustness scoring
     * a saved classifier, predicts through this one path.
     */
    static int[] predict(FeatureSet fs, float[][] w, float[] bias) {
        int d = fs.dim();
        if (w[0].length != d) {
            throw new PluginException("the classifier has " + w[0].length + " inputs but the '" + fs.column()
                    + "' features have " + d);
        }
        double[] norm = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            double s = 0;
            for (float v : w[c]) {
                s += (double) v * v;
            }
            norm[c] = bias == null ? Math.max(Math.sqrt(s), 1e-12) : 1;
        }
        int[] out = new int[fs.size()];
        fs.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < w.length; c++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += data[r * d + j] * w[c][j];
                    }
                    s = s / norm[c] + (bias == null ? 0 : bias[c]);
                    if (s > bestScore) {
                        bestScore = s;
                        best = c;
                    }
                }
                out[offset + r] = best;
            }
        });
        return out;
    }
}
