package ncdesign.api.eval;

import java.util.List;
import java.util.Optional;
import ncdesign.api.annotation.Stable;

/**
 * Images an evaluator may need beyond the cached features, from the runtime's dataset catalog and corruption
 * generator, so evaluator plugins never depend on the runtime. Offered by {@link EvalContext#images()}.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface EvalImages {

    /** The run's test images (at the encoder's input shape). */
    ImageBatch testImages();

    /**
     * A split of a dataset from the runtime's catalog ({@code fashion-mnist}, {@code cifar10}, {@code folder:PATH}, …),
     * resized and converted to the encoder's input height, width and channels.
     */
    ImageBatch dataset(String name, Split split);

    /** Names of the corruptions {@link #corrupt} implements, in the order tables list them. */
    List<String> corruptions();

    /** Why a corruption cannot be computed here (e.g. files it needs are missing), or empty when it can. */
    default Optional<String> unavailable(String corruption) {
        return Optional.empty();
    }

    /** The images corrupted by {@code corruption} at severity 1..5, seeded per image; labels unchanged. */
    ImageBatch corrupt(ImageBatch images, String corruption, int severity, long seed);
}
