package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.error.ConfigException;
import ncdesign.data.Augment;
import ncdesign.data.BatchStream;
import ncdesign.data.Dataset;
import org.junit.jupiter.api.Test;

/** The step loop on its own: event order, listener order, resuming, --max-steps and a listener that stops the run. */
class TrainLoopTest {
    /** 8 one-pixel samples: 2 batches of 4 per epoch. */
    private static final Dataset DATA = new Dataset("t", new byte[8], new int[8], List.of("a"), 1, 1, 1);

    private static BatchStream stream(int epoch) {
        return BatchStream.eval(DATA, Augment.NONE, 4, 1);
    }

    /** Writes every event it sees, prefixed with its name, into a shared log. */
    private record Recorder(String name, List<String> log) implements TrainingListener {
        @Override
        public void onTrainingBegin(long step, int epochsDone) {
            log.add(name + " begin " + step + "/" + epochsDone);
        }

        @Override
        public void onEpochBegin(int epoch) {
            log.add(name + " epoch " + epoch);
        }

        @Override
        public void onStepBegin(long step, int epoch) {
            log.add(name + " before " + step + "@" + epoch);
        }

        @Override
        public void onStep(StepResult r) {
            log.add(name + " step " + r.step() + "@" + r.epoch() + " lr " + r.lr());
        }

        @Override
        public void onEpochEnd(int epoch, long step) {
            log.add(name + " end " + epoch + " at " + step);
        }

        @Override
        public void onTrainingEnd(long step, int epochsDone) {
            log.add(name + " done " + step + "/" + epochsDone);
        }
    }

    private static final TrainLoop.Stepper STEPPER =
            (b, lr, done, epoch) -> new StepResult(done + 1, epoch, lr, b.size(), 1.0, 0, Map.of(), false);

    /** Warm-up to 1 over 8 steps: step s (0-based) runs at (s + 1) / 8, so the log shows which step ran at which rate. */
    private static final Schedule SCHEDULE = new Schedule(1, 8, 100);

    @Test
    void eventsComeInLoopOrderAndListenersInTheOrderTheyWereAdded() throws Exception {
        List<String> log = new ArrayList<>();
        TrainLoop loop = new TrainLoop(TrainLoop.Length.of(2, 4, 8, 0), SCHEDULE, TrainLoopTest::stream, STEPPER, 0, 0)
                .add(new Recorder("a", log)).add(new Recorder("b", log));
        loop.run();
        assertThat(log).containsExactly(
                "a begin 0/0", "b begin 0/0",
                "a epoch 1", "b epoch 1",
                "a before 0@1", "b before 0@1", "a step 1@1 lr 0.125", "b step 1@1 lr 0.125",
                "a before 1@1", "b before 1@1", "a step 2@1 lr 0.25", "b step 2@1 lr 0.25",
                "a end 1 at 2", "b end 1 at 2",
                "a epoch 2", "b epoch 2",
                "a before 2@2", "b before 2@2", "a step 3@2 lr 0.375", "b step 3@2 lr 0.375",
                "a before 3@2", "b before 3@2", "a step 4@2 lr 0.5", "b step 4@2 lr 0.5",
                "a end 2 at 4", "b end 2 at 4",
                "a done 4/2", "b done 4/2");
        assertThat(loop.step()).isEqualTo(4);
        assertThat(loop.epochsDone()).isEqualTo(2);
    }

    @Test
    void aResumedLoopStartsAfterItsCheckpointAndMaxStepsEndsItMidEpoch() throws Exception {
        List<String> log = new ArrayList<>();
        TrainLoop.Length length = TrainLoop.Length.of(3, 4, 8, 5); // 3 epochs of 2 steps, cut at step 5
        assertThat(length.lastEpoch()).isEqualTo(3);
        assertThat(length.stepsIn(3)).isEqualTo(1);
        TrainLoop loop = new TrainLoop(length, SCHEDULE, TrainLoopTest::stream, STEPPER, 2, 1).add(new Recorder("a", log));
        loop.run();
        assertThat(log).containsExactly("a begin 2/1",
                "a epoch 2", "a before 2@2", "a step 3@2 lr 0.375", "a before 3@2", "a step 4@2 lr 0.5", "a end 2 at 4",
                "a epoch 3", "a before 4@3", "a step 5@3 lr 0.625", "a end 3 at 5",
                "a done 5/3");
    }

    @Test
    void aRunResumedWithinAnEpochContinuesWithTheNextBatchAndItsListenersRunningTotals() throws Exception {
        // 2 epochs of 4 batches of 2 samples, in order: batch k holds samples 2k and 2k+1
        TrainLoop.Length length = TrainLoop.Length.of(2, 2, 8, 0);
        List<String> firstSamples = new ArrayList<>();
        TrainLoop.Stepper stepper = (b, lr, done, epoch) -> {
            firstSamples.add(epoch + ":" + b.sampleIds()[0]);
            return new StepResult(done + 1, epoch, lr, b.size(), 1.0, 0, Map.of(), false);
        };
        Counter before = new Counter();
        TrainLoop first = new TrainLoop(length, SCHEDULE, PAIRS, stepper, 0, 0).add(before);
        first.run();
        assertThat(firstSamples).containsExactly("1:0", "1:2", "1:4", "1:6", "2:0", "2:2", "2:4", "2:6");
        assertThat(first.state()).containsEntry("counter.steps", 8.0);

        firstSamples.clear();
        List<String> log = new ArrayList<>();
        Counter after = new Counter();
        // resumed from a checkpoint after step 5 (epoch 2, one batch in), whose state counted 5 steps
        TrainLoop resumed = new TrainLoop(length, SCHEDULE, PAIRS, stepper, 5, 1)
                .add(after).add(new Recorder("a", log)).restore(Map.of("counter.steps", 5.0));
        resumed.run();
        assertThat(firstSamples).as("the batches after the one trained on before the checkpoint").containsExactly("2:2", "2:4", "2:6");
        assertThat(log).as("no epoch begins: epoch 2 continues")
                .containsExactly("a begin 5/1", "a before 5@2", "a step 6@2 lr 0.75", "a before 6@2", "a step 7@2 lr 0.875",
                        "a before 7@2", "a step 8@2 lr 1.0", "a end 2 at 8", "a done 8/2");
        assertThat(resumed.state()).isEqualTo(first.state());
    }

    /** The same 8 samples in batches of 2. */
    private static final TrainLoop.Streams PAIRS = epoch -> BatchStream.eval(DATA, Augment.NONE, 2, 1);

    /** Counts steps, carried across checkpoints. */
    private static final class Counter implements TrainingListener {
        private double steps;

        @Override
        public void onStep(StepResult r) {
            steps++;
        }

        @Override
        public Map<String, Double> state() {
            return Map.of("counter.steps", steps);
        }

        @Override
        public void restore(Map<String, Double> state) {
            steps = state.getOrDefault("counter.steps", 0.0);
        }
    }

    @Test
    void aListenerThatThrowsStopsTheRunBeforeLaterListenersSeeTheStep() {
        List<String> log = new ArrayList<>();
        TrainingListener stop = new TrainingListener() {
            @Override
            public void onStep(StepResult r) {
                if (r.step() == 2) {
                    throw new PluginException("stop at " + r.step());
                }
            }
        };
        TrainLoop loop = new TrainLoop(TrainLoop.Length.of(2, 4, 8, 0), SCHEDULE, TrainLoopTest::stream, STEPPER, 0, 0)
                .add(stop).add(new Recorder("b", log));
        assertThatThrownBy(loop::run).isInstanceOf(PluginException.class).hasMessage("stop at 2");
        assertThat(log).containsExactly("b begin 0/0", "b epoch 1", "b before 0@1", "b step 1@1 lr 0.125", "b before 1@1");
        assertThat(loop.step()).isEqualTo(2);
        assertThat(loop.epochsDone()).isZero();
    }

    @Test
    void theLengthOfARun() {
        TrainLoop.Length l = TrainLoop.Length.of(3, 10, 105, 0);
        assertThat(l.perEpoch()).isEqualTo(10);
        assertThat(l.total()).isEqualTo(30);
        assertThat(l.lastEpoch()).isEqualTo(3);
        assertThat(l.stepsIn(3)).isEqualTo(10);
        TrainLoop.Length cut = TrainLoop.Length.of(3, 10, 105, 11);
        assertThat(cut.lastEpoch()).isEqualTo(2);
        assertThat(cut.stepsIn(2)).isEqualTo(1);
        assertThatThrownBy(() -> TrainLoop.Length.of(3, 200, 105, 0)).isInstanceOf(ConfigException.class)
                .hasMessage("batch size 200 exceeds the training set size 105; lower --batch");
    }
}
