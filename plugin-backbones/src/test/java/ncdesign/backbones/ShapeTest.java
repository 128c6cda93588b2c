package ncdesign.backbones;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.param.Params;
import ncdesign.api.probe.GraphVariables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Every backbone maps 32×32×3 and 28×28×1 batches to [B, d] in both modes, sharing variables between them. */
class ShapeTest {
    static List<Arguments> cases() {
        return List.of(
                Arguments.of(new Mlp.Provider(), Map.of("widths", "64,32"), 32),
                Arguments.of(new Cnn.Provider(), Map.of("channels", "8,16"), 16));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardShapes(BackboneProvider p, Map<String, Object> params, int d) {
        for (int[] hwc : new int[][] {{32, 32, 3}, {28, 28, 1}}) {
            InputSpec spec = new InputSpec(hwc[0], hwc[1], hwc[2], 10, 100);
            Backbone b = p.create(Params.resolve(p.name(), p.parameters(), params));
            assertThat(b.featureDim(spec)).isEqualTo(d);
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Ops tf = Ops.create(g);
                GraphVariables vars = new GraphVariables(tf, "bb");
                Operand<TFloat32> x = tf.random.randomStandardNormal(tf.constant(new int[] {5, hwc[0], hwc[1], hwc[2]}), TFloat32.class);
                Operand<TInt32> ids = tf.range(tf.constant(0), tf.constant(5), tf.constant(1));
                Operand<TFloat32> train = b.forward(tf.withSubScope("train"), new BackboneInput(x, ids, Mode.TRAIN, vars, spec));
                int varsAfterTrain = countVars(g);
                Operand<TFloat32> infer = b.forward(tf.withSubScope("infer"), new BackboneInput(x, ids, Mode.INFER, vars, spec));
                assertThat(countVars(g)).as("inference branch reuses the training variables").isEqualTo(varsAfterTrain);
                vars.initialize(s);
                try (Result r = s.runner().fetch(train).fetch(infer).run()) {
                    assertThat(r.get(0).shape()).isEqualTo(Shape.of(5, d));
                    assertThat(r.get(1).shape()).isEqualTo(Shape.of(5, d));
                }
            }
        }
    }

    private static int countVars(Graph g) {
        int n = 0;
        var it = g.operations();
        while (it.hasNext()) {
            if (it.next().type().equals("VariableV2")) {
                n++;
            }
        }
        return n;
    }
}
