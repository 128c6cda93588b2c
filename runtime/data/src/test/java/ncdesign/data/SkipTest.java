package ncdesign.data;

import static org.assertj.core.api.Assertions.assertThat;

import ncdesign.api.eval.Split;
import org.junit.jupiter.api.Test;

/** A run resumed within an epoch: the stream after skipping k batches yields exactly the batches k, k+1, ... */
class SkipTest {

    @Test
    void skippedBatchesAreTheFirstOnesAndTheRestAreUnchanged() {
        Dataset d = DatasetCatalog.load("synthetic", Split.TRAIN, null);
        Augment a = Augment.of("crop-flip", d.channels(), false);
        try (BatchStream full = BatchStream.train(d, a, 64, 7, 2, 2);
             BatchStream skipped = BatchStream.train(d, a, 64, 7, 2, 2).skip(5);
             BatchStream shard = BatchStream.trainShard(d, a, 64, 7, 2, 1, false, 1, 2).skip(5)) {
            for (int b = 0; b < 5; b++) {
                full.next();
            }
            int left = 0;
            while (full.hasNext()) {
                Batch want = full.next();
                Batch got = skipped.next();
                assertThat(got.sampleIds()).isEqualTo(want.sampleIds());
                assertThat(got.pixels()).isEqualTo(want.pixels());
                assertThat(shard.next().sampleIds()).isEqualTo(java.util.Arrays.copyOfRange(want.sampleIds(), 32, 64));
                left++;
            }
            assertThat(left).isEqualTo(2048 / 64 - 5);
            assertThat(skipped.hasNext()).isFalse();
            assertThat(shard.hasNext()).isFalse();
        }
        try (BatchStream s = BatchStream.train(d, a, 64, 7, 2, 1).skip(100)) {
            assertThat(s.hasNext()).as("skipping past the end leaves nothing").isFalse();
        }
    }
}
