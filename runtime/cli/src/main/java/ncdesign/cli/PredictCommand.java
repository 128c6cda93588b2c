package ncdesign.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import ncdesign.api.error.DataException;
import ncdesign.inference.Classifier;
import ncdesign.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd predict --model DIR images…}: top-k classes of PNG/JPEG images with an exported model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify PNG/JPEG images (files or folders) with a model written by ncd export.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "an exported model folder")
    Path model;

    @Option(names = "--top", defaultValue = "3", description = "classes to show per image (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--json", description = "print one JSON object per image instead of a table")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files or folders of images")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)")).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        try (Classifier c = Classifier.load(model)) {
            for (Path f : files) {
                BufferedImage img;
                try {
                    img = ImageIO.read(f.toFile());
                } catch (IOException e) {
                    img = null;
                }
                if (img == null) {
                    throw new DataException(f + ": not a readable PNG/JPEG image");
                }
                Classifier.Prediction p = c.predict(img);
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("image", f.toString());
                    o.put("class", p.className());
                    o.put("index", p.classIndex());
                    List<Object> topk = new ArrayList<>();
                    for (Map.Entry<Integer, Float> e : p.top(top)) {
                        topk.add(Map.of("class", c.classNames().get(e.getKey()), "index", e.getKey(), "probability", (double) e.getValue(),
                                "cosine", (double) p.cosines()[e.getKey()]));
                    }
                    o.put("top", topk);
                    System.out.println(Json.write(o));
                } else {
                    StringBuilder sb = new StringBuilder(f.getFileName().toString());
                    for (Map.Entry<Integer, Float> e : p.top(top)) {
                        sb.append(String.format(Locale.ROOT, "  %s %.3f", c.classNames().get(e.getKey()), e.getValue()));
                    }
                    System.out.println(sb);
                }
            }
        }
        return 0;
    }
}
