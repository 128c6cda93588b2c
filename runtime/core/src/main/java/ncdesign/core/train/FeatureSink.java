package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import ncdesign.api.eval.Split;
import ncdesign.features.FeatureCacheWriter;

/** Where extracted features go: nowhere, or an Arrow feature cache. */
interface FeatureSink extends AutoCloseable {
    FeatureSink NONE = new FeatureSink() {
        @Override
        public void append(int[] ids, int[] labels, int[] predictions, float[] features, float[] head, int n) {
        }

        @Override
        public void commit() {
        }

        @Override
        public void close() {
        }
    };

    void append(int[] ids, int[] labels, int[] predictions, float[] features, float[] head, int n) throws IOException;

    void commit() throws IOException;

    @Override
    void close() throws IOException;

    static FeatureSink arrow(Path file, Split split, int epoch, long step, int dim, int headDim, TrainingData data,
                             float[][] weights, float[] bias, Map<String, String> provenance) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(provenance);
        meta.put("ncd.split", split.label());
        meta.put("ncd.epoch", Integer.toString(epoch));
        meta.put("ncd.step", Long.toString(step));
        FeatureCacheWriter w = new FeatureCacheWriter(file, dim, headDim, data.spec().numClasses(), weights != null,
                data.classNames(), weights, bias, meta);
        return new FeatureSink() {
            @Override
            public void append(int[] ids, int[] labels, int[] predictions, float[] features, float[] head, int n) throws IOException {
                w.append(ids, labels, predictions, features, head, n);
            }

            @Override
            public void commit() throws IOException {
                w.commit();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
