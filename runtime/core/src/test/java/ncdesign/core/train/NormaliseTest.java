package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ncdesign.data.DatasetCatalog;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The graph turns fed uint8 pixels into (p/255 − mean)/std per channel, the normalisation the CPU used to do. */
class NormaliseTest {
    @Test
    void uint8PixelsAreNormalisedPerChannelInTheGraph() {
        float[][] norm = DatasetCatalog.normalisation("cifar10", 3);
        byte[] px = {0, (byte) 128, (byte) 255, 17, (byte) 200, 99}; // two pixels of three channels
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TUint8> in = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, 1, 2, 3)));
            var out = ModelGraph.normalise(tf, in, tf.constant(ModelGraph.scaled(norm[0], 255)), tf.constant(ModelGraph.scaled(norm[1], 255)));
            try (TUint8 x = TUint8.tensorOf(Shape.of(1, 1, 2, 3), DataBuffers.of(px, true, false));
                 var r = s.runner().feed(in, x).fetch(out).run()) {
                TFloat32 y = (TFloat32) r.get(0);
                assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 2, 3));
                for (int p = 0; p < 2; p++) {
                    for (int c = 0; c < 3; c++) {
                        float want = ((px[p * 3 + c] & 0xff) / 255f - norm[0][c]) / norm[1][c];
                        assertThat(y.getFloat(0, 0, p, c)).as("pixel %d channel %d", p, c).isCloseTo(want, within(1e-5f));
                    }
                }
            }
        }
    }
}
