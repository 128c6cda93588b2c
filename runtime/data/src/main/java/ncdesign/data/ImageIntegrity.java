package ncdesign.data;

import java.util.zip.CRC32;

/**
 * Structural checks of PNG and JPEG files before they are decoded. ImageIO decodes a truncated JPEG without an error
 * (the missing rows come out grey) and a PNG cut after its image data without a warning; a model would then train on
 * the damaged image. This walks the file's segments (JPEG) or chunks (PNG) and finds where it ends too early.
 */
final class ImageIntegrity {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageIntegrity() {
    }

    /**
     * What is wrong with the file's PNG or JPEG structure, or null when it is complete (or is neither format, which
     * the decoder then refuses).
     */
    static String problem(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return jpeg(b);
        }
        if (b.length >= PNG_SIGNATURE.length && java.util.Arrays.equals(b, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            return png(b);
        }
        return null;
    }

    /** Walks the marker segments and the entropy-coded scans up to the end-of-image marker (FF D9). */
    private static String jpeg(byte[] b) {
        String truncated = "truncated JPEG: the file (" + b.length + " bytes) ends before its end-of-image marker";
        int n = b.length;
        int i = 2;
        while (true) {
            if (i >= n) {
                return truncated;
            }
            if ((b[i] & 0xff) != 0xff) {
                return "corrupt JPEG: no marker at byte " + i;
            }
            while (i < n && (b[i] & 0xff) == 0xff) {
                i++; // fill bytes
            }
            if (i >= n) {
                return truncated;
            }
            int marker = b[i++] & 0xff;
            if (marker == 0xd9) {
                return null; // end of image; anything after it is ignored, as decoders do
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                continue; // markers without a length
            }
            if (i + 2 > n) {
                return truncated;
            }
            int len = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            if (len < 2) {
                return "corrupt JPEG: segment length " + len + " at byte " + i;
            }
            i += len;
            if (i > n) {
                return truncated;
            }
            if (marker == 0xda) {
                i = endOfScan(b, i);
                if (i < 0) {
                    return truncated;
                }
            }
        }
    }

    /** The index of the marker that ends the entropy-coded data starting at {@code i}, or -1 when the file ends first. */
    private static int endOfScan(byte[] b, int i) {
        int n = b.length;
        while (i + 1 < n) {
            if ((b[i] & 0xff) != 0xff) {
                i++;
                continue;
            }
            int next = b[i + 1] & 0xff;
            if (next == 0xff) {
                i++; // a fill byte before a marker
            } else if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) {
                i += 2; // a stuffed 0xFF data byte, or a restart marker inside the scan
            } else {
                return i;
            }
        }
        return -1;
    }

    /** Walks the chunks (length, type, data, CRC) up to IEND, checking that each fits in the file and its CRC. */
    private static String png(byte[] b) {
        int n = b.length;
        int i = PNG_SIGNATURE.length;
        while (true) {
            if (i + 8 > n) {
                return "truncated PNG: the file (" + n + " bytes) ends before its IEND chunk";
            }
            long len = ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (i + 12 + len > n) {
                return "truncated PNG: chunk " + printable(type) + " at byte " + i + " runs past the end of the file (" + n + " bytes)";
            }
            CRC32 crc = new CRC32();
            crc.update(b, i + 4, 4 + (int) len);
            int at = i + 8 + (int) len;
            long stored = ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
            if (crc.getValue() != stored) {
                return "corrupt PNG: chunk " + printable(type) + " at byte " + i + " fails its CRC check";
            }
            if (type.equals("IEND")) {
                return null;
            }
            i = at + 4;
        }
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? type : "?";
    }
}
