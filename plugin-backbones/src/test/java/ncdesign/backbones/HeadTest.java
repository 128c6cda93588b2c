package ncdesign.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.param.Params;
import ncdesign.api.probe.GraphVariables;
import ncdesign.backbones.head.LinearHead;
import ncdesign.backbones.head.MlpHead;
import ncdesign.backbones.head.NoneHead;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Projection heads: output shape, unit norm, and torchvision-style parameter counts. */
class HeadTest {
    @Test
    void headsProduceUnitVectorsOfTheirDimension() {
        int d = 512;
        for (HeadProvider p : List.of(new MlpHead(), new LinearHead(), new NoneHead())) {
            Head h = p.create(Params.defaults(p.name(), p.parameters()));
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Ops tf = Ops.create(g);
                GraphVariables vars = new GraphVariables(tf, "head");
                Operand<TFloat32> x = tf.random.randomStandardNormal(tf.constant(new int[] {4, d}), TFloat32.class);
                Operand<TFloat32> out = h.forward(tf, x, d, Mode.TRAIN, vars);
                vars.initialize(s);
                int expected = p.name().equals("none") ? d : 128;
                assertThat(h.outputDim(d)).isEqualTo(expected);
                long params = vars.trainableParameters();
                assertThat(params).isEqualTo(switch (p.name()) {
                    case "mlp" -> (long) d * d + d + (long) d * 128 + 128;
                    case "linear" -> (long) d * 128 + 128;
                    default -> 0L;
                });
                try (Result r = s.runner().fetch(out).run()) {
                    TFloat32 t = (TFloat32) r.get(0);
                    assertThat(t.shape().asArray()).containsExactly(4, expected);
                    for (int i = 0; i < 4; i++) {
                        double n = 0;
                        for (int j = 0; j < expected; j++) {
                            n += t.getFloat(i, j) * t.getFloat(i, j);
                        }
                        assertThat(Math.sqrt(n)).isCloseTo(1, within(1e-5));
                    }
                }
            }
        }
    }
}
