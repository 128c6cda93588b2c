package ncdesign.experiments.reproduce;

import java.util.Locale;
import ncdesign.api.error.ConfigException;

/** How large the reproduction is: from a CPU check of the theory to the paper's own settings. */
public enum Scale {
    /** Unconstrained-features model (the {@code free} backbone), K = 10, d = 16: Theorem 4.1 on a CPU in minutes. */
    THEORY,
    /** Fashion-MNIST (and CIFAR-10 when present) with small backbones: under an hour on 2 CPU cores. */
    TINY,
    /** ResNet-18 on CIFAR-10/100 with the paper's batch, learning rate and τ, 100 epochs: for a GPU. */
    SMALL,
    /** The paper's settings (1000 epochs, τ grid, 5 seeds): for a GPU, days. */
    PAPER;

    /** Parses {@code theory|tiny|small|paper}. */
    public static Scale parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("unknown scale '" + s + "'; use theory, tiny, small or paper");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
