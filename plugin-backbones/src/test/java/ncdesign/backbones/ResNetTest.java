package ncdesign.backbones;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.param.Params;
import ncdesign.api.probe.GraphVariables;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** ResNets: torchvision's parameter counts, and forward shapes on CIFAR- and MNIST-sized input. */
class ResNetTest {

    /** Trainable parameters of backbone + a K-class linear classifier with bias. */
    private static long parameters(BackboneProvider p, String stem, int size, int k) {
        Backbone b = p.create(Params.resolve(p.name(), p.parameters(), Map.of("stem", stem)));
        InputSpec spec = new InputSpec(size, size, 3, k, 0);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            GraphVariables vars = new GraphVariables(tf, "bb");
            b.forward(tf, new BackboneInput(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3))),
                    tf.placeholder(TInt32.class), Mode.TRAIN, vars, spec));
            int d = b.featureDim(spec);
            return vars.trainableParameters() + (long) d * k + k;
        }
    }

    @Test
    void resnet18WithCifarStemHasTorchvisionsParameterCount() {
        assertThat(parameters(new ResNet18(), "cifar", 32, 10)).isEqualTo(11_173_962L);
    }

    @Test
    void resnet50WithImagenetStemHasTorchvisionsParameterCount() {
        assertThat(parameters(new ResNet50(), "imagenet", 224, 1000)).isEqualTo(25_557_032L);
    }

    @Test
    void resnet18ForwardShapesOnCifarAndMnistSizedInput() {
        for (int[] hwc : new int[][] {{32, 32, 3}, {28, 28, 1}}) {
            Backbone b = new ResNet18().create(Params.defaults("resnet18", new ResNet18().parameters()));
            InputSpec spec = new InputSpec(hwc[0], hwc[1], hwc[2], 10, 0);
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Ops tf = Ops.create(g);
                GraphVariables vars = new GraphVariables(tf, "bb");
                Operand<TFloat32> x = tf.random.randomStandardNormal(tf.constant(new int[] {2, hwc[0], hwc[1], hwc[2]}), TFloat32.class);
                Operand<TFloat32> f = b.forward(tf, new BackboneInput(x, tf.constant(new int[] {0, 1}), Mode.INFER, vars, spec));
                vars.initialize(s);
                try (Result r = s.runner().fetch(f).run()) {
                    assertThat(r.get(0).shape()).isEqualTo(Shape.of(2, 512));
                }
            }
        }
    }
}
