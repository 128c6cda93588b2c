package ncdesign.cli;

import picocli.CommandLine.Option;

/** Picocli mixin: the size N × d × K of a seeded synthetic feature cache ({@code ncd bench metrics}). */
final class SyntheticCacheOptions {
    @Option(names = "--n", defaultValue = "50000", description = "bench metrics: training features N (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--d", defaultValue = "512", description = "bench metrics: feature dimension d (default: ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--classes", defaultValue = "100", description = "bench metrics: classes K (default: ${DEFAULT-VALUE})")
    int classes;
}
