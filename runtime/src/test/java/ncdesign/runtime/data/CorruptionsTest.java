package ncdesign.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each corruption changes the images, keeps shape and labels, and grows stronger with severity. */
class CorruptionsTest {
    static Dataset images(int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 32 * 32 * 3];
        for (int i = 0; i < n; i++) {
            // smooth structured images: gradients plus a square, so blurs and compression have something to change
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    for (int c = 0; c < 3; c++) {
                        int v = 40 + 2 * x + 2 * y + (c == i % 3 ? 60 : 0) + ((x / 5 + y / 3) % 2 == 0 ? 50 : 0) + r.nextInt(30);
                        px[((i * 32 + y) * 32 + x) * 3 + c] = (byte) Math.min(255, v);
                    }
                }
            }
        }
        int[] labels = new int[n];
        return new Dataset("t", px, labels, List.of("a"), 32, 32, 3);
    }

    static double distance(Dataset a, Dataset b) {
        double s = 0;
        for (int i = 0; i < a.images().length; i++) {
            double d = (a.images()[i] & 0xff) - (b.images()[i] & 0xff);
            s += d * d;
        }
        return Math.sqrt(s / a.images().length);
    }

    @Test
    void everyCorruptionChangesTheImageKeepsItsShapeAndGrowsWithSeverity() {
        Dataset clean = images(6, 1);
        for (String name : Corruptions.NAMES) {
            double previous = 0;
            for (int s = 1; s <= 5; s++) {
                Dataset c = Corruptions.apply(clean, name, s, 7);
                assertThat(c.size()).isEqualTo(clean.size());
                assertThat(c.height()).isEqualTo(32);
                assertThat(c.channels()).isEqualTo(3);
                assertThat(c.labels()).isEqualTo(clean.labels());
                double d = distance(clean, c);
                assertThat(d).as("%s severity %d changes the image", name, s).isGreaterThan(0);
                assertThat(d).as("%s severity %d is at least as strong as %d", name, s, s - 1).isGreaterThanOrEqualTo(previous * 0.98);
                previous = d;
            }
            assertThat(distance(clean, Corruptions.apply(clean, name, 5, 7)))
                    .as(name + ": severity 5 clearly stronger than 1").isGreaterThan(distance(clean, Corruptions.apply(clean, name, 1, 7)));
            assertThat(Corruptions.apply(clean, name, 3, 7).images()).isEqualTo(Corruptions.apply(clean, name, 3, 7).images());
        }
        assertThatThrownBy(() -> Corruptions.apply(clean, "frost", 1, 1)).hasMessageContaining("unknown corruption");
        assertThatThrownBy(() -> Corruptions.apply(clean, "contrast", 6, 1)).hasMessageContaining("1..5");
    }
}
