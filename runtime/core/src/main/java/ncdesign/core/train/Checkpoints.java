package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.DataException;
import ncdesign.io.RunLayout;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A run's checkpoints: the newest ({@code last.ckpt}) and the one before it ({@code previous.ckpt}), so that a
 * newest one that is corrupt, or missing because the process died while replacing it, costs only the steps since
 * the previous one. Each holds every variable, the run's position and the listeners' running totals.
 */
final class Checkpoints {
    private Checkpoints() {
    }

    /**
     * A checkpoint to resume from: the file, what it holds, and why it is not the newest one (null when it is), for
     * the run's log.
     */
    record Found(Path file, Checkpoint checkpoint, String fallback) {
    }

    /**
     * Saves {@code session}'s variables as the run's newest checkpoint, {@code step} steps and {@code epoch} whole
     * epochs in, with the listeners' {@code state}; the newest one so far becomes the previous one.
     */
    static void save(TrainSession session, Path runDir, long step, int epoch, Map<String, Double> state) throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (RuntimeVariables.Entry e : session.model.vars.entries()) {
            try (Result r = session.session.runner().fetch(e.read()).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                values.put(e.name(), v);
                shapes.put(e.name(), t.shape().asArray());
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("step", step);
        meta.put("epoch", epoch);
        meta.put("seed", session.cfg.seed());
        meta.put("loss", session.plan.lossInfo().name());
        meta.put("backbone", session.plan.backboneInfo().name());
        meta.put("num_classes", session.spec.numClasses());
        meta.put("feature_dim", session.model.featureDim);
        meta.put("state", stateMeta(state));
        Path last = RunLayout.lastCheckpoint(runDir);
        if (Files.exists(last)) {
            Files.move(last, RunLayout.previousCheckpoint(runDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        new Checkpoint(meta, values, shapes).write(last);
    }

    /** The listeners' running totals as a checkpoint's header holds them: as text, which YAML gives back exactly. */
    static Map<String, String> stateMeta(Map<String, Double> state) {
        Map<String, String> exact = new LinkedHashMap<>();
        state.forEach((k, v) -> exact.put(k, Double.toString(v)));
        return exact;
    }

    /** The listeners' running totals saved in {@code c} (empty in a checkpoint written before they were saved). */
    static Map<String, Double> state(Checkpoint c) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (c.meta().get("state") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), Double.parseDouble(String.valueOf(v))));
        }
        return out;
    }

    /**
     * The newest readable checkpoint of the run in {@code runDir}: {@code last.ckpt}, or {@code previous.ckpt} when
     * the newest is missing or corrupt (said in a warning). Neither readable: the newest one's problem.
     *
     * @throws DataException when the run has no checkpoint, or none that can be read
     */
    static Found newest(Path runDir) {
        List<Path> candidates = List.of(RunLayout.lastCheckpoint(runDir), RunLayout.previousCheckpoint(runDir));
        List<DataException> problems = new ArrayList<>();
        for (Path p : candidates) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try {
                Checkpoint c = Checkpoint.read(p);
                String fallback = null;
                if (!problems.isEmpty()) {
                    // removed, so the next checkpoint does not keep it as the previous one
                    Files.deleteIfExists(candidates.get(0));
                    fallback = withoutHint(problems.get(0)) + "; removed it and resuming from the previous checkpoint " + p
                            + " (step " + c.meta().get("step") + ")";
                } else if (!p.equals(candidates.get(0))) {
                    fallback = candidates.get(0) + " is missing (the process stopped while replacing it); resuming from the previous"
                            + " checkpoint " + p + " (step " + c.meta().get("step") + ")";
                }
                return new Found(p, c, fallback);
            } catch (DataException e) {
                problems.add(e);
            } catch (IOException e) {
                throw new DataException("cannot remove the corrupt checkpoint " + candidates.get(0) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(withoutHint(problems.get(problems.size() - 1)) + (problems.size() > 1
                    ? "; " + withoutHint(problems.get(0)) + " too" : "; there is no earlier checkpoint to fall back to")
                    + "; train it again (with another --name, or after removing " + runDir + ")");
        }
        throw new DataException("cannot resume: " + runDir + " has no checkpoint yet (it stopped before its first epoch ended);"
                + " start it again with ncd train");
    }

    /** A checkpoint's problem without {@link Checkpoint#read}'s hint, which {@link #newest} replaces by what it did. */
    private static String withoutHint(DataException e) {
        return e.getMessage().replaceFirst("; delete it to restart from an earlier one$", "");
    }

    /** Loads every variable of {@code session} from {@code c}, read from {@code file}, naming any mismatch. */
    static void load(TrainSession session, Path file, Checkpoint c) {
        Object k = c.meta().get("num_classes");
        int numClasses = session.spec.numClasses();
        if (k != null && ((Number) k).intValue() != numClasses) {
            throw new DataException("checkpoint " + file + " is for K=" + k + " classes but this run has K=" + numClasses);
        }
        String backbone = session.plan.backboneInfo().name();
        if (!backbone.equals(c.meta().get("backbone"))) {
            throw new DataException("checkpoint " + file + " was written by backbone '" + c.meta().get("backbone")
                    + "' but this run uses '" + backbone + "'");
        }
        List<Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.session.runner();
            for (RuntimeVariables.Entry e : session.model.vars.entries()) {
                float[] v = c.variables().get(e.name());
                if (v == null) {
                    throw new DataException("checkpoint " + file + " has no variable '" + e.name() + "'; it was written by another model");
                }
                long[] shape = c.shapes().get(e.name());
                if (!Shape.of(shape).equals(e.shape())) {
                    throw new DataException("checkpoint " + file + ": variable '" + e.name() + "' has shape " + Shape.of(shape)
                            + " but the model expects " + e.shape());
                }
                TFloat32 t = TFloat32.tensorOf(e.shape(), DataBuffers.of(v, true, false));
                tensors.add(t);
                r.feed(session.model.restoreInput(e), t).addTarget(session.model.restoreOp(e));
            }
            r.run();
        } finally {
            tensors.forEach(Tensor::close);
        }
    }
}
