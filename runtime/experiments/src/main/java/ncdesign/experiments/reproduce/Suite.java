package ncdesign.experiments.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments of one scale: the training cells and, for each of the paper's tables and figures, which cells it
 * reads and how it is rendered. Tables that cannot be run at a scale are listed with the reason.
 */
final class Suite {
    /** The classifier losses compared throughout the paper, in its order. */
    static final List<String> LOSSES = List.of("ce", "etf-dr", "normface", "ntce", "nonl");
    /** The losses of the τ study (Tables 9–10, Figure 3) and of the convergence table. */
    static final List<String> NORMALISED = List.of("normface", "ntce", "nonl");
    /** Every table and figure id, in report order. */
    static final List<String> IDS = List.of("theorem", "table1", "table2", "table3", "table4", "table5", "table6", "table7",
            "figure2", "table9-10", "figure3", "table11", "table12", "table13", "table14");

    /** A table or figure: its id, the cells it reads, and why it is not run at this scale (null when it is). */
    record Entry(String id, List<String> cells, String notRun) {
    }

    final Scale scale;
    final Map<String, Cell> cells = new LinkedHashMap<>();
    final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Dataset of the main classifier runs, and its paper column. */
    final List<String> datasets = new ArrayList<>();
    final List<Double> taus = new ArrayList<>();
    final List<Integer> tauBatches = new ArrayList<>();
    final List<Double> rhos = new ArrayList<>();
    final List<Integer> seeds = new ArrayList<>();
    /** Epochs of the linear classifier of Table 4. */
    int transferEpochs = 10;
    /** Test images of Table 5 (0 = the whole test set). */
    int robustnessLimit;

    private Suite(Scale scale) {
        this.scale = scale;
    }

    /** The plan of {@code scale}. */
    static Suite of(Scale scale) {
        Suite s = new Suite(scale);
        switch (scale) {
            case THEORY -> s.theory();
            case TINY -> s.tiny();
            case SMALL -> s.gpu(100, 1, List.of(0.1, 0.2, 0.5), List.of(0.1, 0.01));
            case PAPER -> s.gpu(1000, 5, List.of(0.07, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), List.of(0.1, 0.02, 0.01));
            default -> throw new IllegalStateException();
        }
        for (String id : IDS) {
            s.entries.putIfAbsent(id, new Entry(id, List.of(), switch (id) {
                case "theorem" -> "run with --scale theory (the unconstrained-features model)";
                case "table4", "table5" -> "the unconstrained-features model has no image encoder to transfer or corrupt; run --scale tiny or larger";
                case "table11" -> "ImageNet-1K with batches 2048–8192 (8 GPUs in the paper); not available here";
                case "table12" -> "ImageNet-100 with ResNet-50/101/152; not available here";
                default -> "not part of the " + scale.label() + " scale";
            }));
        }
        Map<String, Entry> ordered = new LinkedHashMap<>();
        IDS.forEach(id -> ordered.put(id, s.entries.get(id)));
        s.entries.clear();
        s.entries.putAll(ordered);
        return s;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Cell add(String name, Map<String, Object> options, Map<String, Object> bb, List<String> ev) {
        Cell c = new Cell(name, options, Map.of(), bb, ev);
        cells.put(name, c);
        return c;
    }

    private void entry(String id, List<String> cellNames) {
        entries.put(id, new Entry(id, List.copyOf(cellNames), null));
    }

    /** Theorem 4.1 on the unconstrained-features model: every loss optimised far, then the NC metrics. */
    private void theory() {
        datasets.add("synthetic");
        List<String> names = new ArrayList<>();
        for (String loss : LOSSES) {
            String n = "theory-" + loss;
            add(n, map("dataset", "synthetic", "backbone", "free", "loss", loss, "batch", 256, "epochs", 600, "lr", 1.0,
                    "weight-decay", 5e-4, "augment", "none", "evaluators", "none", "nc-every", 200, "nc-subset", 2048,
                    "metrics", "all", "seed", 42), map("dim", 16), List.of());
            names.add(n);
        }
        entry("theorem", names);
        entry("table3", names);
        entry("table7", names);
        entry("figure2", names);
    }

    /** Fashion-MNIST with the MLP, and CIFAR-10 with the small CNN when its files are present. */
    private void tiny() {
        datasets.add("fashion-mnist");
        datasets.add("cifar10");
        Map<String, Object> fm = map("dataset", "fashion-mnist", "backbone", "mlp", "epochs", 5, "batch", 128, "nc-every", 200,
                "evaluators", "classifier", "metrics", "all", "seed", 42);
        Map<String, Object> c10 = map("dataset", "cifar10", "backbone", "cnn", "epochs", 5, "batch", 128, "nc-every", 200,
                "evaluators", "classifier", "metrics", "all", "seed", 42);
        classifierRuns("fm", fm, "c10", c10);
        downstream(1000, 10);
        scl("fm-scl", fm, 10);
        longTail("fmlt", fm, List.of(0.1, 0.02, 0.01));
        tauGrid("fmtau", with(fm, "epochs", 2, "nc-every", 0, "metrics", "erank-inter"), List.of(0.07, 0.1, 0.2, 0.5, 1.0), List.of(64, 512));
        seeds("fmseed", with(fm, "nc-every", 0, "metrics", "erank-inter"), List.of(1, 2, 3));
    }

    /** ResNet-18 on CIFAR-10 and CIFAR-100 with the paper's hyper-parameters (Appendix E). */
    private void gpu(int epochs, int nSeeds, List<Double> tauGrid, List<Double> rhoGrid) {
        datasets.add("cifar10");
        datasets.add("cifar100");
        Map<String, Object> base = map("backbone", "resnet18", "epochs", epochs, "batch", 512, "lr", 0.2, "weight-decay", 1e-4,
                "tau", 0.1, "augment", "crop-flip", "nc-every", 1000, "evaluators", "classifier", "metrics", "all", "seed", 42, "device", "auto");
        classifierRuns("c10", with(base, "dataset", "cifar10"), "c100", with(base, "dataset", "cifar100"));
        downstream(0, 30);
        Map<String, Object> scl = with(base, "dataset", "cifar10", "lr", 0.05);
        scl("c10-scl", scl, 100);
        longTail("c10lt", with(base, "dataset", "cifar10"), rhoGrid);
        tauGrid("c10tau", with(base, "dataset", "cifar10", "nc-every", 0), tauGrid, List.of(512));
        List<Integer> s = new ArrayList<>();
        for (int i = 1; i <= nSeeds; i++) {
            s.add(i);
        }
        seeds("c10seed", with(base, "dataset", "cifar10", "nc-every", 0), s);
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.putAll(map(kv));
        return m;
    }

    private void classifierRuns(String p1, Map<String, Object> b1, String p2, Map<String, Object> b2) {
        List<String> t1 = new ArrayList<>();
        List<String> first = new ArrayList<>();
        for (String loss : LOSSES) {
            add(p1 + "-" + loss, with(b1, "loss", loss), Map.of(), List.of());
            t1.add(p1 + "-" + loss);
            first.add(p1 + "-" + loss);
        }
        for (String loss : LOSSES) {
            add(p2 + "-" + loss, with(b2, "loss", loss), Map.of(), List.of());
            t1.add(p2 + "-" + loss);
        }
        entry("table1", t1);
        entry("table7", first);
        entry("figure2", first);
    }

    /** Tables 4 and 5 on the encoders of Table 1: every one transferred, the CIFAR-10 runs corrupted (CIFAR-10-C). */
    private void downstream(int limit, int epochs) {
        robustnessLimit = limit;
        transferEpochs = epochs;
        List<String> t1 = entries.get("table1").cells();
        entry("table4", t1);
        entry("table5", t1.stream().filter(c -> cells.get(c).dataset().equals("cifar10")).toList());
    }

    /** The SCL cell of Tables 2 and 14, also a row of Table 3 beside the classifier runs of Table 1 (planned before). */
    private void scl(String name, Map<String, Object> base, int probeEpochs) {
        List<String> ev = new ArrayList<>();
        for (String probe : List.of("linear-probe", "linear-probe-cached", "normalized-probe")) {
            ev.add(probe + ".epochs=" + probeEpochs);
        }
        ev.add("normalized-probe.tau=0.1");
        add(name, with(base, "loss", "scl", "nc-every", 0, "evaluators", "fixed-prototypes,linear-probe,linear-probe-cached,normalized-probe"),
                Map.of(), ev);
        entry("table2", List.of(name));
        entry("table14", List.of(name));
        List<String> t3 = new ArrayList<>(entries.get("table1").cells());
        t3.add(name);
        entry("table3", t3);
    }

    private void longTail(String prefix, Map<String, Object> base, List<Double> grid) {
        rhos.addAll(grid);
        List<String> names = new ArrayList<>();
        for (double rho : grid) {
            for (String loss : LOSSES) {
                String n = prefix + rho + "-" + loss;
                add(n, with(base, "loss", loss, "long-tail", rho, "nc-every", 0, "evaluators", "classifier,long-tail"), Map.of(), List.of());
                names.add(n);
            }
        }
        entry("table6", names);
    }

    private void tauGrid(String prefix, Map<String, Object> base, List<Double> tauGrid, List<Integer> batches) {
        taus.addAll(tauGrid);
        tauBatches.addAll(batches);
        List<String> names = new ArrayList<>();
        for (String loss : NORMALISED) {
            for (double tau : tauGrid) {
                for (int b : batches) {
                    String n = tauCell(prefix, loss, tau, b);
                    add(n, with(base, "loss", loss, "tau", tau, "batch", b), Map.of(), List.of());
                    names.add(n);
                }
            }
        }
        entry("table9-10", names);
        if (batches.size() > 1) {
            entry("figure3", names);
        }
    }

    static String tauCell(String prefix, String loss, double tau, int batch) {
        return prefix + "-" + loss + "-t" + tau + "-b" + batch;
    }

    private void seeds(String prefix, Map<String, Object> base, List<Integer> s) {
        seeds.addAll(s);
        List<String> names = new ArrayList<>();
        for (String loss : List.of("ce", "normface", "ntce", "nonl")) {
            for (int seed : s) {
                String n = prefix + "-" + loss + "-s" + seed;
                add(n, with(base, "loss", loss, "seed", seed), Map.of(), List.of());
                names.add(n);
            }
        }
        entry("table13", names);
    }
}
