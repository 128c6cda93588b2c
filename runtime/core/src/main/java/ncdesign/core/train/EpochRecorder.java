package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.api.eval.Split;
import ncdesign.io.Json;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import ncdesign.io.RunLayout;

/**
 * The epoch records: after every epoch a pass over the test set (and, in cache epochs, Arrow feature caches of
 * both splits), one row in metrics.jsonl/csv, the same numbers as TensorBoard scalars, and a log line. Its running
 * totals travel in checkpoints ({@link #state}), so a run resumed within an epoch records the same row, and a run
 * whose last checkpoint is of an epoch it had not recorded yet (stopped while writing that epoch's caches) records
 * that epoch first.
 */
final class EpochRecorder implements TrainingListener {
    private static final Logger LOG = LogManager.getLogger(EpochRecorder.class);

    private final TrainSession session;
    private final RunFolder run;
    private final TrainingData data;
    private final TensorBoardWriter tb;
    private final Schedule schedule;
    private final int lastEpoch;
    private final List<Integer> cacheEpochs;
    /** Diagnostic counters summed over the run (not per epoch), as the records show them. */
    private final Map<String, Double> diagTotals = new LinkedHashMap<>();
    private long skipped;
    private double testAccuracy = Double.NaN;
    private long t0;
    private double lossSum;
    private double correct;
    private long seen;

    EpochRecorder(TrainSession session, RunFolder run, TrainingData data, TensorBoardWriter tb, Schedule schedule,
                  int lastEpoch, List<Integer> cacheEpochs) {
        this.session = session;
        this.run = run;
        this.data = data;
        this.tb = tb;
        this.schedule = schedule;
        this.lastEpoch = lastEpoch;
        this.cacheEpochs = cacheEpochs;
    }

    /** Test accuracy after the last recorded epoch; NaN before one or without a classifier. */
    double testAccuracy() {
        return testAccuracy;
    }

    private static final String KEY = "records.";
    private static final String DIAG = KEY + "diagnostic.";

    @Override
    public Map<String, Double> state() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(KEY + "loss_sum", lossSum);
        m.put(KEY + "correct", correct);
        m.put(KEY + "seen", (double) seen);
        m.put(KEY + "skipped", (double) skipped);
        diagTotals.forEach((k, v) -> m.put(DIAG + k, v));
        return m;
    }

    @Override
    public void restore(Map<String, Double> state) {
        lossSum = state.getOrDefault(KEY + "loss_sum", 0.0);
        correct = state.getOrDefault(KEY + "correct", 0.0);
        seen = state.getOrDefault(KEY + "seen", 0.0).longValue();
        skipped = state.getOrDefault(KEY + "skipped", 0.0).longValue();
        state.forEach((k, v) -> {
            if (k.startsWith(DIAG)) {
                diagTotals.put(k.substring(DIAG.length()), v);
            }
        });
    }

    /**
     * A resumed run: the test accuracy of the last recorded epoch (the summary's), and the records of an epoch whose
     * checkpoint was written but whose test pass, caches or row were not.
     */
    @Override
    public void onTrainingBegin(long step, int epochsDone) throws IOException {
        t0 = System.nanoTime();
        if (epochsDone == 0) {
            return;
        }
        Path file = RunLayout.metricsJsonl(run.dir);
        List<Map<String, Object>> rows = java.nio.file.Files.exists(file) ? Json.readLines(file) : List.of();
        Map<String, Object> last = rows.isEmpty() ? Map.of() : rows.get(rows.size() - 1);
        if (!(last.get("epoch") instanceof Number e) || e.intValue() < epochsDone) {
            onEpochEnd(epochsDone, step);
        } else if (last.get("test_accuracy") instanceof Number acc) {
            testAccuracy = acc.doubleValue();
        }
    }

    @Override
    public void onEpochBegin(int epoch) {
        t0 = System.nanoTime();
        lossSum = 0;
        correct = 0;
        seen = 0;
    }

    @Override
    public void onStep(StepResult r) {
        if (r.skipped()) {
            skipped++;
            return;
        }
        lossSum += r.loss() * r.batchSize();
        correct += r.correct();
        seen += r.batchSize();
        r.diagnostics().forEach((k, v) -> diagTotals.merge(k, v, Double::sum));
    }

    @Override
    public void onEpochEnd(int epoch, long step) throws IOException {
        boolean cache = epoch == lastEpoch || cacheEpochs.contains(epoch);
        FeatureExtractor.Encoded test = session.features().evaluate(data, Split.TEST,
                cache ? RunLayout.testCache(run.dir, epoch) : null, epoch, step);
        if (cache) {
            session.features().evaluate(data, Split.TRAIN, RunLayout.trainCache(run.dir, epoch), epoch, step);
        }
        testAccuracy = test.accuracy();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", epoch);
        row.put("step", step);
        row.put("lr", schedule.at(Math.max(0, step - 1)));
        if (seen > 0) { // an epoch whose every batch was skipped has no training loss
            row.put("train_loss", lossSum / seen);
            row.put("train_accuracy", session.hasCorrect() ? correct / seen : Double.NaN);
        }
        row.put("test_loss", test.loss());
        row.put("test_accuracy", test.accuracy());
        row.put("seconds", (System.nanoTime() - t0) / 1e9);
        row.put("rss_mb", Resources.residentMegabytes());
        row.put("run_dir_mb", Resources.folderMegabytes(run.dir));
        diagTotals.forEach(row::put);
        if (session.canSkip()) {
            row.put("skipped_batches", skipped);
        }
        run.record(row);
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (e.getValue() instanceof Number nv && !e.getKey().equals("epoch") && !e.getKey().equals("step")) {
                tb.scalar(e.getKey(), step, nv.doubleValue());
            }
        }
        tb.flush();
        LOG.info(String.format(Locale.ROOT, "epoch %d: train loss %s, test loss %.4f%s",
                epoch, seen == 0 ? "- (no batch applied)" : String.format(Locale.ROOT, "%.4f", lossSum / seen), test.loss(),
                Double.isNaN(test.accuracy()) ? "" : String.format(Locale.ROOT, ", test accuracy %.2f%%", 100 * test.accuracy())));
    }

    @Override
    public void onTrainingEnd(long step, int epochsDone) {
        diagTotals.forEach((k, v) -> {
            if (v > 0) {
                LOG.warn("{}: {} over the run", k, v.longValue());
            }
        });
    }
}
