package ncdesign.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import ncdesign.api.error.DataException;

/**
 * Reads an image folder: {@code root/<class>/*.png|jpg|jpeg}, classes in sorted folder-name order. Every image
 * must have the size of the first one; greyscale folders stay one channel, anything else is read as RGB. A file that
 * is truncated or corrupt (see {@link ImageIntegrity}) or that ImageIO cannot decode is refused by name.
 */
final class ImageFolderReader {
    private ImageFolderReader() {
    }

    static Dataset read(String name, Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root, "not a folder; an image folder holds one sub-folder of PNG/JPEG files per class");
        }
        List<Path> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException(root, "cannot list: " + e.getMessage());
        }
        if (classes.isEmpty()) {
            throw new DataException(root, "has no class sub-folders");
        }
        List<String> names = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path dir = classes.get(c);
            names.add(dir.getFileName().toString());
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)")).sorted().toList();
            } catch (IOException e) {
                throw new DataException(dir, "cannot list: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new DataException(dir, "class '" + dir.getFileName() + "' has no PNG/JPEG images");
            }
            for (Path f : files) {
                images.add(decode(f));
                paths.add(f);
                labels.add(c);
            }
        }
        BufferedImage first = images.get(0);
        int h = first.getHeight();
        int w = first.getWidth();
        boolean grey = images.stream().allMatch(i -> i.getType() == BufferedImage.TYPE_BYTE_GRAY);
        int ch = grey ? 1 : 3;
        byte[] data = new byte[Math.toIntExact((long) images.size() * h * w * ch)];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            if (img.getWidth() != w || img.getHeight() != h) {
                throw new DataException(paths.get(i), "is " + img.getWidth() + "x" + img.getHeight() + " (width x height) but "
                        + paths.get(0) + " is " + w + "x" + h + "; every image of a folder dataset must have one size: resize this one"
                        + " (or all of them) to a common size first");
            }
            int off = i * h * w * ch;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    int p = off + (y * w + x) * ch;
                    if (grey) {
                        data[p] = (byte) (rgb & 0xff);
                    } else {
                        data[p] = (byte) (rgb >> 16);
                        data[p + 1] = (byte) (rgb >> 8);
                        data[p + 2] = (byte) rgb;
                    }
                }
            }
        }
        return new Dataset(name, data, labels.stream().mapToInt(Integer::intValue).toArray(), names, h, w, ch);
    }

    /** Decodes one image, refusing a truncated or corrupt file (which ImageIO would decode in part) by name. */
    private static BufferedImage decode(Path f) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw new DataException(f, "cannot read: " + e.getMessage());
        }
        String problem = ImageIntegrity.problem(bytes);
        if (problem != null) {
            throw new DataException(f, problem + "; replace or remove the file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new DataException(f, "unreadable image (" + e.getMessage() + ")");
        }
        if (img == null) {
            throw new DataException(f, "unreadable image (not a PNG/JPEG ImageIO can decode)");
        }
        return img;
    }
}
