package ncdesign.metrics.stats;

import java.util.Arrays;
import java.util.stream.IntStream;
import ncdesign.api.metric.MetricKernels;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.linalg.SymmetricEigen;

/**
 * {@link MetricKernels} in plain Java on the CPU's cores: the default when a feature set brings no kernels of its own.
 * Scatter rows are buffered per group and folded in as blocked rank-k updates of the upper triangle, in parallel
 * over groups; spectra come from {@link SymmetricEigen}, in parallel over groups.
 */
public final class JavaKernels implements MetricKernels {
    /** The shared instance. */
    public static final JavaKernels INSTANCE = new JavaKernels();
    /** Rows per rank-k update. */
    private static final int RANK_BLOCK = 32;

    private JavaKernels() {
    }

    @Override
    public String device() {
        return "java";
    }

    /** Bytes one group of a scatter pass holds: its d×d accumulator and its row buffer. */
    static long bytesPerGroup(int d) {
        return (long) d * d * 8 + (long) RANK_BLOCK * d * 8;
    }

    /** As many groups as fit in a quarter of the heap ({@code ClassStats.scatterBudgetBytes}). */
    @Override
    public int maxGroups(int dim) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ClassStats.scatterBudgetBytes / bytesPerGroup(dim)));
    }

    @Override
    public GroupScatter scatter(int groups, int dim) {
        return new Scatter(groups, dim);
    }

    @Override
    public Product product(double[] b, int dim, int cols) {
        if (b.length != dim * cols) {
            throw new IllegalArgumentException("product matrix has " + b.length + " values, expected " + dim + "×" + cols);
        }
        double[] bt = b.clone();
        return new Product() {
            @Override
            public double[] multiply(double[] rows, int count) {
                double[] out = new double[count * cols];
                final int chunk = 64;
                IntStream.range(0, (count + chunk - 1) / chunk).parallel().forEach(ch -> {
                    int end = Math.min(count, (ch + 1) * chunk);
                    for (int r0 = ch * chunk; r0 < end; r0 += 4) {
                        multiplyFour(rows, r0, Math.min(4, end - r0), bt, dim, cols, out);
                    }
                });
                return out;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Rows r0..r0+nr−1 (nr ≤ 4) times bt into out; the four rows share each load of bt. */
    private static void multiplyFour(double[] u, int r0, int nr, double[] bt, int d, int cols, double[] out) {
        int o0 = r0 * cols;
        int o1 = (nr > 1 ? r0 + 1 : r0) * cols;
        int o2 = (nr > 2 ? r0 + 2 : r0) * cols;
        int o3 = (nr > 3 ? r0 + 3 : r0) * cols;
        double[] s0 = new double[cols];
        double[] s1 = new double[cols];
        double[] s2 = new double[cols];
        double[] s3 = new double[cols];
        int b0 = r0 * d;
        int b1 = (nr > 1 ? r0 + 1 : r0) * d;
        int b2 = (nr > 2 ? r0 + 2 : r0) * d;
        int b3 = (nr > 3 ? r0 + 3 : r0) * d;
        for (int t = 0; t < d; t++) {
            double u0 = u[b0 + t];
            double u1 = u[b1 + t];
            double u2 = u[b2 + t];
            double u3 = u[b3 + t];
            int b = t * cols;
            for (int j = 0; j < cols; j++) {
                double x = bt[b + j];
                s0[j] += u0 * x;
                s1[j] += u1 * x;
                s2[j] += u2 * x;
                s3[j] += u3 * x;
            }
        }
        // rows past the end repeat row r0 and are written to its place, with the same values
        System.arraycopy(s3, 0, out, o3, cols);
        System.arraycopy(s2, 0, out, o2, cols);
        System.arraycopy(s1, 0, out, o1, cols);
        System.arraycopy(s0, 0, out, o0, cols);
    }

    private static final class Scatter implements GroupScatter {
        private final int g;
        private final int d;
        private final double[][][] acc;
        private final double[][][] buf;
        private final int[] fill;

        Scatter(int groups, int dim) {
            g = groups;
            d = dim;
            acc = new double[g][][];
            buf = new double[g][][];
            fill = new int[g];
            for (int i = 0; i < g; i++) {
                acc[i] = new double[d][d];
                buf[i] = new double[RANK_BLOCK][d];
            }
        }

        @Override
        public void add(int[] group, double[] rows, int count) {
            // order this block's rows by group (counting sort), then each group folds its rows in, groups in parallel
            int[] cnt = new int[g + 1];
            for (int r = 0; r < count; r++) {
                if (group[r] >= 0) {
                    cnt[group[r] + 1]++;
                }
            }
            for (int i = 0; i < g; i++) {
                cnt[i + 1] += cnt[i];
            }
            int[] at = cnt.clone();
            int[] order = new int[cnt[g]];
            for (int r = 0; r < count; r++) {
                if (group[r] >= 0) {
                    order[at[group[r]]++] = r;
                }
            }
            int[] active = IntStream.range(0, g).filter(i -> cnt[i + 1] > cnt[i]).toArray();
            IntStream.range(0, active.length).parallel().forEach(a -> {
                int sl = active[a];
                double[][] b = buf[sl];
                for (int q = cnt[sl]; q < cnt[sl + 1]; q++) {
                    System.arraycopy(rows, order[q] * d, b[fill[sl]], 0, d);
                    if (++fill[sl] == RANK_BLOCK) {
                        rankUpdate(acc[sl], b, RANK_BLOCK);
                        fill[sl] = 0;
                    }
                }
            });
        }

        @Override
        public Spectra finish(double[] scale) {
            double[][] total = new double[d][d];
            double[][] eig = new double[g][];
            IntStream.range(0, g).parallel().forEach(sl -> {
                if (fill[sl] > 0) {
                    rankUpdate(acc[sl], buf[sl], fill[sl]);
                }
                buf[sl] = null;
                Spectral.mirrorUpper(acc[sl]);
            });
            // the pooled total in group order, so that the result does not depend on which thread finished first
            for (int sl = 0; sl < g; sl++) {
                double[][] s = acc[sl];
                for (int i = 0; i < d; i++) {
                    double[] p = total[i];
                    double[] si = s[i];
                    for (int j = 0; j < d; j++) {
                        p[j] += si[j];
                    }
                }
            }
            IntStream.range(0, g).parallel().forEach(sl -> {
                double[][] s = acc[sl];
                if (scale[sl] > 0) {
                    for (double[] row : s) {
                        for (int j = 0; j < d; j++) {
                            row[j] *= scale[sl];
                        }
                    }
                    eig[sl] = SymmetricEigen.eigenvalues(s);
                }
                acc[sl] = null;
            });
            return new Spectra(eig, total);
        }

        @Override
        public void close() {
            Arrays.fill(acc, null);
            Arrays.fill(buf, null);
        }
    }

    /** Upper triangle (and a few harmless sub-diagonal entries) of acc += Σ_{t<r} x_t x_tᵀ, four rows at a time. */
    static void rankUpdate(double[][] acc, double[][] x, int r) {
        int d = acc.length;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            double[] a0 = acc[i];
            double[] a1 = acc[i + 1];
            double[] a2 = acc[i + 2];
            double[] a3 = acc[i + 3];
            for (int t = 0; t < r; t++) {
                double[] xt = x[t];
                double x0 = xt[i];
                double x1 = xt[i + 1];
                double x2 = xt[i + 2];
                double x3 = xt[i + 3];
                for (int j = i; j < d; j++) {
                    double xj = xt[j];
                    a0[j] += x0 * xj;
                    a1[j] += x1 * xj;
                    a2[j] += x2 * xj;
                    a3[j] += x3 * xj;
                }
            }
        }
        for (; i < d; i++) {
            double[] ai = acc[i];
            for (int t = 0; t < r; t++) {
                double[] xt = x[t];
                double xi = xt[i];
                for (int j = i; j < d; j++) {
                    ai[j] += xi * xt[j];
                }
            }
        }
    }
}
