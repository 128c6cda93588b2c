package ncdesign.core.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import ncdesign.api.error.DataException;
import ncdesign.io.AtomicFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A checkpoint file: every variable of the model (weights, running statistics, optimiser momentum) plus metadata
 * (step, epoch, seed, loss, backbone, K, d). Layout: magic {@code NCDCKPT1}, a YAML header (length-prefixed), the
 * float32 little-endian values of each variable in header order, and a CRC-32 of everything before it. Written to
 * a temporary name and renamed, so a reader never sees a half-written checkpoint.
 *
 * @param meta      provenance and position (step, epoch, ...)
 * @param variables name → values, in a stable order
 * @param shapes    name → shape
 */
public record Checkpoint(Map<String, Object> meta, Map<String, float[]> variables, Map<String, long[]> shapes) {
    private static final byte[] MAGIC = "NCDCKPT1".getBytes(StandardCharsets.US_ASCII);

    void write(Path file) throws IOException {
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("meta", meta);
        Map<String, Object> vs = new LinkedHashMap<>();
        shapes.forEach((n, s) -> vs.put(n, java.util.Arrays.stream(s).boxed().toList()));
        header.put("variables", vs);
        headerBytes.write(new Yaml().dump(header).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeStream(file, raw -> {
            CRC32 crc = new CRC32();
            // not closed here: AtomicFiles forces and closes the file after the body
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(new CrcStream(raw, crc), 1 << 16));
            out.write(MAGIC);
            out.writeInt(headerBytes.size());
            out.write(headerBytes.toByteArray());
            for (Map.Entry<String, float[]> e : variables.entrySet()) {
                float[] v = e.getValue();
                ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(v);
                out.write(bb.array());
            }
            out.flush();
            raw.write(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
        });
    }

    @SuppressWarnings("unchecked")
    public static Checkpoint read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException("checkpoint not found: " + file);
        } catch (IOException e) {
            throw new DataException("cannot read checkpoint " + file + ": " + e.getMessage());
        }
        String bad = "checkpoint " + file + " is corrupt";
        if (all.length < MAGIC.length + 12 || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DataException(bad + " (not an ncdesign checkpoint or truncated); delete it to restart from an earlier one");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new DataException(bad + " (checksum mismatch: truncated or modified)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, MAGIC.length, all.length - 8 - MAGIC.length))) {
            int hlen = in.readInt();
            byte[] h = in.readNBytes(hlen);
            Map<String, Object> header = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(h, StandardCharsets.UTF_8));
            Map<String, Object> meta = (Map<String, Object>) header.get("meta");
            Map<String, List<Number>> vs = (Map<String, List<Number>>) header.get("variables");
            Map<String, float[]> vars = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, List<Number>> e : vs.entrySet()) {
                long[] shape = e.getValue().stream().mapToLong(Number::longValue).toArray();
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                byte[] data = in.readNBytes(Math.toIntExact(n * 4));
                if (data.length != n * 4) {
                    throw new EOFException();
                }
                float[] f = new float[(int) n];
                ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                vars.put(e.getKey(), f);
                shapes.put(e.getKey(), shape);
            }
            return new Checkpoint(meta, vars, shapes);
        } catch (IOException | RuntimeException e) {
            throw new DataException(bad + " (" + e.getClass().getSimpleName() + "); delete it to restart from an earlier one");
        }
    }

    /** Counts bytes into a CRC while writing. */
    private static final class CrcStream extends java.io.FilterOutputStream {
        private final CRC32 crc;

        CrcStream(OutputStream out, CRC32 crc) {
            super(out);
            this.crc = crc;
        }

        @Override
        public void write(int b) throws IOException {
            crc.update(b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            out.write(b, off, len);
        }
    }
}
