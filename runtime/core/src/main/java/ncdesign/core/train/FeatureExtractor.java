package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import ncdesign.api.eval.Split;
import ncdesign.data.Batch;
import ncdesign.data.BatchStream;
import ncdesign.features.MemoryFeatureSet;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;
import ncdesign.io.RunLayout;

/**
 * The model's inference branch over a batch stream, in one routine ({@link #extract}) behind the epoch evaluations
 * and feature caches ({@link #evaluate}) and the in-memory feature sets of trajectories and evaluators
 * ({@link #collect}).
 */
final class FeatureExtractor {
    private final TrainSession s;
    private final ModelGraph model;

    FeatureExtractor(TrainSession s) {
        this.s = s;
        this.model = s.model;
    }

    /**
     * One batch through the inference branch.
     *
     * @param head        head features, or null when the model has no head
     * @param predictions the classifier's predictions, or null when not asked for or the model has no classifier
     * @param loss        the batch's mean loss, or NaN when not asked for
     */
    record Rows(Batch batch, float[] features, float[] head, int[] predictions, double loss) {
    }

    /** Receives the batches of {@link #extract} in stream order. */
    @FunctionalInterface
    interface RowSink<E extends Exception> {
        void accept(Rows rows) throws E;
    }

    /** Runs every batch of {@code stream} through the inference branch, fetching only what is asked for. */
    <E extends Exception> void extract(BatchStream stream, boolean withLoss, boolean withPredictions, RowSink<E> sink) throws E {
        int d = model.featureDim;
        int hd = model.headDim;
        boolean preds = withPredictions && model.evalPredictions != null;
        while (stream.hasNext()) {
            Batch b = stream.next();
            try (TUint8 x = s.pixels(b.pixels(), b.size());
                 TInt32 y = TInt32.vectorOf(b.labels());
                 TInt32 ids = TInt32.vectorOf(b.sampleIds())) {
                Session.Runner r = s.session.runner().feed(model.evalImages, x).feed(model.evalLabels, y).feed(model.evalIds, ids)
                        .fetch(model.evalFeatures);
                if (withLoss) {
                    r.fetch(model.evalLoss);
                }
                if (hd > 0) {
                    r.fetch(model.evalHead);
                }
                if (preds) {
                    r.fetch(model.evalPredictions);
                }
                Rows rows;
                try (Result res = r.run()) {
                    int k = 0;
                    float[] feats = new float[b.size() * d];
                    ((TFloat32) res.get(k++)).copyTo(DataBuffers.of(feats, false, false));
                    double loss = withLoss ? ((TFloat32) res.get(k++)).getFloat() : Double.NaN;
                    float[] head = null;
                    if (hd > 0) {
                        head = new float[b.size() * hd];
                        ((TFloat32) res.get(k++)).copyTo(DataBuffers.of(head, false, false));
                    }
                    int[] pred = null;
                    if (preds) {
                        pred = new int[b.size()];
                        ((TInt32) res.get(k)).copyTo(DataBuffers.of(pred, false, false));
                    }
                    rows = new Rows(b, feats, head, pred, loss);
                }
                sink.accept(rows);
            }
        }
    }

    /** Accuracy and mean loss of a pass over a split. */
    record Encoded(double accuracy, double loss) {
    }

    /**
     * A pass over a split in order, {@code step} steps into the run; writes an Arrow feature cache with the
     * current classifier when {@code cacheFile} is set.
     */
    Encoded evaluate(TrainingData data, Split split, Path cacheFile, int epoch, long step) throws IOException {
        float[][] w = model.classifierWeights == null ? null : s.matrix(model.classifierWeights);
        float[] bias = model.classifierBias == null ? null : s.vector(model.classifierBias);
        long[] correct = {0};
        double[] lossSum = {0};
        long[] n = {0};
        try (FeatureSink sink = cacheFile == null ? FeatureSink.NONE
                : FeatureSink.arrow(cacheFile, split, epoch, step, model.featureDim, model.headDim, data, w, bias, provenance(cacheFile));
             BatchStream stream = data.evalStream(split, s.cfg.evalBatch())) {
            extract(stream, true, true, rows -> {
                Batch b = rows.batch();
                if (rows.predictions() != null) {
                    for (int i = 0; i < b.size(); i++) {
                        if (rows.predictions()[i] == b.labels()[i]) {
                            correct[0]++;
                        }
                    }
                }
                lossSum[0] += rows.loss() * b.size();
                n[0] += b.size();
                sink.append(b.sampleIds(), b.labels(), rows.predictions(), rows.features(), rows.head(), b.size());
            });
            sink.commit();
        }
        return new Encoded(model.evalPredictions == null ? Double.NaN : (double) correct[0] / n[0], lossSum[0] / Math.max(1, n[0]));
    }

    /**
     * An in-memory feature set of {@code n} samples: encoder features, head features when the model has a head, and
     * (when asked and the model has a classifier) predictions and the current classifier; labels of a dataset with
     * {@code numClasses} classes.
     */
    MemoryFeatureSet collect(BatchStream stream, int n, boolean withClassifier, int numClasses) {
        int d = model.featureDim;
        int hd = model.headDim;
        float[] feats = new float[n * d];
        float[] head = hd > 0 ? new float[n * hd] : null;
        int[] labels = new int[n];
        int[] predictions = withClassifier && model.evalPredictions != null ? new int[n] : null;
        int[] row = {0};
        extract(stream, false, withClassifier, rows -> {
            Batch b = rows.batch();
            System.arraycopy(rows.features(), 0, feats, row[0] * d, rows.features().length);
            if (head != null) {
                System.arraycopy(rows.head(), 0, head, row[0] * hd, rows.head().length);
            }
            if (predictions != null) {
                System.arraycopy(rows.predictions(), 0, predictions, row[0], b.size());
            }
            System.arraycopy(b.labels(), 0, labels, row[0], b.size());
            row[0] += b.size();
        });
        float[][] w = withClassifier && model.classifierWeights != null ? s.matrix(model.classifierWeights) : null;
        float[] bias = withClassifier && model.classifierBias != null ? s.vector(model.classifierBias) : null;
        MemoryFeatureSet fs = MemoryFeatureSet.of(feats, d, labels, numClasses, predictions, w, bias);
        return head == null ? fs : fs.withColumn("head_features", head, hd);
    }

    /** Provenance for a cache file, with the NC trajectory recorded so far (JSON lines) when there is one. */
    private Map<String, String> provenance(Path cacheFile) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ncd.loss", s.plan.lossInfo().name());
        m.put("ncd.backbone", s.plan.backboneInfo().name());
        m.put("ncd.dataset", s.cfg.dataset());
        m.put("ncd.seed", Long.toString(s.cfg.seed()));
        m.put("ncd.version", ncdesign.core.Versions.ncdesign());
        Path traj = RunLayout.trajectoryJsonl(RunLayout.runOf(cacheFile));
        if (Files.isRegularFile(traj)) {
            m.put("ncd.trajectory", Files.readString(traj));
        }
        return m;
    }
}
