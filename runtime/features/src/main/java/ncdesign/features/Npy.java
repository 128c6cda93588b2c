package ncdesign.features;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} arrays (format 1.0–3.0, C order, little-endian {@code f4 f8 i4 i8 u1 u2 i2}).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-z])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

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

    public static Array read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CacheException(file + ": not found");
        } catch (IOException e) {
            throw new CacheException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (all.length < 10 || !java.util.Arrays.equals(all, 0, 6, MAGIC, 0, 6)) {
            throw new CacheException(file + ": not a NumPy .npy file (bad magic)");
        }
        int major = all[6];
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int hlen;
        int start;
        if (major == 1) {
            hlen = Short.toUnsignedInt(bb.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (all.length < 12) {
                throw new CacheException(file + ": truncated .npy header");
            }
            hlen = bb.getInt(8);
            start = 12;
        } else {
            throw new CacheException(file + ": unsupported .npy format version " + major);
        }
        if (hlen < 0 || start + hlen > all.length) {
            throw new CacheException(file + ": truncated .npy header");
        }
        String header = new String(all, start, hlen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new CacheException(file + ": unreadable .npy header: " + header.trim());
        }
        if (o.group(1).equals("True")) {
            throw new CacheException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray(x)");
        }
        String endian = d.group(1);
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        if (endian.equals(">")) {
            throw new CacheException(file + ": big-endian arrays are not supported; save with x.astype('<" + kind + size + "')");
        }
        String[] dims = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long x : shape) {
            count *= x;
        }
        int dataStart = start + hlen;
        if ((long) all.length - dataStart < count * size) {
            throw new CacheException(file + ": truncated: shape " + java.util.Arrays.toString(shape) + " needs " + count * size
                    + " data bytes, the file holds " + (all.length - dataStart));
        }
        double[] v = new double[Math.toIntExact(count)];
        bb.position(dataStart);
        boolean integer = kind == 'i' || kind == 'u';
        for (int i = 0; i < v.length; i++) {
            int p = dataStart + i * size;
            v[i] = switch (kind + Integer.toString(size)) {
                case "f4" -> bb.getFloat(p);
                case "f8" -> bb.getDouble(p);
                case "i1" -> all[p];
                case "u1" -> all[p] & 0xff;
                case "i2" -> bb.getShort(p);
                case "u2" -> Short.toUnsignedInt(bb.getShort(p));
                case "i4" -> bb.getInt(p);
                case "u4" -> Integer.toUnsignedLong(bb.getInt(p));
                case "i8" -> bb.getLong(p);
                default -> throw new CacheException(file + ": unsupported dtype '" + kind + size + "'");
            };
        }
        return new Array(shape, v, integer);
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

    private static void write(OutputStream out, String descr, long[] shape, byte[] data) throws IOException {
        StringBuilder sh = new StringBuilder("(");
        for (long d : shape) {
            sh.append(d).append(", ");
        }
        if (shape.length > 1) {
            sh.setLength(sh.length() - 2);
        } else if (shape.length == 1) {
            sh.setLength(sh.length() - 1);
        }
        sh.append(')');
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int total = 10 + h.length() + 1;
        int pad = (64 - total % 64) % 64;
        h = h + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(new byte[] {1, 0});
        out.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) h.length()).array());
        out.write(h.getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
    }
}
