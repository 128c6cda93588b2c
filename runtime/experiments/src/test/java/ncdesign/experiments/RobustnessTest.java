package ncdesign.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import ncdesign.api.PluginException;
import ncdesign.features.MemoryFeatureSet;
import ncdesign.data.Corruptions;
import org.junit.jupiter.api.Test;

/** The parts of {@code ncd robustness} that need no trained model: option parsing and saved-classifier predictions. */
class RobustnessTest {
    @Test
    void savedClassifiersPredictByCosineWithoutBiasAndByLogitWithIt() {
        // w0 is long, w1 short: x = (1, 2) scores 10 vs 2 by dot product, but 1 vs 2 by cosine
        float[][] w = {{10, 0}, {0, 1}};
        MemoryFeatureSet fs = MemoryFeatureSet.of(new float[] {1, 2, 3, 0.1f}, 2, new int[] {0, 0}, 2, null, null, null);
        assertThat(Robustness.predict(fs, w, null)).containsExactly(1, 0);          // cosine: (1,2) -> class 1; (3,0.1) -> class 0
        assertThat(Robustness.predict(fs, w, new float[] {0, 0})).containsExactly(0, 0); // logits 10 vs 2, 30 vs 0.1
        assertThat(Robustness.predict(fs, w, new float[] {0, 9})).containsExactly(1, 0); // 10 vs 11; 30 vs 9.1
        assertThatThrownBy(() -> Robustness.predict(fs, new float[][] {{1, 0, 0}}, null)).isInstanceOf(PluginException.class)
                .hasMessageContaining("3 inputs");
    }

    @Test
    void corruptionsAndSeveritiesParse() {
        assertThat(Robustness.parseCorruptions("all")).isEqualTo(Corruptions.NAMES);
        assertThat(Robustness.parseCorruptions("gauss, jpeg_compression,Fog,gauss")).containsExactly("gaussian_noise", "fog", "jpeg_compression");
        assertThatThrownBy(() -> Robustness.parseCorruptions("gauss,spatter")).isInstanceOf(PluginException.class)
                .hasMessageContaining("unknown corruption 'spatter'").hasMessageContaining("gaussian_noise");
        assertThat(Robustness.parseSeverities("1-5")).isEqualTo(List.of(1, 2, 3, 4, 5));
        assertThat(Robustness.parseSeverities("5,1,3")).isEqualTo(List.of(1, 3, 5));
        assertThat(Robustness.parseSeverities("2-3,3")).isEqualTo(List.of(2, 3));
        for (String bad : new String[] {"0-5", "6", "3-1", "x", ""}) {
            assertThatThrownBy(() -> Robustness.parseSeverities(bad)).as(bad).isInstanceOf(PluginException.class).hasMessageContaining("1..5");
        }
    }
}
