package ncdesign.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.metric.FeatureSet;

/** Copies any {@link FeatureSet} (e.g. NumPy arrays from another framework) into an Arrow feature cache. */
public final class FeatureCaches {
    private FeatureCaches() {
    }

    public static void write(FeatureSet fs, Path target, Map<String, String> metadata) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < fs.numClasses(); c++) {
            names.add("class" + c);
        }
        int[] pred = fs.predictions().orElse(null);
        int[] y = fs.labels();
        try (FeatureCacheWriter w = new FeatureCacheWriter(target, fs.dim(), 0, fs.numClasses(), pred != null, names,
                fs.weights().orElse(null), fs.bias().orElse(null), metadata)) {
            IOException[] failure = new IOException[1];
            fs.forEachBlock((offset, rows, data) -> {
                if (failure[0] != null) {
                    return;
                }
                int[] ids = new int[rows];
                int[] ly = new int[rows];
                int[] lp = pred == null ? null : new int[rows];
                for (int i = 0; i < rows; i++) {
                    ids[i] = offset + i;
                    ly[i] = y[offset + i];
                    if (lp != null) {
                        lp[i] = pred[offset + i];
                    }
                }
                try {
                    w.append(ids, ly, lp, data, null, rows);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            w.commit();
        } catch (IOException e) {
            throw new CacheException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
