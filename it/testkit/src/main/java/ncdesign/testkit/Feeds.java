package ncdesign.testkit;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Plain arrays to tensors and back, for the kits' graphs. */
final class Feeds {
    private Feeds() {
    }

    /** A float32 tensor of {@code shape} holding {@code flat} in row-major order. */
    static TFloat32 tensor(float[] flat, Shape shape) {
        return TFloat32.tensorOf(shape, DataBuffers.of(flat, true, false));
    }

    /** A float32 N × d tensor of {@code rows}. */
    static TFloat32 tensor(float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return tensor(flat, Shape.of(rows.length, d));
    }

    /** An int32 vector. */
    static TInt32 ints(int[] v) {
        return TInt32.vectorOf(v);
    }

    /** Every value of a float32 tensor, row-major. */
    static float[] flat(Tensor t) {
        TFloat32 f = (TFloat32) t;
        float[] out = new float[Math.toIntExact(f.shape().size())];
        f.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    /** A rank-2 float32 tensor as rows. */
    static float[][] rows(Tensor t) {
        Shape s = t.shape();
        float[] flat = flat(t);
        int n = (int) s.get(0);
        int d = (int) s.get(1);
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /** {@code double[][]} to {@code float[][]}. */
    static float[][] floats(double[][] x) {
        if (x == null) {
            return null;
        }
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) x[i][j];
            }
        }
        return out;
    }

    /** The largest |a − b| over two matrices of the same shape. */
    static double maxDifference(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs((double) a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    /** Whether every value is finite. */
    static boolean finite(float[][] x) {
        for (float[] row : x) {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
