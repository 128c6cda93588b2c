package ncdesign.core.train;

import java.util.Optional;
import java.util.function.Supplier;
import ncdesign.api.PluginException;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.eval.ImageBatch;
import ncdesign.api.eval.TrainedEncoder;
import ncdesign.api.metric.FeatureSet;
import ncdesign.core.config.TrainConfig;
import ncdesign.data.Augment;
import ncdesign.data.BatchStream;

/**
 * The {@link TrainedEncoder} of a session (the one that just trained, or one restored from a run folder): images go
 * through the evaluation transform the model was trained with and the session's inference branch. The session is
 * asked for on first use, so a run opened only for its cached features loads no weights.
 */
final class ModelEncoder implements TrainedEncoder {
    private final Supplier<TrainSession> session;
    private final Augment augment;
    private final InputSpec spec;
    private final int batch;
    private final int threads;

    private ModelEncoder(Supplier<TrainSession> session, Augment augment, InputSpec spec, TrainConfig cfg) {
        this.session = session;
        this.augment = augment;
        this.spec = spec;
        this.batch = cfg.evalBatch();
        this.threads = cfg.threads();
    }

    /** The encoder of a model, or empty for the unconstrained-features model ('free'), which encodes no images. */
    static Optional<TrainedEncoder> of(Supplier<TrainSession> session, Augment augment, InputSpec spec, TrainConfig cfg) {
        return cfg.backbone().equals("free") ? Optional.empty() : Optional.of(new ModelEncoder(session, augment, spec, cfg));
    }

    @Override
    public InputSpec inputSpec() {
        return spec;
    }

    @Override
    public boolean hasClassifier() {
        return session.get().hasClassifier();
    }

    @Override
    public FeatureSet encode(ImageBatch images) {
        if (images.height() != spec.height() || images.width() != spec.width() || images.channels() != spec.channels()) {
            throw new PluginException("cannot encode " + images.name() + " images of " + images.height() + "x" + images.width() + "x"
                    + images.channels() + ": the encoder takes " + spec.height() + "x" + spec.width() + "x" + spec.channels()
                    + "; load them through EvalImages.dataset, which adapts them");
        }
        boolean predictions = images.numClasses() == spec.numClasses(); // the model's classifier knows only its K classes
        try (BatchStream st = BatchStream.eval(RunImages.dataset(images), augment, batch, threads)) {
            return session.get().collect(st, images.size(), predictions, images.numClasses());
        }
    }
}
