package com.example.focal;

import java.util.Map;
import ncdesign.api.loss.Loss;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Losses;

/**
 * The testkit's loss kit: finite values and gradients, gradients against float64 finite differences, batch-order
 * and scale invariance, stability at τ = 0.01, clear errors on bad input. The loss is created by name, as ncd does:
 * that also checks that the provider is discovered (META-INF/services, written by @AutoService).
 */
class FocalNormFaceConformanceTest extends LossConformance {
    @Override
    protected Loss loss() {
        return Losses.named("focal-normface", Map.of());
    }

    @Override
    protected Loss lowTemperatureLoss() {
        return Losses.named("focal-normface", Map.of("tau", 0.01));
    }
}
