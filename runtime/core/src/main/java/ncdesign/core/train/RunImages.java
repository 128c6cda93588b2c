package ncdesign.core.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.ImageBatch;
import ncdesign.api.eval.Split;
import ncdesign.data.Corruptions;
import ncdesign.data.Dataset;
import ncdesign.data.DatasetCatalog;

/**
 * The {@link EvalImages} of a run: its test set, the dataset catalog (reading from {@code dataDir}) adapted to the
 * encoder's input, and the Java corruptions. With a shared {@link Cache}, runs evaluated one after another reuse
 * the catalog splits and the corrupted test sets the first one made (robustness and transfer over several runs).
 */
public final class RunImages implements EvalImages {
    private final Dataset test;
    private final InputSpec spec;
    private final Path dataDir;
    private final Cache cache;

    /**
     * Datasets made once and reused, up to a quarter of the heap (beyond it they are made again each time, so many
     * runs over a large test set cannot exhaust memory).
     */
    public static final class Cache {
        private final Map<String, Dataset> sets = new ConcurrentHashMap<>();
        private long bytes;

        /** An empty cache, for the runs of one command. */
        public Cache() {
        }

        synchronized Dataset get(String key, Supplier<Dataset> make) {
            Dataset d = sets.get(key);
            if (d == null) {
                d = make.get();
                if (bytes + d.images().length <= Runtime.getRuntime().maxMemory() / 4) {
                    sets.put(key, d);
                    bytes += d.images().length;
                }
            }
            return d;
        }
    }

    /**
     * @param test    the run's test images
     * @param spec    the encoder's input
     * @param dataDir folder of catalog datasets, or null for the catalog's default
     * @param cache   shared between the runs of one command, or null
     */
    public RunImages(Dataset test, InputSpec spec, Path dataDir, Cache cache) {
        this.test = test;
        this.spec = spec;
        this.dataDir = dataDir;
        this.cache = cache == null ? new Cache() : cache;
    }

    /** The images of the run that just trained on {@code data} (catalog datasets from its data-dir). */
    static RunImages of(TrainingData data, ncdesign.core.config.TrainConfig cfg) {
        return new RunImages(data.test(), data.spec(), cfg.dataDir(), null);
    }

    @Override
    public ImageBatch testImages() {
        return batch(test);
    }

    @Override
    public ImageBatch dataset(String name, Split split) {
        Dataset d = cache.get("catalog/" + name + "/" + split.label(), () -> DatasetCatalog.load(name, split, dataDir));
        return batch(d.adapt(spec.height(), spec.width(), spec.channels()));
    }

    @Override
    public List<String> corruptions() {
        return Corruptions.NAMES;
    }

    @Override
    public Optional<String> unavailable(String corruption) {
        return Corruptions.unavailable(corruption);
    }

    @Override
    public ImageBatch corrupt(ImageBatch images, String corruption, int severity, long seed) {
        Dataset d = dataset(images);
        if (images.pixels() != test.images()) {
            return batch(Corruptions.apply(d, corruption, severity, seed));
        }
        // the test set is the same array for every run of a command: corrupt it once per (corruption, severity)
        String key = "test/" + System.identityHashCode(test.images()) + "/" + test.size() + "/" + corruption + "/" + severity + "/" + seed;
        return batch(cache.get(key, () -> Corruptions.apply(d, corruption, severity, seed)));
    }

    /** The same images as an API batch (arrays shared). */
    static ImageBatch batch(Dataset d) {
        return new ImageBatch(d.name(), d.images(), d.labels(), d.classNames(), d.height(), d.width(), d.channels());
    }

    /** An API batch as a dataset (arrays shared). */
    static Dataset dataset(ImageBatch b) {
        return new Dataset(b.name(), b.pixels(), b.labels(), b.classNames(), b.height(), b.width(), b.channels());
    }
}
