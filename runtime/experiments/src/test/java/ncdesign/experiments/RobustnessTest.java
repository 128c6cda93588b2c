package ncdesign.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import ncdesign.api.error.ConfigException;
import ncdesign.data.Corruptions;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@code ncd robustness} that need no trained model: option parsing (saved-classifier predictions are
 * the robustness evaluator's, tested in plugin-eval).
 */
class RobustnessTest {
    @Test
    void corruptionsAndSeveritiesParse() {
        assertThat(Robustness.parseCorruptions("all")).isEqualTo(Corruptions.NAMES);
        assertThat(Robustness.parseCorruptions("gauss, jpeg_compression,Fog,gauss")).containsExactly("gaussian_noise", "fog", "jpeg_compression");
        assertThatThrownBy(() -> Robustness.parseCorruptions("gauss,spatter")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown corruption 'spatter'").hasMessageContaining("gaussian_noise");
        assertThat(Robustness.parseSeverities("1-5")).isEqualTo(List.of(1, 2, 3, 4, 5));
        assertThat(Robustness.parseSeverities("5,1,3")).isEqualTo(List.of(1, 3, 5));
        assertThat(Robustness.parseSeverities("2-3,3")).isEqualTo(List.of(2, 3));
        for (String bad : new String[] {"0-5", "6", "3-1", "x", ""}) {
            assertThatThrownBy(() -> Robustness.parseSeverities(bad)).as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("1..5");
        }
    }
}
