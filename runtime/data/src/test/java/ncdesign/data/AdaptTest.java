package ncdesign.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptTest {
    @Test
    void greyToRgbReplicatesAndRgbToGreyTakesLumaWithResizing() {
        byte[] grey = new byte[4];
        for (int i = 0; i < 4; i++) {
            grey[i] = (byte) 100;
        }
        Dataset g = new Dataset("g", grey, new int[] {0}, List.of("a"), 2, 2, 1);
        Dataset rgb = g.adapt(4, 4, 3);
        assertThat(rgb.height()).isEqualTo(4);
        assertThat(rgb.channels()).isEqualTo(3);
        for (byte b : rgb.images()) {
            assertThat(b & 0xff).isEqualTo(100);
        }
        byte[] red = {(byte) 200, 0, 0};
        Dataset c = new Dataset("c", red, new int[] {0}, List.of("a"), 1, 1, 3);
        assertThat(c.adapt(1, 1, 1).images()[0] & 0xff).isEqualTo(Math.round(0.299f * 200));
        assertThat(g.adapt(2, 2, 1)).isSameAs(g);
    }
}
