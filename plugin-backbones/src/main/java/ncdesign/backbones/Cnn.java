package ncdesign.backbones;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.PluginException;
import ncdesign.api.SimpleProvider;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.param.ParamSpec;
import ncdesign.backbones.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A small convolutional network for CPU runs: per stage a 3×3 convolution, BatchNorm and ReLU, with 2×2 max
 * pooling between stages, then global average pooling. d = the last stage's channels.
 */
public record Cnn(List<Integer> channels) implements Backbone {
    public Cnn {
        channels = List.copyOf(channels);
    }

    @Override
    public int featureDim(InputSpec spec) {
        return channels.get(channels.size() - 1);
    }

    @Override
    public Operand<TFloat32> forward(Ops tf, BackboneInput in) {
        VariableStore vars = in.vars();
        Operand<TFloat32> x = in.images();
        int c = in.spec().channels();
        for (int i = 0; i < channels.size(); i++) {
            int out = channels.get(i);
            if (i > 0) {
                x = Layers.maxPool(tf, x, 2, 2);
            }
            x = Layers.conv(tf, vars, "conv" + i, x, c, out, 3, 1);
            x = tf.nn.relu(Layers.batchNorm(tf, vars, "bn" + i, x, out, in.mode()));
            c = out;
        }
        return Layers.globalAvgPool(tf, x);
    }

    /** Discovery entry. */
    @AutoService(BackboneProvider.class)
    public static final class Provider extends SimpleProvider<Backbone> implements BackboneProvider {
        public Provider() {
            super("cnn", "small conv net: (3x3 conv, BN, ReLU) per stage, 2x2 max-pool between stages, global avg pool",
                    List.of(ParamSpec.ofIntList("channels", List.of(32, 64, 128), "channels per stage; d = the last").atLeast(1)),
                    params -> {
                        List<Integer> ch = params.getIntList("channels");
                        if (ch.isEmpty()) {
                            throw new PluginException("parameter 'channels' of backbone 'cnn' needs at least one stage, e.g. 32,64,128");
                        }
                        return new Cnn(ch);
                    });
        }
    }
}
