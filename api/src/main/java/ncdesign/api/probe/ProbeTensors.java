package ncdesign.api.probe;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/** Plain arrays to tensors and back, for {@link LossEvaluator}. */
final class ProbeTensors {
    private ProbeTensors() {
    }

    /** Rows × columns of a rectangular array; a ragged one is refused. */
    static Shape shapeOf(String what, double[][] data) {
        int rows = data.length;
        int cols = rows == 0 ? 0 : data[0].length;
        for (double[] row : data) {
            if (row.length != cols) {
                throw new IllegalArgumentException(what + ": ragged array, rows of length " + cols + " and " + row.length);
            }
        }
        return Shape.of(rows, cols);
    }

    /** A float32 or float64 tensor holding {@code data}. */
    static Tensor tensor(Class<? extends TFloating> type, double[][] data) {
        int rows = data.length;
        int cols = rows == 0 ? 0 : data[0].length;
        if (type == TFloat64.class) {
            TFloat64 d = TFloat64.tensorOf(Shape.of(rows, cols));
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d.setDouble(data[i][j], i, j);
                }
            }
            return d;
        }
        TFloat32 f = TFloat32.tensorOf(Shape.of(rows, cols));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                f.setFloat((float) data[i][j], i, j);
            }
        }
        return f;
    }

    /** Any float tensor of rank ≤ 2 as a double matrix (a scalar is 1×1, a vector is 1×n). */
    static double[][] matrix(Tensor t) {
        Shape s = t.shape();
        int rank = s.numDimensions();
        if (rank > 2) {
            throw new IllegalArgumentException("expected a tensor of rank at most 2, got shape " + s);
        }
        int rows = rank == 2 ? (int) s.get(0) : 1;
        int cols = rank == 0 ? 1 : (int) s.get(rank - 1);
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = get(t, rank, i, j);
            }
        }
        return out;
    }

    private static double get(Tensor t, int rank, int i, int j) {
        if (t instanceof TFloat64 d) {
            return rank == 2 ? d.getDouble(i, j) : rank == 1 ? d.getDouble(j) : d.getDouble();
        }
        if (t instanceof TFloat32 f) {
            return rank == 2 ? f.getFloat(i, j) : rank == 1 ? f.getFloat(j) : f.getFloat();
        }
        throw new IllegalArgumentException("unsupported tensor type " + t.dataType());
    }
}
