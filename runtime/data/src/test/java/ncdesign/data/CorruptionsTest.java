package ncdesign.data;

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

    /**
     * Corruptions whose published parameter schedules are not monotone in every knob (frost lowers the image weight
     * while the frost weight stays, glass widens σ over the same swaps, elastic trades affine shift for displacement),
     * so the L2 distance to the clean image need not grow at every step; for glass and frost severity 5 must still be
     * clearly stronger than severity 1.
     */
    static final java.util.Set<String> NOT_MONOTONE = java.util.Set.of("glass_blur", "frost", "elastic_transform");

    @Test
    void everyCorruptionChangesTheImageKeepsItsShapeAndGrowsWithSeverity() {
        Dataset clean = images(6, 1);
        java.nio.file.Path frost = java.nio.file.Path.of("../../../shared/data/frost");
        boolean haveFrost = java.nio.file.Files.isRegularFile(frost.resolve("frost1.png"));
        if (haveFrost) {
            System.setProperty("ncd.frost", frost.toString());
        } else {
            System.out.println("CorruptionsTest: ../shared/data/frost is absent; frost is checked only for its clear refusal");
            System.setProperty("ncd.frost", "/nonexistent-frost");
            assertThatThrownBy(() -> Corruptions.apply(clean, "frost", 1, 1)).hasMessageContaining("frost needs the six frost images")
                    .hasMessageContaining("NCD_FROST");
        }
        for (String name : Corruptions.NAMES) {
            if (name.equals("frost") && !haveFrost) {
                continue;
            }
            double previous = 0;
            double[] dist = new double[6];
            for (int s = 1; s <= 5; s++) {
                Dataset c = Corruptions.apply(clean, name, s, 7);
                assertThat(c.size()).isEqualTo(clean.size());
                assertThat(c.height()).isEqualTo(32);
                assertThat(c.channels()).isEqualTo(3);
                assertThat(c.labels()).isEqualTo(clean.labels());
                double d = distance(clean, c);
                dist[s] = d;
                assertThat(d).as("%s severity %d changes the image", name, s).isGreaterThan(0);
                if (!NOT_MONOTONE.contains(name)) {
                    assertThat(d).as("%s severity %d is at least as strong as %d", name, s, s - 1).isGreaterThanOrEqualTo(previous * 0.98);
                }
                previous = d;
            }
            if (name.equals("glass_blur")) {
                // the published parameters raise σ (1→3) and the swap passes (2→4, 3→5); a wider blur of the same swaps
                // can sit closer to the clean image in L2, so strength is compared where one parameter grows alone
                assertThat(dist[4]).as("glass: 2 swap passes stronger than 1").isGreaterThan(dist[2]);
                assertThat(dist[5]).as("glass: 2 swap passes stronger than 1").isGreaterThan(dist[3]);
            }
            if (!name.equals("elastic_transform")) { // severity 1 is a pure 2.6-pixel affine shift, 5 a 1-pixel one plus a field
                assertThat(distance(clean, Corruptions.apply(clean, name, 5, 7)))
                    .as(name + ": severity 5 clearly stronger than 1").isGreaterThan(distance(clean, Corruptions.apply(clean, name, 1, 7)));
            }
            assertThat(Corruptions.apply(clean, name, 3, 7).images()).isEqualTo(Corruptions.apply(clean, name, 3, 7).images());
        }
        assertThat(Corruptions.NAMES).hasSize(15);
        assertThatThrownBy(() -> Corruptions.apply(clean, "spatter", 1, 1)).hasMessageContaining("unknown corruption");
        assertThatThrownBy(() -> Corruptions.apply(clean, "contrast", 6, 1)).hasMessageContaining("1..5");
    }
}
