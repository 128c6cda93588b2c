package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricValue;
import ncdesign.data.BatchStream;
import ncdesign.io.AtomicFiles;
import ncdesign.io.Json;
import ncdesign.io.JsonLines;
import ncdesign.io.RunLayout;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Neural Collapse metrics during training: every {@code nc-every} steps the inference branch encodes a fixed,
 * seeded subset of the training set (no augmentation) and every selected metric is computed with the current
 * classifier. Rows go to {@code trajectory.jsonl} and {@code trajectory.csv} ({@code step}, {@code epoch}, then
 * each metric's value and, as {@code <metric>%}, its percentage of the optimum), rewritten atomically.
 */
final class Trajectory implements TrainingListener {
    private static final Logger LOG = LogManager.getLogger(Trajectory.class);
    private final TrainSession session;
    private final TensorBoardWriter tb;
    private final RunFolder run;
    private final MetricPlan metrics;
    private final int every;
    private final int[] subset;
    private final TrainingData data;
    private final int batch;
    /** The recorded points, as read back from their JSON form (so the CSV shows the same digits as the JSON). */
    private final List<Map<String, Object>> rows = new ArrayList<>();

    /** Measures {@code session}'s model into {@code run}'s trajectory files and {@code tb}. */
    Trajectory(TrainSession session, TensorBoardWriter tb, RunFolder run, TrainingData data, MetricPlan metrics, int every,
               int subsetSize, long seed, int batch, long stepsDone) throws IOException {
        this.session = session;
        this.tb = tb;
        this.run = run;
        this.data = data;
        this.metrics = metrics;
        this.every = every;
        this.batch = batch;
        int n = Math.min(subsetSize, data.train().size());
        int[] perm = new int[data.train().size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x7a3c5e1dL);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        this.subset = java.util.Arrays.copyOf(perm, n);
        Path existing = RunLayout.trajectoryJsonl(run.dir);
        if (Files.exists(existing)) {
            // a resumed run keeps the points before its checkpoint's step; that one and later ones are measured again
            boolean dropped = false;
            for (JsonLines.Line line : JsonLines.readRepairing(existing, m -> LOG.warn(m))) {
                {
                    Map<String, Object> row = line.value();
                    if (((Number) row.get("step")).longValue() < stepsDone) {
                        rows.add(row);
                    } else {
                        dropped = true;
                    }
                }
            }
            if (dropped) { // now: feature caches written before the next point record the trajectory so far
                write();
            }
        }
    }

    private long lastStep = -1;

    private Map<String, Object> parse(String line) {
        return Json.readMap(line);
    }

    @Override
    public void onStepBegin(long step, int epoch) throws IOException {
        if (step % every == 0) {
            measure(session, step, epoch, tb);
        }
    }

    @Override
    public void onTrainingEnd(long step, int epochsDone) throws IOException {
        if (lastStep != step) {
            measure(session, step, epochsDone, tb); // always a point at the end
        }
    }

    private void measure(TrainSession s, long step, int epoch, TensorBoardWriter tb) throws IOException {
        lastStep = step;
        rows.removeIf(r -> ((Number) r.get("step")).longValue() == step);
        FeatureSet fs;
        try (BatchStream stream = BatchStream.eval(data.train(), subset, data.augment(), batch, data.threads())) {
            fs = s.collect(stream, subset.length, true, data.spec().numClasses());
        }
        if (s.model.headDim > 0) {
            fs = fs.select("head_features");
        }
        List<MetricValue> values = Analysis.metrics(metrics, fs, s.metricKernels());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("epoch", epoch);
        for (MetricValue v : values) {
            tb.scalar("nc/" + v.name(), step, v.value());
            row.put(v.name(), v.value());
            if (!Double.isNaN(v.percentOfOptimum())) {
                row.put(v.name() + "%", v.percentOfOptimum());
                row.put(v.name() + "@opt", v.optimum());
            }
        }
        rows.add(parse(Json.write(row)));
        write();
    }

    /** Rewrites trajectory.jsonl and trajectory.csv with the points so far (none: empty files). */
    private void write() throws IOException {
        List<String> json = new ArrayList<>();
        List<String> csv = new ArrayList<>();
        List<String> columns = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).keySet());
        csv.add(String.join(",", columns));
        for (Map<String, Object> r : rows) {
            json.add(Json.write(r));
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                Object v = r.get(c);
                cells.add(v == null ? "" : String.valueOf(v));
            }
            csv.add(String.join(",", cells));
        }
        AtomicFiles.writeString(RunLayout.trajectoryJsonl(run.dir), json.isEmpty() ? "" : String.join("\n", json) + "\n");
        // the CSV is derived from the same rows, so resumed runs keep one consistent table
        AtomicFiles.writeString(run.dir.resolve(RunLayout.TRAJECTORY_CSV), String.join("\n", csv) + "\n");
    }
}
