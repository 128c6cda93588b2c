package ncdesign.features;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} arrays (format 1.0–3.0, C order, little-endian {@code f4 f8 i1 u1 i2 u2 i4 u4 i8}).
 *
 * <p>Nothing reads a whole file at once: {@link #header} parses and checks the header alone (the dtype, every
 * dimension non-negative, the product of the shape and its size in bytes without overflow, and that the file holds
 * that many bytes), {@link #read} loads a small array (labels, a classifier) through a bounded buffer, and
 * {@link #readRows} reads any range of rows of a large one by position, so a file of any size that fits the disk can
 * be streamed (features from ImageNet-scale models are tens of GB).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-z])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** The most elements {@link #read} loads into one Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Bytes read per positional read when streaming. */
    private static final int CHUNK = 4 << 20;

    /** The element types read. */
    public enum Dtype {
        F4(4, false), F8(8, false), I1(1, true), U1(1, true), I2(2, true), U2(2, true), I4(4, true), U4(4, true), I8(8, true);

        final int size;
        final boolean integer;

        Dtype(int size, boolean integer) {
            this.size = size;
            this.integer = integer;
        }

        /** Element {@code i} of a little-endian buffer, exactly (every integer type but i8 beyond 2^53 fits a double). */
        double get(ByteBuffer bb, int i) {
            int p = i * size;
            return switch (this) {
                case F4 -> bb.getFloat(p);
                case F8 -> bb.getDouble(p);
                case I1 -> bb.get(p);
                case U1 -> bb.get(p) & 0xff;
                case I2 -> bb.getShort(p);
                case U2 -> Short.toUnsignedInt(bb.getShort(p));
                case I4 -> bb.getInt(p);
                case U4 -> Integer.toUnsignedLong(bb.getInt(p));
                case I8 -> bb.getLong(p);
            };
        }

        /** The dtype of a descr's kind and size, or null when it is not read. */
        static Dtype of(char kind, int size) {
            for (Dtype t : values()) {
                if (t.name().charAt(0) == Character.toUpperCase(kind) && t.size == size) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * A checked header.
     *
     * @param file       the file
     * @param dtype      the element type
     * @param shape      dimensions, each ≥ 0
     * @param count      the number of elements (the product of the shape)
     * @param dataOffset where the data starts
     */
    public record Header(Path file, Dtype dtype, long[] shape, long count, long dataOffset) {
        /** The first dimension (1 for a 0-d array). */
        public long rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** The product of the dimensions after the first (1 for a 0-d or 1-d array). */
        public long cols() {
            long c = 1;
            for (int i = 1; i < shape.length; i++) {
                c *= shape[i];
            }
            return c;
        }

        /** Whether the elements are integers. */
        public boolean integer() {
            return dtype.integer;
        }

        /** The shape as NumPy prints it, e.g. {@code (3, 4)} or {@code (5,)}. */
        public String shapeText() {
            return Npy.shapeText(shape);
        }
    }

    /**
     * A loaded array: values as doubles (exact for every supported type) and its shape.
     *
     * @param shape  dimensions
     * @param values row-major values
     * @param integer whether the stored type was an integer type
     */
    public record Array(long[] shape, double[] values, boolean integer) {
        public int rows() {
            return shape.length == 0 ? 1 : (int) shape[0];
        }

        public int cols() {
            return shape.length < 2 ? 1 : (int) shape[1];
        }
    }

    private Npy() {
    }

    static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(')').toString();
    }

    /** Opens a file for reading; a missing or unreadable one fails with one line naming it. */
    static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CacheException(file + ": not found");
        } catch (IOException e) {
            throw new CacheException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses and checks the header of {@code file}; reads only the header. */
    public static Header header(Path file) {
        try (FileChannel ch = open(file)) {
            return header(file, ch);
        } catch (IOException e) {
            throw new CacheException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static Header header(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0, file);
        byte[] head = pre.array();
        if (head.length < 10 || !Arrays.equals(head, 0, 6, MAGIC, 0, 6)) {
            throw new CacheException(file + ": not a NumPy .npy file (bad magic)");
        }
        int major = head[6];
        long hlen;
        int start;
        if (major == 1) {
            hlen = Short.toUnsignedInt(pre.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (head.length < 12) {
                throw new CacheException(file + ": truncated .npy header");
            }
            hlen = Integer.toUnsignedLong(pre.getInt(8));
            start = 12;
        } else {
            throw new CacheException(file + ": unsupported .npy format version " + major);
        }
        if (start + hlen > size) {
            throw new CacheException(file + ": truncated .npy header (it declares " + hlen + " bytes, the file holds "
                    + Math.max(0, size - start) + ")");
        }
        if (hlen > 1 << 20) {
            throw new CacheException(file + ": the .npy header declares " + hlen + " bytes; a NumPy header is a few hundred");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) hlen);
        readFully(ch, hb, start, file);
        String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new CacheException(file + ": unreadable .npy header: " + header.trim());
        }
        if (o.group(1).equals("True")) {
            throw new CacheException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray(x)");
        }
        char kind = d.group(2).charAt(0);
        String descr = kind + d.group(3);
        Dtype dtype = d.group(3).length() > 2 ? null : Dtype.of(kind, Integer.parseInt(d.group(3)));
        if (dtype == null) {
            throw new CacheException(file + ": unsupported dtype '" + descr + "'; save as float32 ('<f4') or float64 for"
                    + " features, an integer type for labels");
        }
        if (d.group(1).equals(">") && dtype.size > 1) {
            throw new CacheException(file + ": big-endian arrays are not supported; save with x.astype('<" + descr + "')");
        }
        long[] shape = parseShape(file, s.group(1));
        long count = 1;
        long bytes;
        try {
            for (long x : shape) {
                count = Math.multiplyExact(count, x);
            }
            bytes = Math.multiplyExact(count, dtype.size);
        } catch (ArithmeticException e) {
            throw new CacheException(file + ": shape " + shapeText(shape) + " of " + descr
                    + " is larger than any file (its size in bytes overflows 64 bits); the header is corrupt");
        }
        long dataStart = start + hlen;
        if (size - dataStart < bytes) {
            throw new CacheException(file + ": truncated: shape " + shapeText(shape) + " of " + descr + " needs " + bytes
                    + " data bytes, the file holds " + (size - dataStart));
        }
        return new Header(file, dtype, shape, count, dataStart);
    }

    private static long[] parseShape(Path file, String text) {
        String[] dims = Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toArray(String[]::new);
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            String t = dims[i].endsWith("L") ? dims[i].substring(0, dims[i].length() - 1) : dims[i];
            try {
                shape[i] = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new CacheException(file + ": unreadable dimension '" + dims[i] + "' in the .npy shape (" + text.trim() + ")");
            }
            if (shape[i] < 0) {
                throw new CacheException(file + ": negative dimension " + shape[i] + " in the .npy shape (" + text.trim()
                        + "); the header is corrupt");
            }
        }
        return shape;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new CacheException(file + ": truncated (the file ended at byte " + p + " while reading)");
            }
            p += r;
        }
        buf.flip();
    }

    /** Loads a whole array (labels, a classifier, predictions): one line naming the file when it is too large for memory. */
    public static Array read(Path file) {
        try (FileChannel ch = open(file)) {
            Header h = header(file, ch);
            if (h.count() > MAX_ELEMENTS) {
                throw new CacheException(file + ": shape " + h.shapeText() + " has " + h.count() + " elements, too many to load"
                        + " into memory (at most " + MAX_ELEMENTS + ")");
            }
            double[] v = new double[(int) h.count()];
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(h.dtype().size, h.count() * h.dtype().size)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int per = buf.capacity() / h.dtype().size;
            for (int at = 0; at < v.length; at += per) {
                int n = Math.min(per, v.length - at);
                buf.clear().limit(n * h.dtype().size);
                readFully(ch, buf, h.dataOffset() + (long) at * h.dtype().size, file);
                for (int i = 0; i < n; i++) {
                    v[at + i] = h.dtype().get(buf, i);
                }
            }
            return new Array(h.shape(), v, h.integer());
        } catch (IOException e) {
            throw new CacheException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads rows {@code first .. first+rows-1} of a 2-D (or higher) array as float32, row-major, into {@code dst};
     * {@code buf} is a little-endian scratch buffer of at least rows·cols·itemsize bytes.
     */
    static void readRows(Header h, FileChannel ch, long first, int rows, ByteBuffer buf, float[] dst) throws IOException {
        int n = Math.toIntExact(rows * h.cols());
        int size = h.dtype().size;
        buf.clear().limit(n * size);
        readFully(ch, buf, h.dataOffset() + first * h.cols() * size, h.file());
        if (h.dtype() == Dtype.F4) {
            buf.asFloatBuffer().get(dst, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[i] = (float) h.dtype().get(buf, i);
        }
    }

    /** Rows of {@code h} read per block when streaming: about 4 MB, at least one. */
    static int blockRows(Header h) {
        long rowBytes = Math.max(1, h.cols() * h.dtype().size);
        return (int) Math.max(1, CHUNK / rowBytes);
    }

    /** Writes a float32 array of the given shape (format 1.0). */
    public static void writeFloat32(OutputStream out, float[] values, long... shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : values) {
            data.putFloat(f);
        }
        write(out, "<f4", shape, data.array());
    }

    /** Writes an int32 array of the given shape (format 1.0). */
    public static void writeInt32(OutputStream out, int[] values, long... shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        write(out, "<i4", shape, data.array());
    }

    /** Writes the header of an array of {@code descr} (e.g. {@code <f4}) and the given shape (format 1.0); the data follows. */
    public static void writeHeader(OutputStream out, String descr, long... shape) throws IOException {
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + (shape.length == 0 ? "()" : shapeText(shape)) + ", }";
        int total = 10 + h.length() + 1;
        int pad = (64 - total % 64) % 64;
        h = h + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(new byte[] {1, 0});
        out.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) h.length()).array());
        out.write(h.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void write(OutputStream out, String descr, long[] shape, byte[] data) throws IOException {
        writeHeader(out, descr, shape);
        out.write(data);
    }
}
