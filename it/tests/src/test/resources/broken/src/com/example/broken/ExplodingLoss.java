package com.example.broken;

import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** A loss whose graph construction throws. */
public final class ExplodingLoss implements LossProvider {
    @Override
    public String name() {
        return "explode";
    }

    @Override
    public String description() {
        return "throws from build()";
    }

    @Override
    public Loss create(Params params) {
        return new Loss() {
            @Override
            public LossNeeds needs() {
                return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true);
            }

            @Override
            public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
                throw new ArithmeticException("boom in build");
            }
        };
    }
}
