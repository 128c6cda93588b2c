package ncdesign.backbones;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.param.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A multi-layer perceptron for quick CPU runs: flatten → (Linear → ReLU) per width. The features are the
 * activations of the last layer, so d = the last width. Weights and biases use PyTorch's Linear default
 * initialisation, Uniform(±1/√fanIn).
 */
public record Mlp(List<Integer> widths) implements Backbone {
    public Mlp {
        widths = List.copyOf(widths);
    }

    @Override
    public int featureDim(InputSpec spec) {
        return widths.get(widths.size() - 1);
    }

    @Override
    public Operand<TFloat32> forward(Ops tf, BackboneInput in) {
        InputSpec s = in.spec();
        int fanIn = s.height() * s.width() * s.channels();
        Operand<TFloat32> x = tf.reshape(in.images(), tf.constant(new int[] {-1, fanIn}));
        VariableStore vars = in.vars();
        for (int i = 0; i < widths.size(); i++) {
            int out = widths.get(i);
            Operand<TFloat32> w = vars.trainable("fc" + i + "/w", Shape.of(fanIn, out), Initializer.linearDefault(fanIn));
            Operand<TFloat32> b = vars.trainableNoDecay("fc" + i + "/b", Shape.of(out), Initializer.linearDefault(fanIn));
            x = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(x, w), b));
            fanIn = out;
        }
        return x;
    }

    /** Discovery entry. */
    @AutoService(BackboneProvider.class)
    public static final class Provider extends SimpleProvider<Backbone> implements BackboneProvider {
        public Provider() {
            super("mlp", "multi-layer perceptron (flatten, Linear+ReLU per width); features = last layer",
                    List.of(ParamSpec.ofIntList("widths", List.of(512, 256), "hidden layer widths; d = the last").atLeast(1)),
                    params -> {
                        List<Integer> widths = params.getIntList("widths");
                        if (widths.isEmpty()) {
                            throw new ncdesign.api.PluginException("parameter 'widths' of backbone 'mlp' needs at least one width, e.g. 512,256");
                        }
                        return new Mlp(widths);
                    });
        }
    }
}
