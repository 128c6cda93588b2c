package ncdesign.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ncdesign.api.eval.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation over chosen samples keeps the dataset's own sample ids; dataset presence is checked without reading. */
class SampleIdsTest {
    @TempDir
    Path empty;

    @Test
    void evalOverIndicesKeepsOriginalIdsLabelsAndPixels() {
        Dataset d = DatasetCatalog.load("synthetic", Split.TRAIN, null);
        Augment a = Augment.of("none", 3);
        int[] pick = {17, 3, 2000, 3, 511};
        List<Integer> ids = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        byte[] first;
        try (BatchStream s = BatchStream.eval(d, pick, a, 2, 2)) {
            Batch b = s.next();
            first = b.pixels();
            for (Batch x = b; ; x = s.next()) {
                for (int i = 0; i < x.size(); i++) {
                    ids.add(x.sampleIds()[i]);
                    labels.add(x.labels()[i]);
                }
                if (!s.hasNext()) {
                    break;
                }
            }
        }
        assertThat(ids).containsExactly(17, 3, 2000, 3, 511);
        for (int i = 0; i < pick.length; i++) {
            assertThat(labels.get(i)).isEqualTo(d.labels()[pick[i]]);
        }
        // the pixels are those of sample 17 (same as the full in-order stream gives at position 17)
        try (BatchStream all = BatchStream.eval(d, a, 1, 1)) {
            for (int i = 0; i < 17; i++) {
                all.next();
            }
            Batch b17 = all.next();
            assertThat(b17.sampleIds()[0]).isEqualTo(17);
            byte[] own = java.util.Arrays.copyOf(first, b17.pixels().length);
            assertThat(own).isEqualTo(b17.pixels());
        }
    }

    @Test
    void missingNamesTheProblemWithoutLoading() {
        assertThat(DatasetCatalog.missing("synthetic", null)).isEmpty();
        assertThat(DatasetCatalog.missing("cifar100", empty)).get().asString()
                .contains("dataset 'cifar100' not found").contains("train.bin");
        assertThat(DatasetCatalog.missing("imagenet", null)).get().asString().contains("unknown dataset 'imagenet'");
        assertThat(DatasetCatalog.missing("folder:" + empty, null)).get().asString().contains("has no 'train/' sub-folder");
    }
}
