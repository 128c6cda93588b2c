package ncdesign.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ncdesign.api.error.ConfigException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunMetadata;

/**
 * What one traced training step actually executed: the partition graphs TensorFlow ran after placement, the
 * mixed-precision rewrite and XLA clustering. A run records it in {@code placement.json} and the log, and a GPU run
 * stops when a heavy op (convolution, matrix product, batch normalisation) ran on the CPU instead.
 *
 * @param device       the resolved device of the run ({@code cpu} or {@code gpu:N})
 * @param opsByDevice  number of executed ops per device
 * @param heavyByType  heavy ops per (device, element type), e.g. {@code /device:CPU:0 DT_BFLOAT16 → 40}
 * @param casts        casts the mixed-precision rewrite inserted
 * @param xlaOps       XLA launch/compile ops (clusters compiled by XLA)
 */
public record Placement(String device, Map<String, Integer> opsByDevice, Map<String, Integer> heavyByType, int casts, int xlaOps) {

    /**
     * Runs {@code r} with its partition graphs traced and hands what executed where to {@code check}, which may stop
     * the computation by throwing (the result is closed first). Without metadata the check is skipped.
     */
    static org.tensorflow.Result runTraced(org.tensorflow.Session.Runner r, String device, java.util.function.Consumer<Placement> check) {
        r.setOptions(org.tensorflow.proto.RunOptions.newBuilder().setOutputPartitionGraphs(true).build());
        org.tensorflow.Result res = r.runAndFetchMetadata();
        try {
            res.getMetadata().ifPresent(md -> check.accept(of(md, device)));
        } catch (RuntimeException e) {
            res.close();
            throw e;
        }
        return res;
    }

    /** Reads the partition graphs of a step run with {@code output_partition_graphs}. */
    public static Placement of(RunMetadata md, String device) {
        Map<String, Integer> ops = new TreeMap<>();
        Map<String, Integer> heavy = new TreeMap<>();
        int casts = 0;
        int xla = 0;
        List<GraphDef> graphs = new ArrayList<>(md.getPartitionGraphsList());
        md.getFunctionGraphsList().forEach(f -> graphs.addAll(f.getPartitionGraphsList()));
        for (GraphDef g : graphs) {
            for (NodeDef n : g.getNodeList()) {
                String dev = shortDevice(n.getDevice());
                ops.merge(dev, 1, Integer::sum);
                if (n.getName().contains("AutoMixedPrecision")) {
                    casts++;
                }
                if (n.getOp().startsWith("_Xla") || n.getOp().equals("XlaLaunch")) {
                    xla++;
                }
                if (isHeavy(n.getOp())) {
                    AttrValue t = n.getAttrOrDefault("T", n.getAttrOrDefault("Ta", null));
                    String type = t == null ? "?" : t.getType().name();
                    heavy.merge(dev + " " + type, 1, Integer::sum);
                }
            }
        }
        return new Placement(device, ops, heavy, casts, xla);
    }

    /**
     * Convolutions, matrix products and batch normalisation, forward and backward, under any kernel name, and the
     * eigen-decompositions of the metric kernels.
     */
    static boolean isHeavy(String op) {
        return op.contains("Conv2D") || op.contains("MatMul") || op.contains("FusedBatchNorm") || op.startsWith("SelfAdjointEig");
    }

    private static String shortDevice(String d) {
        int i = d.indexOf("/device:");
        return i < 0 ? (d.isEmpty() ? "?" : d) : d.substring(i + 1);
    }

    /** Heavy ops of a given element type (e.g. {@code DT_HALF}) on any device. */
    public int heavyOfType(String type) {
        return heavyByType.entrySet().stream().filter(e -> e.getKey().endsWith(" " + type)).mapToInt(Map.Entry::getValue).sum();
    }

    /** Heavy ops on devices other than the run's device. */
    public Map<String, Integer> heavyElsewhere() {
        String want = device.startsWith("gpu") ? "device:GPU:" : "device:CPU:";
        Map<String, Integer> m = new LinkedHashMap<>();
        heavyByType.forEach((k, v) -> {
            if (!k.startsWith(want)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** Stops a GPU run whose heavy ops fell back to the CPU. */
    public void check() {
        check("--device " + device, "try --precision fp32, or --device cpu");
    }

    /** Stops a GPU computation (named by {@code what}) whose heavy ops fell back to the CPU; {@code fix} says what to do. */
    public void check(String what, String fix) {
        if (device.startsWith("gpu") && !heavyElsewhere().isEmpty()) {
            throw new OffDevice(what + ": heavy ops ran off the GPU " + heavyElsewhere()
                    + " (no GPU kernel for that op and type); " + fix);
        }
    }

    /** A heavy op ran somewhere other than the GPU a computation was placed on. */
    public static final class OffDevice extends ConfigException {
        private static final long serialVersionUID = 1L;

        OffDevice(String message) {
            super(message);
        }
    }

    /** One line for the log. */
    public String summary() {
        int total = opsByDevice.values().stream().mapToInt(Integer::intValue).sum();
        return "device " + device + ": " + total + " ops executed " + opsByDevice + "; heavy ops by type " + heavyByType
                + (casts > 0 ? "; " + casts + " mixed-precision casts" : "") + (xlaOps > 0 ? "; " + xlaOps + " XLA ops" : "");
    }

    /** The record of {@code placement.json}. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", device);
        m.put("ops_by_device", new LinkedHashMap<String, Object>(opsByDevice));
        m.put("heavy_ops_by_device_and_type", new LinkedHashMap<String, Object>(heavyByType));
        m.put("mixed_precision_casts", casts);
        m.put("xla_ops", xlaOps);
        return m;
    }
}
