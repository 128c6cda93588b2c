package ncdesign.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ncdesign.api.eval.Split;
import org.junit.jupiter.api.Test;

/** The shards of a data-parallel step together are exactly the single-worker batch: samples, labels and augmentation. */
class ShardTest {

    @Test
    void shardsConcatenateToTheGlobalBatch() {
        Dataset d = DatasetCatalog.load("synthetic", Split.TRAIN, null);
        Augment a = Augment.of("contrastive", d.channels(), true);
        int global = 64;
        int shards = 4;
        int local = global / shards;
        int per = d.imageBytes();
        try (BatchStream full = BatchStream.train(d, a, global, 7, 3, 2, true)) {
            BatchStream[] parts = new BatchStream[shards];
            for (int s = 0; s < shards; s++) {
                parts[s] = BatchStream.trainShard(d, a, global, 7, 3, 1, true, s, shards);
                assertThat(parts[s].batches()).isEqualTo(full.batches());
            }
            for (int b = 0; b < 3; b++) {
                Batch g = full.next();
                for (int s = 0; s < shards; s++) {
                    Batch p = parts[s].next();
                    assertThat(p.size()).isEqualTo(local);
                    for (int i = 0; i < local; i++) {
                        int row = s * local + i;
                        assertThat(p.sampleIds()[i]).isEqualTo(g.sampleIds()[row]);
                        assertThat(p.labels()[i]).isEqualTo(g.labels()[row]);
                    }
                    byte[] gi = java.util.Arrays.copyOfRange(g.pixels(), s * local * per, (s + 1) * local * per);
                    byte[] gi2 = java.util.Arrays.copyOfRange(g.pixels2(), s * local * per, (s + 1) * local * per);
                    assertThat(p.pixels()).isEqualTo(gi);
                    assertThat(p.pixels2()).isEqualTo(gi2);
                }
            }
            for (BatchStream p : parts) {
                p.close();
            }
        }
        assertThatThrownBy(() -> BatchStream.trainShard(d, a, 65, 7, 1, 1, false, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
