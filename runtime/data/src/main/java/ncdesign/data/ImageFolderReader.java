package ncdesign.data;

import java.awt.image.BufferedImage;
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
 * must have the size of the first one (or is resized to {@code size} when given); greyscale folders stay one
 * channel, anything else is read as RGB.
 */
final class ImageFolderReader {
    private ImageFolderReader() {
    }

    static Dataset read(String name, Path root, int size) {
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
                BufferedImage img;
                try {
                    img = ImageIO.read(f.toFile());
                } catch (IOException | RuntimeException e) {
                    throw new DataException(f, "unreadable image (" + e.getMessage() + ")");
                }
                if (img == null) {
                    throw new DataException(f, "unreadable image (not a PNG/JPEG ImageIO can decode)");
                }
                images.add(img);
                labels.add(c);
            }
        }
        BufferedImage first = images.get(0);
        int h = size > 0 ? size : first.getHeight();
        int w = size > 0 ? size : first.getWidth();
        boolean grey = images.stream().allMatch(i -> i.getType() == BufferedImage.TYPE_BYTE_GRAY);
        int ch = grey ? 1 : 3;
        byte[] data = new byte[Math.toIntExact((long) images.size() * h * w * ch)];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            if (img.getWidth() != w || img.getHeight() != h) {
                if (size <= 0) {
                    throw new DataException(root, "image " + (i + 1) + " is " + img.getWidth() + "x" + img.getHeight()
                            + " but the first is " + w + "x" + h + "; pass an image size to resize");
                }
                BufferedImage r = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
                var g = r.createGraphics();
                g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(img, 0, 0, w, h, null);
                g.dispose();
                img = r;
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
}
