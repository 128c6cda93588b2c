package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ncd robustness} on tiny trained runs (a classifier loss, a normalised one, and SCL scored by its saved fixed
 * prototypes), {@code ncd corrupt}'s PNGs and contact sheet, and {@code ncd longtail-table} on the same runs.
 */
class RobustnessTest {
    @TempDir
    Path work;

    private void train(String loss, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param",
                "widths=64", "--loss", loss, "--epochs", "1", "--batch", "64", "--metrics", "none", "--nc-every", "0",
                "--out", "runs", "--name", loss));
        args.addAll(List.of(extra));
        Ncd.Run r = Cli.run(work, 300, args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void tableInTable5LayoutFilesAndClearErrors() throws Exception {
        train("ce");
        train("nonl");
        train("scl", "--evaluators", "fixed-prototypes");
        Ncd.Run r = Cli.run(work, 300, "robustness", "--runs", "runs/ce,runs/nonl", "--runs", "runs/scl", "--baseline", "runs/ce",
                "--corruptions", "contrast,fog,gauss,brightness", "--limit", "40", "--out", "rob");
        assertThat(r.exit()).as(r.err()).isZero();
        // progress: one line per corruption, in the paper's order whatever the order of the list
        assertThat(r.err()).containsPattern("\\[ ?1/4\\] gaussian_noise").containsPattern("\\[ ?4/4\\] contrast").contains("clean");
        List<String> lines = r.out().lines().toList();
        int h = lines.indexOf(lines.stream().filter(l -> l.startsWith("method")).findFirst().orElseThrow());
        // Table 5's layout: method, error, mCE, then the corruptions in the paper's column order
        assertThat(lines.get(h).trim().split("\\s+")).containsExactly("method", "error", "mCE", "gauss", "fog", "bright", "contrast");
        for (int i = 1; i <= 3; i++) {
            String[] cells = lines.get(h + i).trim().split("\\s+");
            assertThat(cells).as(lines.get(h + i)).hasSize(7);
            for (int c = 1; c < 7; c++) {
                double v = Double.parseDouble(cells[c]);
                assertThat(v).isBetween(0.0, 100.0);
            }
        }
        assertThat(lines.get(h + 1)).startsWith("CE");
        assertThat(lines.get(h + 2)).startsWith("NONL");
        assertThat(lines.get(h + 3)).startsWith("scl");
        // the normalised table: the baseline's mCE is 100 by definition (its corruptions with errors normalise to 1)
        int n = lines.indexOf(lines.stream().filter(l -> l.startsWith("method")).skip(1).findFirst().orElseThrow());
        assertThat(n).isGreaterThan(h);
        String[] base = lines.get(n + 1).trim().split("\\s+");
        assertThat(base[0]).isEqualTo("CE");
        assertThat(base[2]).isIn("100.0", "–");
        assertThat(r.out()).contains("the classifier saved by fixed-prototypes");

        List<String> csv = Files.readAllLines(work.resolve("rob/robustness.csv"));
        assertThat(csv).hasSize(4);
        // run, method, loss, predictor, test_images, error, mce, mce_normalised + 4 corruptions x (mean, normalised, 5 severities)
        assertThat(csv.get(0).split(",")).hasSize(8 + 4 * 7);
        assertThat(csv.get(3)).contains("scl").contains("evaluator:fixed-prototypes").contains(",40,");
        String json = Files.readString(work.resolve("rob/robustness.json"));
        assertThat(json).contains("\"test_images\":40").contains("\"errors_by_severity\"").contains("\"predictor\":\"classifier\"");
        assertThat(Files.readString(work.resolve("rob/robustness.md"))).contains("| method | error | mCE | gauss | fog | bright | contrast |");
        try (var s = Files.list(work.resolve("rob"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("robustness.csv", "robustness.json", "robustness.md"); // no temporary files left
        }

        Ncd.Run bad = Cli.run(work, 120, "robustness", "--runs", "runs/ce", "--corruptions", "gauss,spatter", "--out", "rob2");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errorLine()).contains("unknown corruption 'spatter'");
        Ncd.Run notRun = Cli.run(work, 120, "robustness", "--runs", "runs", "--out", "rob2");
        assertThat(notRun.exit()).isEqualTo(2);
        assertThat(notRun.errorLine()).contains("not a trained run");
        Ncd.Run noFrost = Cli.run(work, 120, "robustness", "--runs", "runs/ce", "--corruptions", "frost", "--frost-dir", "nowhere",
                "--out", "rob2");
        assertThat(noFrost.exit()).isEqualTo(2);
        assertThat(noFrost.errorLine()).contains("frost needs the six frost images").contains("NCD_FROST");
        assertThat(work.resolve("rob2")).doesNotExist();

        // corrupted PNGs and the labelled contact sheet: 2 corruption rows x (clean + 2 severities)
        Ncd.Run g = Cli.run(work, 120, "corrupt", "--dataset", "synthetic", "--out", "gallery", "--images", "3",
                "--corruptions", "gauss,fog", "--severities", "1,5");
        assertThat(g.exit()).as(g.err()).isZero();
        try (var s = Files.list(work.resolve("gallery/fog/s5"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(3).allMatch(f -> f.matches("00[0-2]-\\w+\\.png"));
        }
        assertThat(work.resolve("gallery/clean/000-airplane.png")).isRegularFile();
        assertThat(work.resolve("gallery/gaussian_noise/s3")).doesNotExist();
        var sheet = ImageIO.read(work.resolve("gallery/contact-sheet.png").toFile());
        assertThat(sheet.getHeight()).isEqualTo(44 + 2 * (96 + 6) + 6);
        var clean = ImageIO.read(work.resolve("gallery/clean/000-airplane.png").toFile());
        assertThat(clean.getWidth()).isEqualTo(32);
        int[] a = clean.getRGB(0, 0, 32, 32, null, 0, 32);
        int[] b = ImageIO.read(work.resolve("gallery/fog/s5/000-airplane.png").toFile()).getRGB(0, 0, 32, 32, null, 0, 32);
        assertThat(Arrays.equals(a, b)).as("fog changes the image").isFalse();

        // the same runs in Table 6's layout: balanced synthetic runs, SCL has no classifier accuracy and is skipped
        Ncd.Run lt = Cli.run(work, 120, "longtail-table", "runs", "--out", "lt");
        assertThat(lt.exit()).as(lt.err()).isZero();
        assertThat(lt.out()).containsPattern("method\\s+synthetic balanced").containsPattern("CE\\s+\\d+\\.\\d\\d")
                .containsPattern("NONL\\s+\\d+\\.\\d\\d");
        assertThat(lt.err()).contains("scl skipped");
        assertThat(Files.readAllLines(work.resolve("lt/longtail.csv"))).hasSize(3);
    }
}
