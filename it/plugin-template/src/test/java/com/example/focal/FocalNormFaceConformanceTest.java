package com.example.focal;

import ncdesign.api.loss.LossProvider;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Plugins;

/**
 * The testkit's loss kit: the provider's declarations, a scalar loss and [M, K] scores, inference mode with scores
 * that ignore the labels, determinism, finite values and gradients, gradients against float64 finite differences,
 * batch-order and scale invariance, stability at τ = 0.01, clear errors on bad input. The provider is found by name,
 * as ncd finds it: that also checks that it is discovered (META-INF/services, written by @AutoService).
 */
class FocalNormFaceConformanceTest extends LossConformance {
    @Override
    protected LossProvider provider() {
        return Plugins.provider(LossProvider.class, "focal-normface");
    }
}
