package ncdesign.api.metric;

import ncdesign.api.annotation.Stable;

/**
 * The heavy linear algebra of the metric suite, on the device the runtime chose for a run: per-group scatter
 * matrices with their spectra, and products of streamed feature rows with a fixed matrix. Everything else a metric
 * does is O(N·d) bookkeeping that stays in Java.
 *
 * <p>A metric gets the kernels of its run from its {@link MetricContext#kernels()}; without a runtime they are the
 * metric plugin's own Java code. The runtime supplies TensorFlow kernels pinned to {@code --device}, so a GPU run
 * computes its metrics on the GPU and stops (it does not fall back) when a heavy op lands elsewhere.
 *
 * <p>All values are double precision, row-major. Implementations need not be thread-safe: one caller drives one
 * accumulator or product at a time.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface MetricKernels {

    /** Where the kernels run, for logs and reports: {@code java}, {@code cpu} or {@code gpu:N}. */
    String device();

    /**
     * An accumulator of A_g = Σ x xᵀ over the rows added to group g, for {@code groups} groups of {@code dim}×{@code dim}
     * matrices. The caller sizes {@code groups} so that groups·dim² doubles fit its memory budget.
     */
    GroupScatter scatter(int groups, int dim);

    /**
     * How many groups of {@code dim}×{@code dim} matrices one {@link #scatter} may hold in the memory these kernels
     * compute in (at least 1); with more classes the caller makes several passes over the features.
     */
    int maxGroups(int dim);

    /** A product with the fixed matrix {@code b} ({@code dim} × {@code cols}, row-major), kept by the kernels. */
    Product product(double[] b, int dim, int cols);

    /** Sums of outer products per group; see {@link MetricKernels#scatter}. */
    interface GroupScatter extends AutoCloseable {
        /**
         * Adds rows 0..count−1 of {@code rows} (count × dim) to the groups {@code group[r]}; a negative group skips
         * the row. The arrays may be reused by the caller after the call returns.
         */
        void add(int[] group, double[] rows, int count);

        /**
         * Ends the accumulation: the eigenvalues (ascending) of scale[g]·A_g for every group whose scale is positive
         * ({@code null} for the others), and the total Σ_g A_g over all groups, unscaled.
         */
        Spectra finish(double[] scale);

        @Override
        void close();
    }

    /** Eigenvalues per group and the unscaled total of the group matrices (dim × dim). */
    record Spectra(double[][] eigenvalues, double[][] total) {
    }

    /** Products with a fixed right-hand side; see {@link MetricKernels#product}. */
    interface Product extends AutoCloseable {
        /** rows 0..count−1 of {@code rows} (count × dim) times the fixed matrix: a new count × cols array. */
        double[] multiply(double[] rows, int count);

        @Override
        void close();
    }
}
