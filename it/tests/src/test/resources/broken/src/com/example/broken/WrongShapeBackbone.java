package com.example.broken;

import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.param.Params;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Declares d = 16 but returns the flattened image. */
public final class WrongShapeBackbone implements BackboneProvider {
    @Override
    public String name() {
        return "wrong-shape";
    }

    @Override
    public String description() {
        return "returns features that disagree with featureDim()";
    }

    @Override
    public Backbone create(Params params) {
        return new Backbone() {
            @Override
            public int featureDim(InputSpec spec) {
                return 16;
            }

            @Override
            public Operand<TFloat32> forward(Ops tf, BackboneInput in) {
                InputSpec s = in.spec();
                return tf.reshape(in.images(), tf.constant(new int[] {-1, s.height() * s.width() * s.channels()}));
            }
        };
    }
}
