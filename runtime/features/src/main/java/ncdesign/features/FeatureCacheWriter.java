package ncdesign.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a feature cache as an Arrow IPC file (the random-access "file" format, readable by any Arrow reader,
 * e.g. {@code pyarrow.ipc.open_file}). Rows stream in and are flushed in record batches of at most
 * {@value #BATCH_ROWS} rows, so memory stays bounded. The file is written under a temporary name and renamed on
 * {@link #commit()}; {@link #close()} without commit deletes it, so a reader never sees a partial cache.
 *
 * <p>Schema:
 * <pre>
 *   sample_id      int32                      index of the sample in its split
 *   label          int32                      0..K−1
 *   prediction     int32 (only with a classifier) arg-max of the loss's class scores
 *   features       fixed_size_list&lt;float32&gt;[d]   encoder features (unnormalised)
 *   head_features  fixed_size_list&lt;float32&gt;[d2]  projection-head features (contrastive runs only)
 * schema metadata (strings):
 *   ncd.num_classes, ncd.dim, ncd.split, ncd.epoch, ncd.step, ncd.class_names (JSON array)
 *   ncd.weights, ncd.bias   classifier as base64 of little-endian float32, row-major; ncd.weights_shape = "K,d"
 *                           (numpy: np.frombuffer(base64.b64decode(m[b'ncd.weights']), '&lt;f4').reshape(K, d))
 *   ncd.loss, ncd.backbone, ncd.dataset, ncd.seed, ncd.version, ...   provenance
 * footer metadata:
 *   ncd.checksum = crc32c:XXXXXXXX, ncd.checksum_bytes   CRC-32C of every byte before the footer, checked on reading
 * </pre>
 */
public final class FeatureCacheWriter implements AutoCloseable {
    static final int BATCH_ROWS = 4096;

    private final Path target;
    private final Path tmp;
    private final int dim;
    private final int headDim;
    private final int numClasses;
    private final boolean withPredictions;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final CacheChecksum.Writing checksummed;
    private final Map<String, String> footer = new LinkedHashMap<>();
    private final ArrowFileWriter writer;
    private final int[] ids = new int[BATCH_ROWS];
    private final int[] labels = new int[BATCH_ROWS];
    private final int[] preds = new int[BATCH_ROWS];
    private final float[] feats;
    private final float[] head;
    private int pending;
    private long rows;
    private boolean committed;

    /**
     * Opens a cache for writing.
     *
     * @param target      the final file
     * @param dim         d of {@code features}
     * @param headDim     d2 of {@code head_features}, or 0 when absent
     * @param numClasses  K
     * @param withPredictions whether a {@code prediction} column is written
     * @param classNames  K names
     * @param weights     classifier rows K×d, or null
     * @param bias        classifier bias, or null
     * @param metadata    further string metadata (split, epoch, provenance)
     */
    public FeatureCacheWriter(Path target, int dim, int headDim, int numClasses, boolean withPredictions,
                              List<String> classNames, float[][] weights, float[] bias, Map<String, String> metadata) throws IOException {
        this.target = target;
        this.dim = dim;
        this.headDim = headDim;
        this.numClasses = numClasses;
        this.withPredictions = withPredictions;
        this.feats = new float[BATCH_ROWS * dim];
        this.head = headDim > 0 ? new float[BATCH_ROWS * headDim] : null;
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("ncd.num_classes", Integer.toString(numClasses));
        meta.put("ncd.dim", Integer.toString(dim));
        if (headDim > 0) {
            meta.put("ncd.head_dim", Integer.toString(headDim));
        }
        meta.put("ncd.class_names", ncdesign.io.Json.write(classNames));
        if (weights != null) {
            if (weights.length != numClasses || (numClasses > 0 && weights[0].length != dim)) {
                throw new IllegalArgumentException("weights must be " + numClasses + "x" + dim);
            }
            meta.put("ncd.weights", encode(weights));
            meta.put("ncd.weights_shape", numClasses + "," + dim);
        }
        if (bias != null) {
            meta.put("ncd.bias", encode(new float[][] {bias}));
        }
        List<Field> fields = new ArrayList<>();
        fields.add(Field.notNullable("sample_id", new ArrowType.Int(32, true)));
        fields.add(Field.notNullable("label", new ArrowType.Int(32, true)));
        if (withPredictions) {
            fields.add(Field.notNullable("prediction", new ArrowType.Int(32, true)));
        }
        fields.add(listField("features", dim));
        if (headDim > 0) {
            fields.add(listField("head_features", headDim));
        }
        Schema schema = new Schema(fields, meta);
        String rnd = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        this.tmp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".tmp-" + rnd);
        this.allocator = new RootAllocator();
        try {
            this.root = VectorSchemaRoot.create(schema, allocator);
            this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.checksummed = new CacheChecksum.Writing(channel);
            // the footer's metadata map is filled with the checksum in commit(), before the writer writes the footer
            this.writer = new ArrowFileWriter(root, null, checksummed, footer);
            writer.start();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static Field listField(String name, int size) {
        Field child = new Field("item", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null);
        return new Field(name, FieldType.notNullable(new ArrowType.FixedSizeList(size)), List.of(child));
    }

    static String encode(float[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        ByteBuffer bb = ByteBuffer.allocate(m.length * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : m) {
            for (float v : row) {
                bb.putFloat(v);
            }
        }
        return Base64.getEncoder().encodeToString(bb.array());
    }

    /**
     * Appends rows.
     *
     * @param sampleIds   row ids
     * @param labels      labels in 0..K−1
     * @param predictions predictions, or null when the cache has no prediction column
     * @param features    rows × d, row-major
     * @param headFeatures rows × d2, or null when the cache has no head column
     * @param n           number of rows
     */
    public void append(int[] sampleIds, int[] labels, int[] predictions, float[] features, float[] headFeatures, int n) throws IOException {
        if (withPredictions != (predictions != null) || (headDim > 0) != (headFeatures != null)) {
            throw new IllegalArgumentException("appended columns do not match the cache's schema");
        }
        int done = 0;
        while (done < n) {
            int take = Math.min(n - done, BATCH_ROWS - pending);
            System.arraycopy(sampleIds, done, ids, pending, take);
            System.arraycopy(labels, done, this.labels, pending, take);
            for (int i = 0; i < take; i++) {
                int y = labels[done + i];
                if (y < 0 || y >= numClasses) {
                    throw new IllegalArgumentException("label " + y + " outside 0.." + (numClasses - 1));
                }
            }
            if (predictions != null) {
                System.arraycopy(predictions, done, preds, pending, take);
            }
            System.arraycopy(features, done * dim, feats, pending * dim, take * dim);
            if (headFeatures != null) {
                System.arraycopy(headFeatures, done * headDim, head, pending * headDim, take * headDim);
            }
            pending += take;
            done += take;
            if (pending == BATCH_ROWS) {
                flush();
            }
        }
    }

    private void flush() throws IOException {
        if (pending == 0) {
            return;
        }
        int n = pending;
        root.allocateNew();
        fillInt((IntVector) root.getVector("sample_id"), ids, n);
        fillInt((IntVector) root.getVector("label"), labels, n);
        if (withPredictions) {
            fillInt((IntVector) root.getVector("prediction"), preds, n);
        }
        fillList((FixedSizeListVector) root.getVector("features"), feats, n, dim);
        if (headDim > 0) {
            fillList((FixedSizeListVector) root.getVector("head_features"), head, n, headDim);
        }
        root.setRowCount(n);
        writer.writeBatch();
        rows += n;
        pending = 0;
    }

    private static void fillInt(IntVector v, int[] src, int n) {
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
            v.set(i, src[i]);
        }
        v.setValueCount(n);
    }

    private static void fillList(FixedSizeListVector v, float[] src, int n, int d) {
        v.setInitialCapacity(n);
        v.allocateNew();
        Float4Vector child = (Float4Vector) v.getDataVector();
        int count = n * d;
        child.setInitialCapacity(count);
        child.allocateNew(count);
        ByteBuffer bb = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(src, 0, count);
        child.getDataBuffer().setBytes(0, bb);
        child.getValidityBuffer().setOne(0L, BitVectorHelper.getValidityBufferSize(count));
        child.setValueCount(count);
        v.getValidityBuffer().setOne(0L, BitVectorHelper.getValidityBufferSize(n));
        v.setValueCount(n);
    }

    /** Rows written so far (flushed or pending). */
    public long rows() {
        return rows + pending;
    }

    /** Finishes the file (with the checksum of everything before its footer) and renames it into place. */
    public void commit() throws IOException {
        flush();
        checksummed.record(footer);
        writer.end();
        channel.force(true);
        writer.close(); // closes the channel too
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    /** Releases memory; deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() throws IOException {
        try {
            if (!committed) {
                try {
                    writer.close();
                } catch (RuntimeException ignored) {
                    // the partial file is deleted below
                }
                channel.close();
                Files.deleteIfExists(tmp);
            }
        } finally {
            root.close();
            allocator.close();
        }
    }
}
