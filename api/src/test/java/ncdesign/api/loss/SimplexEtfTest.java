package ncdesign.api.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ncdesign.api.PluginException;
import org.junit.jupiter.api.Test;

class SimplexEtfTest {
    @Test
    void rowsAreUnitAndEquiangularWithCosineMinusOneOverKMinusOne() {
        int k = 10;
        double[][] m = SimplexEtf.rows(k, 16, 7);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double dot = 0;
                for (int j = 0; j < 16; j++) {
                    dot += m[a][j] * m[b][j];
                }
                assertThat(dot).isCloseTo(a == b ? 1.0 : -1.0 / (k - 1), within(1e-12));
            }
        }
    }

    @Test
    void sameSeedSameFrameAndTooSmallDimensionIsAClearError() {
        assertThat(SimplexEtf.rows(5, 8, 3)).isDeepEqualTo(SimplexEtf.rows(5, 8, 3));
        assertThat(SimplexEtf.rows(5, 8, 3)).isNotEqualTo(SimplexEtf.rows(5, 8, 4));
        assertThatThrownBy(() -> SimplexEtf.rows(10, 8, 1)).isInstanceOf(PluginException.class)
                .hasMessageContaining("d >= K").hasMessageContaining("d=8").hasMessageContaining("K=10");
    }
}
