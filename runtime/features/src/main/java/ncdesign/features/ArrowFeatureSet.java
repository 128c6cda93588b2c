package ncdesign.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A feature cache written by {@link FeatureCacheWriter}, read back as a {@link FeatureSet}. Labels, predictions,
 * the classifier and metadata are read when opened (labels and predictions of any integer type, each checked to be in
 * 0..K−1); features are streamed one record batch at a time, so the whole matrix is never held in memory. Feature
 * columns of float64 (another writer's) are read as float32. Opening verifies the checksum the writer recorded
 * unless told not to.
 */
public final class ArrowFeatureSet implements FeatureSet, AutoCloseable {
    private final Path file;
    private final Shared shared;
    private final String column;
    private final int dim;

    /** State common to the column views of one file. */
    private static final class Shared {
        BufferAllocator allocator;
        FileChannel channel;
        ArrowFileReader reader;
        List<ArrowBlock> blocks;
        int[] labels;
        int[] predictions;
        int numClasses;
        float[][] weights;
        float[] bias;
        Map<String, String> metadata;
        List<String> columns = new ArrayList<>();
    }

    private ArrowFeatureSet(Path file, Shared shared, String column, int dim) {
        this.file = file;
        this.shared = shared;
        this.column = column;
        this.dim = dim;
    }

    /** Opens a cache and verifies its checksum; a missing, truncated, corrupt or foreign file fails with one line naming it. */
    public static ArrowFeatureSet open(Path file) {
        return open(file, true);
    }

    /**
     * Opens a cache; with {@code verify}, first checks the checksum recorded when it was written (one more read of the
     * file; a cache without one, from an earlier ncd or another Arrow writer, is read as it is).
     */
    public static ArrowFeatureSet open(Path file, boolean verify) {
        Shared s = new Shared();
        try {
            s.allocator = new RootAllocator();
            s.channel = FileChannel.open(file, StandardOpenOption.READ);
            s.reader = new ArrowFileReader(s.channel, s.allocator);
            VectorSchemaRoot root = s.reader.getVectorSchemaRoot();
            s.metadata = root.getSchema().getCustomMetadata();
            s.blocks = s.reader.getRecordBlocks();
            if (verify) {
                verify(file, s);
            }
            for (Field f : root.getSchema().getFields()) {
                if (f.getType() instanceof ArrowType.FixedSizeList) {
                    s.columns.add(f.getName());
                    checkFloating(file, f);
                }
            }
            if (!s.columns.contains("features") || root.getSchema().findField("label") == null) {
                throw new CacheException(file + ": not an ncdesign feature cache (no 'features'/'label' columns)");
            }
            String k = s.metadata.get("ncd.num_classes");
            if (k == null) {
                throw new CacheException(file + ": not an ncdesign feature cache (no ncd.num_classes metadata)");
            }
            s.numClasses = Integer.parseInt(k);
            int d = ((ArrowType.FixedSizeList) root.getSchema().findField("features").getType()).getListSize();
            boolean hasPred = root.getSchema().getFields().stream().anyMatch(f -> f.getName().equals("prediction"));
            long n = 0;
            for (ArrowBlock b : s.blocks) {
                s.reader.loadRecordBatch(b);
                n += root.getRowCount();
            }
            s.labels = new int[Math.toIntExact(n)];
            s.predictions = hasPred ? new int[(int) n] : null;
            int off = 0;
            for (ArrowBlock b : s.blocks) {
                s.reader.loadRecordBatch(b);
                int rows = root.getRowCount();
                classes(file, root, "label", off, rows, s.numClasses, s.labels);
                if (hasPred) {
                    classes(file, root, "prediction", off, rows, s.numClasses, s.predictions);
                }
                off += rows;
            }
            if (s.metadata.containsKey("ncd.weights")) {
                String[] shape = s.metadata.getOrDefault("ncd.weights_shape", "").split(",");
                int rows = Integer.parseInt(shape[0].trim());
                int cols = Integer.parseInt(shape[1].trim());
                if (rows != s.numClasses || cols != d) {
                    throw new CacheException(file + ": classifier is " + rows + "x" + cols + " but the cache has K=" + s.numClasses + ", d=" + d);
                }
                s.weights = decode(s.metadata.get("ncd.weights"), rows, cols, file);
            }
            if (s.metadata.containsKey("ncd.bias")) {
                s.bias = decode(s.metadata.get("ncd.bias"), 1, s.numClasses, file)[0];
            }
            return new ArrowFeatureSet(file, s, "features", d);
        } catch (CacheException e) {
            closeQuietly(s);
            throw e;
        } catch (NoSuchFileException e) {
            closeQuietly(s);
            throw new CacheException(file + ": not found");
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw new CacheException(file + ": not an Arrow IPC file or truncated (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")", e);
        }
    }

    /** Checks the recorded checksum, and that every record batch lies in the bytes it covers. */
    private static void verify(Path file, Shared s) throws IOException {
        Map<String, String> footer = s.reader.getMetaData();
        if (CacheChecksum.verify(file, s.channel, footer)) {
            long covered = Long.parseLong(footer.get(CacheChecksum.BYTES_KEY));
            for (ArrowBlock b : s.blocks) {
                if (b.getOffset() < 0 || b.getOffset() + b.getMetadataLength() + b.getBodyLength() > covered) {
                    throw new CacheException(file + ": the footer points outside the checksummed data; the file is corrupt");
                }
            }
        }
    }

    /** A feature column must hold float32 or float64 values (float64 is read as float32). */
    private static void checkFloating(Path file, Field f) {
        ArrowType t = f.getChildren().isEmpty() ? null : f.getChildren().get(0).getType();
        if (!(t instanceof ArrowType.FloatingPoint fp) || fp.getPrecision() == FloatingPointPrecision.HALF) {
            throw new CacheException(file + ": feature column '" + f.getName() + "' holds " + (t == null ? "no" : t.toString())
                    + " values; feature columns must be fixed-size lists of float32 or float64");
        }
    }

    /** Copies an integer column into {@code dst} from {@code at}, each value checked to be a class index 0..k−1. */
    private static void classes(Path file, VectorSchemaRoot root, String name, int at, int rows, int k, int[] dst) {
        if (!(root.getVector(name) instanceof BaseIntVector v)) {
            throw new CacheException(file + ": column '" + name + "' holds " + root.getVector(name).getField().getType()
                    + " values; it must hold integers");
        }
        for (int i = 0; i < rows; i++) {
            long y = v.getValueAsLong(i);
            if (y < 0 || y >= k) {
                throw new CacheException(file + ": " + name + " " + y + " of row " + (at + i) + " is outside 0.." + (k - 1)
                        + " (ncd.num_classes = " + k + ")");
            }
            dst[at + i] = (int) y;
        }
    }

    private static float[][] decode(String b64, int rows, int cols, Path file) {
        byte[] bytes = Base64.getDecoder().decode(b64);
        if (bytes.length != rows * cols * 4) {
            throw new CacheException(file + ": classifier metadata holds " + bytes.length + " bytes, expected " + rows * cols * 4);
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = bb.getFloat();
            }
        }
        return m;
    }

    private static void closeQuietly(Shared s) {
        try {
            if (s.reader != null) {
                s.reader.close();
            } else if (s.channel != null) {
                s.channel.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // reporting the original problem matters more
        }
        if (s.allocator != null) {
            try {
                s.allocator.close();
            } catch (RuntimeException ignored) {
                // buffers still referenced by a broken reader
            }
        }
    }

    /** The file this set reads. */
    public Path file() {
        return file;
    }

    /** The schema metadata (provenance, split, epoch, ...). */
    public Map<String, String> metadata() {
        return shared.metadata;
    }

    @Override
    public int size() {
        return shared.labels.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int numClasses() {
        return shared.numClasses;
    }

    @Override
    public int[] labels() {
        return shared.labels;
    }

    @Override
    public Optional<int[]> predictions() {
        return Optional.ofNullable(shared.predictions);
    }

    @Override
    public Optional<float[][]> weights() {
        return column.equals("features") ? Optional.ofNullable(shared.weights) : Optional.empty();
    }

    @Override
    public Optional<float[]> bias() {
        return column.equals("features") ? Optional.ofNullable(shared.bias) : Optional.empty();
    }

    @Override
    public List<String> columns() {
        return List.copyOf(shared.columns);
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public FeatureSet select(String name) {
        if (!shared.columns.contains(name)) {
            throw new CacheException(file + " has no feature column '" + name + "'; it has " + shared.columns);
        }
        try {
            int d = ((ArrowType.FixedSizeList) shared.reader.getVectorSchemaRoot().getSchema().findField(name).getType()).getListSize();
            return new ArrowFeatureSet(file, shared, name, d);
        } catch (IOException e) {
            throw new CacheException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        float[] buf = null;
        int offset = 0;
        try {
            VectorSchemaRoot root = shared.reader.getVectorSchemaRoot();
            for (ArrowBlock b : shared.blocks) {
                shared.reader.loadRecordBatch(b);
                int rows = root.getRowCount();
                FixedSizeListVector v = (FixedSizeListVector) root.getVector(column);
                int count = rows * dim;
                if (buf == null || buf.length < count) {
                    buf = new float[count];
                }
                if (v.getDataVector() instanceof Float8Vector wide) {
                    DoubleBuffer db = wide.getDataBuffer().nioBuffer(0, count * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
                    for (int i = 0; i < count; i++) {
                        buf[i] = (float) db.get(i);
                    }
                } else {
                    ((Float4Vector) v.getDataVector()).getDataBuffer().nioBuffer(0, count * 4).order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer().get(buf, 0, count);
                }
                visitor.accept(offset, rows, buf);
                offset += rows;
            }
        } catch (IOException e) {
            throw new CacheException(file + ": read failed (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(shared);
    }
}
