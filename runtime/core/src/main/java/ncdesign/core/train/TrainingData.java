package ncdesign.core.train;

import java.nio.file.Path;
import java.util.List;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.eval.Split;
import ncdesign.core.config.TrainConfig;
import ncdesign.data.Augment;
import ncdesign.data.BatchStream;
import ncdesign.api.error.DataException;
import ncdesign.data.Dataset;
import ncdesign.data.DatasetCatalog;

/** The train and test splits of a run, with the augmentation and batching the configuration asks for. */
public record TrainingData(Dataset train, Dataset test, Augment augment, long seed, int threads, boolean twoViews,
                    java.util.Map<String, java.util.Map<String, Object>> evaluatorParams) {

    static TrainingData load(TrainConfig cfg) {
        return load(cfg, false);
    }

    public static TrainingData load(TrainConfig cfg, boolean twoViews) {
        Path dataDir = cfg.dataDir();
        Dataset train = DatasetCatalog.load(cfg.dataset(), Split.TRAIN, dataDir);
        double rho = cfg.longTail();
        if (rho < 1) {
            train = train.longTailed(rho, cfg.seed()); // the test set stays balanced
        }
        Dataset test = DatasetCatalog.load(cfg.dataset(), Split.TEST, dataDir);
        if (train.height() != test.height() || train.width() != test.width() || train.channels() != test.channels()
                || !train.classNames().equals(test.classNames())) {
            throw new DataException(cfg.dataset() + ": train and test splits differ in image shape or classes");
        }
        int[] counts = train.classCounts();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                throw new DataException(cfg.dataset() + ": class " + c + " ('" + train.classNames().get(c) + "') has no training samples");
            }
        }
        Augment a = Augment.of(cfg.augment(), train.channels(), twoViews);
        return new TrainingData(train, test, a, cfg.seed(), cfg.threads(), twoViews, cfg.evaluatorParams());
    }

    public InputSpec spec() {
        return new InputSpec(train.height(), train.width(), train.channels(), train.numClasses(), train.size());
    }

    public List<String> classNames() {
        return train.classNames();
    }

    public Dataset split(Split s) {
        return s == Split.TRAIN ? train : test;
    }

    public BatchStream trainStream(int epoch, int batch) {
        return BatchStream.train(train, augment, batch, seed, epoch, threads, twoViews);
    }

    /** Worker {@code shard}'s rows of every global batch of {@link #trainStream} (data-parallel training). */
    BatchStream trainShard(int epoch, int globalBatch, int shard, int shards) {
        return BatchStream.trainShard(train, augment, globalBatch, seed, epoch, threads, twoViews, shard, shards);
    }

    /** The training split augmented for one probe epoch (every sample, shuffled). */
    BatchStream augmentedStream(int epoch, int batch) {
        return BatchStream.augmented(train, augment, batch, seed, epoch, threads);
    }

    public BatchStream evalStream(Split s, int batch) {
        return BatchStream.eval(split(s), augment, batch, threads);
    }
}
