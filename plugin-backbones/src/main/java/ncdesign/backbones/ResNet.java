package ncdesign.backbones;

import java.util.List;
import ncdesign.api.Mode;
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
 * The ResNet family as torchvision builds it (v1.5: the stride of a bottleneck sits on its 3×3 convolution), with
 * two stems: {@code cifar} (3×3 convolution, stride 1, no max-pool) and {@code imagenet} (7×7 convolution,
 * stride 2, 3×3 max-pool). Features are the global average pool of the last stage: d = 512 (basic blocks) or
 * 2048 (bottleneck blocks). Parameter counts equal torchvision's.
 */
public final class ResNet implements Backbone {
    private static final int[] PLANES = {64, 128, 256, 512};

    private final boolean bottleneck;
    private final int[] blocks;
    private final String stem;

    ResNet(boolean bottleneck, int[] blocks, String stem) {
        this.bottleneck = bottleneck;
        this.blocks = blocks.clone();
        this.stem = stem;
    }

    private int expansion() {
        return bottleneck ? 4 : 1;
    }

    @Override
    public int featureDim(InputSpec spec) {
        return 512 * expansion();
    }

    private String stemFor(InputSpec spec) {
        if (!stem.equals("auto")) {
            return stem;
        }
        return Math.max(spec.height(), spec.width()) <= 64 ? "cifar" : "imagenet";
    }

    @Override
    public Operand<TFloat32> forward(Ops tf, BackboneInput in) {
        VariableStore v = in.vars();
        Mode mode = in.mode();
        Operand<TFloat32> x = in.images();
        if (stemFor(in.spec()).equals("cifar")) {
            x = Layers.conv(tf, v, "stem/conv", x, in.spec().channels(), 64, 3, 1);
            x = tf.nn.relu(Layers.batchNorm(tf, v, "stem/bn", x, 64, mode));
        } else {
            x = Layers.conv(tf, v, "stem/conv", x, in.spec().channels(), 64, 7, 2);
            x = tf.nn.relu(Layers.batchNorm(tf, v, "stem/bn", x, 64, mode));
            x = Layers.maxPool(tf, x, 3, 2);
        }
        int channels = 64;
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String name = "layer" + (stage + 1) + "/" + b;
                x = bottleneck
                        ? bottleneckBlock(tf, v, name, x, channels, PLANES[stage], stride, mode)
                        : basicBlock(tf, v, name, x, channels, PLANES[stage], stride, mode);
                channels = PLANES[stage] * expansion();
            }
        }
        return Layers.globalAvgPool(tf, x);
    }

    private static Operand<TFloat32> basicBlock(Ops tf, VariableStore v, String n, Operand<TFloat32> x,
                                                int in, int planes, int stride, Mode mode) {
        Operand<TFloat32> y = Layers.conv(tf, v, n + "/conv1", x, in, planes, 3, stride);
        y = tf.nn.relu(Layers.batchNorm(tf, v, n + "/bn1", y, planes, mode));
        y = Layers.conv(tf, v, n + "/conv2", y, planes, planes, 3, 1);
        y = Layers.batchNorm(tf, v, n + "/bn2", y, planes, mode);
        return tf.nn.relu(tf.math.add(y, shortcut(tf, v, n, x, in, planes, stride, mode)));
    }

    private static Operand<TFloat32> bottleneckBlock(Ops tf, VariableStore v, String n, Operand<TFloat32> x,
                                                     int in, int planes, int stride, Mode mode) {
        int out = planes * 4;
        Operand<TFloat32> y = Layers.conv(tf, v, n + "/conv1", x, in, planes, 1, 1);
        y = tf.nn.relu(Layers.batchNorm(tf, v, n + "/bn1", y, planes, mode));
        y = Layers.conv(tf, v, n + "/conv2", y, planes, planes, 3, stride);
        y = tf.nn.relu(Layers.batchNorm(tf, v, n + "/bn2", y, planes, mode));
        y = Layers.conv(tf, v, n + "/conv3", y, planes, out, 1, 1);
        y = Layers.batchNorm(tf, v, n + "/bn3", y, out, mode);
        return tf.nn.relu(tf.math.add(y, shortcut(tf, v, n, x, in, out, stride, mode)));
    }

    /** Identity, or a 1×1 convolution + BatchNorm when the shape changes (torchvision's downsample). */
    private static Operand<TFloat32> shortcut(Ops tf, VariableStore v, String n, Operand<TFloat32> x,
                                              int in, int out, int stride, Mode mode) {
        if (stride == 1 && in == out) {
            return x;
        }
        Operand<TFloat32> s = Layers.conv(tf, v, n + "/down/conv", x, in, out, 1, stride);
        return Layers.batchNorm(tf, v, n + "/down/bn", s, out, mode);
    }

    /**
     * The provider of one depth ({@link ResNet18}, {@link ResNet34}, {@link ResNet50}, {@link ResNet101},
     * {@link ResNet152}); they differ only in block type and counts.
     */
    abstract static class Base extends SimpleProvider<Backbone> implements BackboneProvider {
        Base(String name, boolean bottleneck, int... blocks) {
            super(name, name + " (" + (bottleneck ? "bottleneck" : "basic") + " blocks " + blocks[0] + "-" + blocks[1] + "-"
                            + blocks[2] + "-" + blocks[3] + ", d=" + (bottleneck ? 2048 : 512) + "), torchvision layout",
                    List.of(ParamSpec.ofChoice("stem", "auto",
                            "cifar = 3x3 conv stride 1, no max-pool; imagenet = 7x7 stride 2 + max-pool; auto = cifar for images <= 64 px",
                            "auto", "cifar", "imagenet")),
                    params -> new ResNet(bottleneck, blocks, params.getString("stem")));
        }
    }
}
