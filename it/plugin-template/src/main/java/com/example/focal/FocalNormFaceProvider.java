package com.example.focal;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * What {@code ncd plugins} lists and {@code ncd train --loss focal-normface} creates. A provider is cheap to construct
 * (discovery instantiates every provider); the loss is built only in {@link #create(Params)}, from parameters the
 * runtime has already checked against {@link #parameters()}.
 */
@AutoService(LossProvider.class)
public final class FocalNormFaceProvider implements LossProvider {
    /** ServiceLoader's public no-argument constructor. */
    public FocalNormFaceProvider() {
    }

    @Override
    public String name() {
        return "focal-normface";
    }

    @Override
    public String description() {
        return "NormFace with a focal factor (1-p)^gamma on each sample's loss (example third-party plugin)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.ofDouble("tau", 0.1, "temperature τ (logits are cosines / τ)").greaterThan(0),
                ParamSpec.ofDouble("gamma", 2.0, "focusing exponent γ (0 = NormFace)").atLeast(0).atMost(10));
    }

    @Override
    public Loss create(Params params) {
        return new FocalNormFace(params.getDouble("tau"), params.getDouble("gamma"));
    }
}
