package ncdesign.core.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.ConfigException;
import ncdesign.data.Batch;
import ncdesign.data.BatchStream;

/**
 * The step loop: epochs of batches, each run at the scheduled learning rate, with every other concern left to the
 * {@link TrainingListener}s, which are called in the order they were added. The loop owns the step and epoch
 * counters; a resumed run starts them where its checkpoint left off, within an epoch when the checkpoint was
 * written within one (the epoch's stream then skips the batches already trained on).
 */
final class TrainLoop {

    /** Runs one training step on a batch with {@code done} steps done so far. */
    @FunctionalInterface
    interface Stepper {
        StepResult step(Batch b, double lr, long done, int epoch);
    }

    /** Opens the (possibly sharded) training stream of an epoch. */
    @FunctionalInterface
    interface Streams {
        BatchStream open(int epoch);
    }

    /**
     * How long the run is.
     *
     * @param perEpoch  steps in a full epoch
     * @param total     steps of the whole run ({@code --max-steps} may end it early)
     * @param lastEpoch the epoch that holds the last step
     */
    record Length(long perEpoch, long total, int lastEpoch) {

        /** Steps in {@code epoch}: a full epoch, or what is left of {@link #total}. */
        long stepsIn(int epoch) {
            return Math.min(perEpoch, total - (long) (epoch - 1) * perEpoch);
        }

        static Length of(int epochs, int batch, long trainSize, long maxSteps) {
            long perEpoch = trainSize / batch;
            if (perEpoch == 0) {
                throw new ConfigException("batch size " + batch + " exceeds the training set size " + trainSize + "; lower --batch");
            }
            long total = (long) epochs * perEpoch;
            if (maxSteps > 0) {
                total = Math.min(total, maxSteps);
            }
            return new Length(perEpoch, total, (int) Math.min(epochs, (total + perEpoch - 1) / perEpoch));
        }
    }

    private final Length length;
    private final Schedule schedule;
    private final Streams streams;
    private final Stepper stepper;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private long step;
    private int epochsDone;

    /** A loop that continues after {@code epochsDone} epochs and {@code step} steps (0 and 0 for a new run). */
    TrainLoop(Length length, Schedule schedule, Streams streams, Stepper stepper, long step, int epochsDone) {
        this.length = length;
        this.schedule = schedule;
        this.streams = streams;
        this.stepper = stepper;
        this.step = step;
        this.epochsDone = epochsDone;
    }

    TrainLoop add(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    long step() {
        return step;
    }

    int epochsDone() {
        return epochsDone;
    }

    /** Every listener's {@link TrainingListener#state}, for a checkpoint. */
    Map<String, Double> state() {
        Map<String, Double> all = new LinkedHashMap<>();
        for (TrainingListener l : listeners) {
            all.putAll(l.state());
        }
        return all;
    }

    /** Hands each listener the state saved in the checkpoint this loop resumes from; call before {@link #run}. */
    TrainLoop restore(Map<String, Double> state) throws IOException {
        for (TrainingListener l : listeners) {
            l.restore(state);
        }
        return this;
    }

    /** Trains up to {@link Length#total} steps. */
    void run() throws IOException {
        for (TrainingListener l : listeners) {
            l.onTrainingBegin(step, epochsDone);
        }
        for (int epoch = epochsDone + 1; epoch <= length.lastEpoch(); epoch++) {
            long into = step - (long) (epoch - 1) * length.perEpoch(); // > 0: resumed within this epoch
            if (into == 0) {
                for (TrainingListener l : listeners) {
                    l.onEpochBegin(epoch);
                }
            }
            try (BatchStream stream = streams.open(epoch)) {
                if (into > 0) {
                    stream.skip(Math.toIntExact(into));
                }
                while (stream.hasNext() && step < length.total()) {
                    Batch b = stream.next();
                    for (TrainingListener l : listeners) {
                        l.onStepBegin(step, epoch);
                    }
                    StepResult r = stepper.step(b, schedule.at(step), step, epoch);
                    step++;
                    for (TrainingListener l : listeners) {
                        l.onStep(r);
                    }
                }
            }
            epochsDone = epoch;
            for (TrainingListener l : listeners) {
                l.onEpochEnd(epoch, step);
            }
        }
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(step, epochsDone);
        }
    }
}
