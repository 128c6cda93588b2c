package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ncdesign.api.error.ConfigException;
import ncdesign.api.metric.MetricKernels;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunMetadata;

/** The metric suite's TensorFlow kernels against plain sums, and where their heavy ops ran. */
class DeviceKernelsTest {
    private static final int D = 6;

    @Test
    void scatterSumsOuterProductsPerGroupAcrossCallsAndReturnsTheScaledSpectra() {
        List<Placement> seen = new ArrayList<>();
        DeviceKernels k = new DeviceKernels("cpu", 2, seen::add);
        SplittableRandom r = new SplittableRandom(3);
        int groups = 3;
        double[][][] naive = new double[groups][D][D];
        MetricKernels.Spectra s;
        try (MetricKernels.GroupScatter acc = k.scatter(groups, D)) {
            for (int call = 0; call < 3; call++) {
                int rows = 5 + call;
                double[] x = new double[rows * D];
                int[] g = new int[rows];
                for (int i = 0; i < rows; i++) {
                    g[i] = i == 0 ? -1 : r.nextInt(2); // group 2 stays empty; row 0 is skipped
                    for (int j = 0; j < D; j++) {
                        x[i * D + j] = r.nextDouble() - 0.5;
                    }
                    if (g[i] >= 0) {
                        for (int a = 0; a < D; a++) {
                            for (int b = 0; b < D; b++) {
                                naive[g[i]][a][b] += x[i * D + a] * x[i * D + b];
                            }
                        }
                    }
                }
                acc.add(g, x, rows);
            }
            s = acc.finish(new double[] {0.5, 2, 0});
        }
        for (int a = 0; a < D; a++) {
            for (int b = 0; b < D; b++) {
                assertThat(s.total()[a][b]).isCloseTo(naive[0][a][b] + naive[1][a][b], within(1e-12));
            }
        }
        double[] scale = {0.5, 2};
        for (int g = 0; g < 2; g++) {
            double trace = 0;
            for (int a = 0; a < D; a++) {
                trace += naive[g][a][a];
            }
            double[] e = s.eigenvalues()[g];
            assertThat(e).hasSize(D);
            assertThat(java.util.Arrays.stream(e).sum()).isCloseTo(scale[g] * trace, within(1e-10));
            for (int i = 1; i < D; i++) {
                assertThat(e[i]).isGreaterThanOrEqualTo(e[i - 1]); // ascending
            }
            assertThat(e[0]).isGreaterThan(-1e-12); // a sum of outer products is positive semi-definite
        }
        assertThat(s.eigenvalues()[2]).as("a group with scale 0 has no spectrum").isNull();
        // the accumulation and the spectra were traced: products and the eigen-decomposition on the CPU in float64
        assertThat(seen).hasSize(2);
        assertThat(seen.stream().mapToInt(p -> p.heavyOfType("DT_DOUBLE")).sum()).isEqualTo(2);
        assertThat(seen).allSatisfy(p -> assertThat(p.heavyElsewhere()).isEmpty());
    }

    @Test
    void groupsPerPassShrinkWithTheSquareOfTheDimension() {
        DeviceKernels k = new DeviceKernels("cpu", 2, p -> { });
        int small = k.maxGroups(64);
        int large = k.maxGroups(512);
        assertThat(large).isGreaterThanOrEqualTo(1);
        assertThat(small).isGreaterThan(large);
        assertThat((double) small / large).isCloseTo(64.0, within(64.0 * 0.05 + 1)); // (512/64)² = 64, up to rounding
        assertThat(k.maxGroups(1 << 20)).as("at least one group, however large d is").isEqualTo(1);
    }

    @Test
    void productMultipliesStreamedRowsWithTheFixedMatrix() {
        List<Placement> seen = new ArrayList<>();
        DeviceKernels k = new DeviceKernels("cpu", 2, seen::add);
        int cols = 4;
        SplittableRandom r = new SplittableRandom(5);
        double[] b = r.doubles(D * cols).toArray();
        try (MetricKernels.Product p = k.product(b, D, cols)) {
            for (int rows : new int[] {3, 1}) {
                double[] x = r.doubles(rows * D + 7).toArray(); // a longer, reused buffer: only count rows are read
                double[] out = p.multiply(x, rows);
                assertThat(out).hasSize(rows * cols);
                for (int i = 0; i < rows; i++) {
                    for (int c = 0; c < cols; c++) {
                        double v = 0;
                        for (int t = 0; t < D; t++) {
                            v += x[i * D + t] * b[t * cols + c];
                        }
                        assertThat(out[i * cols + c]).isCloseTo(v, within(1e-12));
                    }
                }
            }
        }
        assertThat(seen).singleElement().satisfies(p -> assertThat(p.heavyByType()).containsEntry("device:CPU:0 DT_DOUBLE", 1));
        assertThatThrownBy(() -> k.product(b, D, cols + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGpuComputationWhoseEigenDecompositionRanOnTheCpuStops() {
        NodeDef eig = NodeDef.newBuilder().setName("eig").setOp("SelfAdjointEigV2").setDevice("/job:localhost/replica:0/task:0/device:CPU:0")
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_DOUBLE).build()).build();
        NodeDef mm = NodeDef.newBuilder().setName("mm").setOp("BatchMatMulV3").setDevice("/job:localhost/replica:0/task:0/device:GPU:0")
                .putAttr("Ta", AttrValue.newBuilder().setType(DataType.DT_DOUBLE).build()).build();
        RunMetadata md = RunMetadata.newBuilder().addPartitionGraphs(GraphDef.newBuilder().addNode(eig).addNode(mm)).build();
        Placement p = Placement.of(md, "gpu:0");
        assertThat(p.heavyByType()).containsEntry("device:GPU:0 DT_DOUBLE", 1).containsEntry("device:CPU:0 DT_DOUBLE", 1);
        assertThatThrownBy(p::check).isInstanceOf(ConfigException.class).hasMessageContaining("heavy ops ran off the GPU")
                .hasMessageContaining("device:CPU:0 DT_DOUBLE");
        assertThatThrownBy(() -> p.check("--metrics-device gpu:0", "use --metrics-device java")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--metrics-device gpu:0: heavy ops ran off the GPU").hasMessageEndingWith("use --metrics-device java");
    }
}
