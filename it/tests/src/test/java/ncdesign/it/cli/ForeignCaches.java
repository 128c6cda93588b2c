package ncdesign.it.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Feature caches as another Arrow writer (pyarrow from NumPy float64 and int64 arrays) makes them: int64 labels, a
 * float64 {@code features} column, {@code ncd.num_classes} in the schema metadata, no checksum.
 */
final class ForeignCaches {
    private ForeignCaches() {
    }

    static void writeFloat64(Path file, double[] features, int d, long[] labels, int numClasses) throws IOException {
        Field item = new Field("item", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
        Schema schema = new Schema(List.of(Field.notNullable("label", new ArrowType.Int(64, true)),
                new Field("features", FieldType.notNullable(new ArrowType.FixedSizeList(d)), List.of(item))),
                Map.of("ncd.num_classes", Integer.toString(numClasses)));
        int n = labels.length;
        try (BufferAllocator a = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            BigIntVector y = (BigIntVector) root.getVector("label");
            y.allocateNew(n);
            for (int i = 0; i < n; i++) {
                y.set(i, labels[i]);
            }
            y.setValueCount(n);
            FixedSizeListVector list = (FixedSizeListVector) root.getVector("features");
            list.allocateNew();
            Float8Vector values = (Float8Vector) list.getDataVector();
            values.allocateNew(n * d);
            for (int i = 0; i < n * d; i++) {
                values.set(i, features[i]);
            }
            values.setValueCount(n * d);
            for (int i = 0; i < n; i++) {
                list.setNotNull(i);
            }
            list.setValueCount(n);
            root.setRowCount(n);
            w.start();
            w.writeBatch();
            w.end();
        }
    }
}
