package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.SavedClassifier;
import ncdesign.features.Npy;
import ncdesign.io.Json;
import ncdesign.io.JsonFileException;
import ncdesign.io.RunLayout;

/**
 * The classifiers evaluators saved in a run folder ({@code features/classifier-<evaluator>.weights.npy}, {@code .bias.npy},
 * {@code .column.txt}, written by {@link Analysis}), read back for protocols that score a model without a classifier.
 */
final class SavedClassifiers {
    private SavedClassifiers() {
    }

    /** Every saved classifier: in the order of the run's summary.json, then any other, sorted by evaluator name. */
    static List<SavedClassifier> read(Path dir) {
        Path features = RunLayout.features(dir);
        List<SavedClassifier> out = new ArrayList<>();
        for (String ev : evaluators(dir)) {
            Path w = RunLayout.classifierWeights(features, ev);
            if (!Files.isRegularFile(w)) {
                continue;
            }
            Npy.Array a = Npy.read(w);
            float[][] weights = new float[a.rows()][a.cols()];
            for (int c = 0; c < a.rows(); c++) {
                for (int j = 0; j < a.cols(); j++) {
                    weights[c][j] = (float) a.values()[c * a.cols() + j];
                }
            }
            float[] bias = null;
            Path b = RunLayout.classifierBias(features, ev);
            if (Files.isRegularFile(b)) {
                double[] v = Npy.read(b).values();
                bias = new float[v.length];
                for (int c = 0; c < v.length; c++) {
                    bias[c] = (float) v[c];
                }
            }
            String column = "features";
            Path col = RunLayout.classifierColumn(features, ev);
            try {
                if (Files.isRegularFile(col)) {
                    column = Files.readString(col).trim();
                }
            } catch (IOException e) {
                throw new DataException(col + ": cannot read (" + e.getMessage() + ")");
            }
            out.add(new SavedClassifier(ev, weights, bias, column));
        }
        return out;
    }

    /** Evaluator names in the order of the run's summary.json, then any other saved classifier, sorted. */
    private static List<String> evaluators(Path dir) {
        List<String> out = new ArrayList<>();
        Path summary = RunLayout.summary(dir);
        if (Files.isRegularFile(summary)) {
            try {
                Map<String, Object> m = Json.readMap(summary);
                if (m.get("evaluations") instanceof List<?> evs) {
                    for (Object e : evs) {
                        if (e instanceof Map<?, ?> em && em.get("evaluator") != null) {
                            out.add(String.valueOf(em.get("evaluator")));
                        }
                    }
                }
            } catch (JsonFileException e) {
                throw new DataException(e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                throw new DataException(summary + ": cannot read (" + e.getMessage() + ")");
            }
        }
        try (var files = Files.list(RunLayout.features(dir))) {
            files.map(p -> RunLayout.classifierEvaluator(p.getFileName().toString())).flatMap(java.util.Optional::stream).sorted()
                    .filter(n -> !out.contains(n)).forEach(out::add);
        } catch (IOException e) {
            // no features folder: nothing saved
        }
        return out;
    }
}
