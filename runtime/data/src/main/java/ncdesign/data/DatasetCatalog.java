package ncdesign.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.Split;

/**
 * Finds and reads the supported datasets. Lookup order for the data folder: the explicit {@code --data-dir},
 * then {@code $NCD_DATA}, then Debian's {@code /usr/share/datasets/<name>}. Inside a folder both the files
 * themselves and a sub-folder named after the dataset (or the official archive folder) are accepted.
 */
public final class DatasetCatalog {
    /** Where Debian's dataset packages install (e.g. dataset-fashion-mnist). */
    static final Path DEBIAN = Path.of("/usr/share/datasets");

    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> CIFAR10 = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private DatasetCatalog() {
    }

    /** Names {@code ncd train --dataset} accepts. */
    public static List<String> names() {
        return List.of("fashion-mnist", "mnist", "cifar10", "cifar100", "folder:PATH", "synthetic");
    }

    /**
     * Per-channel mean and std used to normalise images of a dataset (the values the reference implementations
     * use; for image folders 0.5/0.5).
     */
    public static float[][] normalisation(String name, int channels) {
        return switch (name) {
            case "cifar10" -> new float[][] {{0.4914f, 0.4822f, 0.4465f}, {0.2470f, 0.2435f, 0.2616f}};
            case "cifar100" -> new float[][] {{0.5071f, 0.4865f, 0.4409f}, {0.2673f, 0.2564f, 0.2762f}};
            case "fashion-mnist" -> new float[][] {{0.2860f}, {0.3530f}};
            case "mnist" -> new float[][] {{0.1307f}, {0.3081f}};
            default -> {
                float[] m = new float[channels];
                float[] s = new float[channels];
                java.util.Arrays.fill(m, 0.5f);
                java.util.Arrays.fill(s, 0.5f);
                yield new float[][] {m, s};
            }
        };
    }

    /** Loads a split of a dataset. */
    /**
     * Why {@code name} cannot be loaded from {@code dataDir} (the error loading would give), or empty when its files
     * are there; reads no image data.
     */
    public static Optional<String> missing(String name, Path dataDir) {
        try {
            if (name.startsWith("folder:")) {
                Path root = Path.of(name.substring("folder:".length()));
                return Files.isDirectory(root.resolve(Split.TRAIN.label())) ? Optional.empty()
                        : Optional.of("image folder " + root + " has no '" + Split.TRAIN.label() + "/' sub-folder");
            }
            switch (name) {
                case "synthetic" -> {
                }
                case "fashion-mnist", "mnist" -> find(name, dataDir, List.of(name, name.replace("-", "_"), name.replace("-", "")), "train-images-idx3-ubyte");
                case "cifar10" -> find(name, dataDir, List.of("cifar-10-batches-bin", "cifar10", "cifar-10"), "data_batch_1.bin");
                case "cifar100" -> find(name, dataDir, List.of("cifar-100-binary", "cifar100", "cifar-100"), "train.bin");
                default -> {
                    return Optional.of("unknown dataset '" + name + "'; known: " + String.join(", ", names()));
                }
            }
            return Optional.empty();
        } catch (DataException e) {
            return Optional.of(e.getMessage());
        }
    }

    public static Dataset load(String name, Split split, Path dataDir) {
        if (name.startsWith("folder:")) {
            Path root = Path.of(name.substring("folder:".length()));
            Path sub = root.resolve(split.label());
            if (!Files.isDirectory(sub)) {
                throw new DataException(root, "an image-folder dataset needs '" + split.label() + "/' with one sub-folder per class");
            }
            return ImageFolderReader.read(name, sub);
        }
        return switch (name) {
            case "synthetic" -> synthetic(split);
            case "fashion-mnist", "mnist" -> idx(name, split, dataDir);
            case "cifar10" -> {
                Path dir = find(name, dataDir, List.of("cifar-10-batches-bin", "cifar10", "cifar-10"), "data_batch_1.bin");
                List<Path> files = split == Split.TRAIN
                        ? IntStream.rangeClosed(1, 5).mapToObj(i -> dir.resolve("data_batch_" + i + ".bin")).toList()
                        : List.of(dir.resolve("test_batch.bin"));
                yield CifarReader.read(name, files, 1, 0, 10, CifarReader.names(dir.resolve("batches.meta.txt"), CIFAR10));
            }
            case "cifar100" -> {
                Path dir = find(name, dataDir, List.of("cifar-100-binary", "cifar100", "cifar-100"), "train.bin");
                List<String> fallback = IntStream.range(0, 100).mapToObj(i -> "class" + i).toList();
                yield CifarReader.read(name, List.of(dir.resolve(split == Split.TRAIN ? "train.bin" : "test.bin")), 2, 1, 100,
                        CifarReader.names(dir.resolve("fine_label_names.txt"), fallback));
            }
            default -> throw new DataException("unknown dataset '" + name + "'; known: " + String.join(", ", names()));
        };
    }

    /**
     * Random 32×32×3 images in 10 classes (2,048 train / 512 test), seeded: for benchmarks and smoke tests that
     * should not depend on a download. Each class has its own mean colour, so it is learnable.
     */
    private static Dataset synthetic(Split split) {
        int n = split == Split.TRAIN ? 2048 : 512;
        java.util.SplittableRandom r = new java.util.SplittableRandom(split == Split.TRAIN ? 1 : 2);
        byte[] img = new byte[n * 32 * 32 * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int p = 0; p < 32 * 32 * 3; p++) {
                int base = 40 + 18 * ((y[i] + p % 3 * 3) % 10);
                img[i * 32 * 32 * 3 + p] = (byte) Math.min(255, Math.max(0, base + r.nextInt(-40, 41)));
            }
        }
        return new Dataset("synthetic", img, y, CIFAR10, 32, 32, 3);
    }

    private static Dataset idx(String name, Split split, Path dataDir) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path dir = find(name, dataDir, List.of(name, name.replace("-", "_"), name.replace("-", "")), prefix + "-images-idx3-ubyte");
        Path imgFile = pick(dir, prefix + "-images-idx3-ubyte");
        Path lblFile = pick(dir, prefix + "-labels-idx1-ubyte");
        int[] dims = new int[3];
        byte[] images = IdxReader.readImages(imgFile, dims);
        byte[] labels = IdxReader.readLabels(lblFile);
        if (labels.length != dims[0]) {
            throw new DataException(lblFile, "holds " + labels.length + " labels but " + imgFile.getFileName() + " holds " + dims[0] + " images");
        }
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i] & 0xff;
            if (y[i] > 9) {
                throw new DataException(lblFile, "label " + y[i] + " of item " + i + " is outside 0..9 (corrupt file)");
            }
        }
        List<String> classes = name.equals("mnist") ? IntStream.range(0, 10).mapToObj(Integer::toString).toList() : FASHION;
        return new Dataset(name, images, y, classes, dims[1], dims[2], 1);
    }

    private static Path pick(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        return Files.exists(gz) ? gz : dir.resolve(base);
    }

    /** The first candidate folder that holds {@code marker} (raw or .gz); otherwise an error listing where it looked. */
    private static Path find(String name, Path dataDir, List<String> subdirs, String marker) {
        Set<Path> bases = new LinkedHashSet<>();
        if (dataDir != null) {
            bases.add(dataDir);
        }
        String env = System.getenv("NCD_DATA");
        if (env != null && !env.isBlank()) {
            bases.add(Path.of(env));
        }
        bases.add(DEBIAN);
        List<Path> tried = new ArrayList<>();
        for (Path base : bases) {
            List<Path> candidates = new ArrayList<>();
            candidates.add(base);
            for (String s : subdirs) {
                candidates.add(base.resolve(s));
            }
            for (Path c : candidates) {
                tried.add(c);
                if (Files.exists(c.resolve(marker)) || Files.exists(c.resolve(marker + ".gz"))) {
                    return c;
                }
            }
        }
        throw new DataException("dataset '" + name + "' not found (looked for " + marker + " in " + tried + "); " + howToGet(name));
    }

    private static String howToGet(String name) {
        return switch (name) {
            case "fashion-mnist" -> "install it with 'apt-get install -y dataset-fashion-mnist' (as root; through sudo otherwise)"
                    + " or pass --data-dir with the IDX files";
            case "mnist" -> "put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-*.gz in a folder and pass --data-dir";
            case "cifar10" -> "download the binary version (cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html,"
                    + " unpack it and pass --data-dir (or set NCD_DATA)";
            case "cifar100" -> "download the binary version (cifar-100-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html,"
                    + " unpack it and pass --data-dir (or set NCD_DATA)";
            default -> "pass --data-dir";
        };
    }
}
