package com.example.focal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import ncdesign.api.probe.LossProbe;
import ncdesign.api.probe.ProbeInputs;
import ncdesign.testkit.Losses;
import ncdesign.testkit.RandomInputs;
import org.junit.jupiter.api.Test;

/** What the formula promises, on plain arrays through {@link LossProbe} (no training, no runtime). */
class FocalNormFaceTest {
    private static final int K = 4;
    private final ProbeInputs in = ProbeInputs.of(RandomInputs.gaussian(1, 16, 6), RandomInputs.labels(2, 16, K), K,
            RandomInputs.gaussian(3, K, 6));

    @Test
    void gammaZeroIsNormFace() {
        double focal = LossProbe.evaluate(new FocalNormFace(0.1, 0), in).value();
        // the built-in NormFace, found on the test class path (the runtime is a test dependency)
        double normFace = LossProbe.evaluate(Losses.named("normface", Map.of("tau", 0.1)), in).value();
        assertThat(focal).isCloseTo(normFace, within(1e-9));
    }

    @Test
    void valueIsTheMeanOfFocalWeightedNegativeLogLikelihoods() {
        double tau = 0.5;
        double gamma = 2;
        double expected = 0;
        for (int i = 0; i < in.labels().length; i++) {
            double[] logits = new double[K];
            for (int c = 0; c < K; c++) {
                logits[c] = cosine(in.features()[i], in.weights()[c]) / tau;
            }
            double lse = Math.log(java.util.Arrays.stream(logits).map(Math::exp).sum());
            double logP = logits[in.labels()[i]] - lse;
            expected -= Math.pow(1 - Math.exp(logP), gamma) * logP;
        }
        expected /= in.labels().length;
        assertThat(LossProbe.evaluate(new FocalNormFace(tau, gamma), in).value()).isCloseTo(expected, within(1e-9));
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int j = 0; j < a.length; j++) {
            ab += a[j] * b[j];
            aa += a[j] * a[j];
            bb += b[j] * b[j];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
