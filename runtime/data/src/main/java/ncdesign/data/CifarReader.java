package ncdesign.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ncdesign.api.error.DataException;

/**
 * Reads the official binary versions of CIFAR-10 (records of 1 label byte + 3072 pixel bytes) and CIFAR-100
 * (coarse label, fine label, 3072 pixel bytes; the fine label is used). Pixels are stored as three 32×32 planes
 * (R, G, B) and converted to NHWC.
 */
final class CifarReader {
    private static final int PIXELS = 32 * 32;

    private CifarReader() {
    }

    /**
     * Reads and concatenates record files.
     *
     * @param labelBytes 1 for CIFAR-10, 2 for CIFAR-100
     * @param labelIndex which label byte to use (0, or 1 for CIFAR-100's fine label)
     * @param numClasses labels must be below this
     */
    static Dataset read(String name, List<Path> files, int labelBytes, int labelIndex, int numClasses, List<String> classNames) {
        int record = labelBytes + 3 * PIXELS;
        List<byte[]> contents = new ArrayList<>();
        long n = 0;
        for (Path f : files) {
            byte[] all;
            try {
                all = Files.readAllBytes(f);
            } catch (NoSuchFileException e) {
                throw new DataException(f, "not found");
            } catch (IOException e) {
                throw new DataException(f, "cannot read: " + e.getMessage());
            }
            if (all.length == 0 || all.length % record != 0) {
                throw new DataException(f, "truncated or corrupt: size " + all.length + " is not a positive multiple of the "
                        + record + "-byte record; download the file again");
            }
            contents.add(all);
            n += all.length / record;
        }
        byte[] images = new byte[Math.toIntExact(n * 3 * PIXELS)];
        int[] labels = new int[(int) n];
        int i = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            byte[] all = contents.get(fi);
            int count = all.length / record;
            for (int r = 0; r < count; r++, i++) {
                int base = r * record;
                int y = all[base + labelIndex] & 0xff;
                if (y >= numClasses) {
                    throw new DataException(files.get(fi), "label " + y + " of record " + r + " is outside 0.." + (numClasses - 1)
                            + " (corrupt file)");
                }
                labels[i] = y;
                int px = base + labelBytes;
                int out = i * 3 * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    images[out + 3 * p] = all[px + p];
                    images[out + 3 * p + 1] = all[px + PIXELS + p];
                    images[out + 3 * p + 2] = all[px + 2 * PIXELS + p];
                }
            }
        }
        return new Dataset(name, images, labels, classNames, 32, 32, 3);
    }

    /** Class names from a text file, one per line, blank lines ignored; {@code fallback} when absent. */
    static List<String> names(Path file, List<String> fallback) {
        if (!Files.isRegularFile(file)) {
            return fallback;
        }
        try {
            List<String> n = Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            return n.size() == fallback.size() ? n : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }
}
