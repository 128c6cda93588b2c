package ncdesign.experiments.reproduce;

import ncdesign.api.error.ConfigException;
import ncdesign.experiments.table.PaperTables;
import ncdesign.experiments.table.ReportTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.core.config.TrainConfig;
import org.junit.jupiter.api.Test;

/** The suite plans, the transcribed paper numbers and the table arithmetic of {@code ncd reproduce}. */
class ReproduceTablesTest {
    @Test
    void everyScalePlansEveryTableWithValidCells() {
        for (Scale scale : Scale.values()) {
            Suite s = Suite.of(scale);
            assertThat(s.entries.keySet()).as(scale.name()).containsExactlyElementsOf(Suite.IDS);
            for (Suite.Entry e : s.entries.values()) {
                assertThat(e.notRun() == null).as(scale + "/" + e.id() + " runs or says why not").isEqualTo(!e.cells().isEmpty());
                for (String c : e.cells()) {
                    Cell cell = s.cells.get(c);
                    assertThat(cell).as(scale + "/" + e.id() + " names an unknown cell " + c).isNotNull();
                    // every cell resolves as ncd train options (unknown keys or bad values would throw)
                    Map<String, Object> o = new LinkedHashMap<>(cell.options());
                    TrainConfig cfg = TrainConfig.resolve(null, o, cell.lossParams(), cell.backboneParams()).withEvaluatorParams(cell.evaluatorParams());
                    assertThat(cfg.loss()).isEqualTo(cell.loss());
                }
            }
        }
        assertThat(Suite.of(Scale.THEORY).entries.get("theorem").cells()).hasSize(5);
        assertThat(Suite.of(Scale.TINY).entries.get("table1").cells()).hasSize(10);
        assertThat(Suite.of(Scale.TINY).entries.get("table6").cells()).hasSize(15);
        assertThat(Suite.of(Scale.PAPER).entries.get("table13").cells()).hasSize(4 * 5);
        assertThat(Suite.of(Scale.PAPER).cells.get("c10-nonl").options()).containsEntry("epochs", 1000).containsEntry("batch", 512);
        // Tables 4 and 5 train nothing: they read the encoders of Table 1 (all for transfer, the CIFAR-10 ones for CIFAR-10-C)
        for (Scale scale : List.of(Scale.TINY, Scale.SMALL, Scale.PAPER)) {
            Suite s = Suite.of(scale);
            assertThat(s.entries.get("table4").cells()).isEqualTo(s.entries.get("table1").cells());
            assertThat(s.entries.get("table5").cells()).hasSize(5).allMatch(c -> s.cells.get(c).dataset().equals("cifar10"));
        }
        assertThat(Suite.of(Scale.THEORY).entries.get("table5").notRun()).contains("no image encoder");
        assertThat(Suite.of(Scale.TINY).robustnessLimit).isEqualTo(1000);
        assertThat(Suite.of(Scale.PAPER).robustnessLimit).isZero();
        assertThat(Downstream.transferTarget("fashion-mnist")).isEqualTo("mnist");
        assertThat(Downstream.transferTarget("cifar100")).isEqualTo("cifar10");
        assertThat(Downstream.transferTarget("synthetic")).isNull();
        assertThat(PaperTables.get("table4", "NONL", "mean")).isEqualTo(70.7);
        assertThat(PaperTables.get("table5", "NTCE", "mce")).isEqualTo(77.6);
        assertThat(PaperTables.get("table5", "CE", "jpeg")).isEqualTo(80);
        assertThatThrownBy(() -> Scale.parse("huge")).isInstanceOf(ConfigException.class).hasMessageContaining("theory, tiny, small or paper");
    }

    @Test
    void paperNumbersAreTranscribedCompletely() {
        // spot checks against the paper's tables, and completeness of each transcribed table
        assertThat(PaperTables.get("table1", "NONL", "cifar10")).isEqualTo(94.9);
        assertThat(PaperTables.get("table1", "CE", "cifar100")).isEqualTo(72.1);
        assertThat(PaperTables.get("table3", "NONL", "erank-intra@cifar10")).isEqualTo(4.0);
        assertThat(PaperTables.get("table3", "SCL+FP", "align-weight-class@cifar100")).isEqualTo(0.0);
        assertThat(PaperTables.get("table6", "NTCE", "cifar10@0.01")).isEqualTo(77.3);
        assertThat(PaperTables.get("table7", "NONL", "II:erank-inter")).isEqualTo(6.0);
        assertThat(PaperTables.get("table9-10", "NONL", "cifar10@0.2")).isEqualTo(94.9);
        assertThat(PaperTables.get("table13", "NONL", "cifar100-std")).isEqualTo(0.28);
        assertThat(PaperTables.get("table14", "cached LP", "cifar10")).isEqualTo(94.4);
        assertThat(PaperTables.get("table1", "NONL", "imagenet")).isNaN();
        for (String m : List.of("CE", "ETF+DR", "NormFace", "NTCE", "NONL")) {
            for (String ds : List.of("cifar10", "cifar100")) {
                assertThat(PaperTables.get("table1", m, ds)).as(m + " " + ds).isBetween(70.0, 96.0);
                for (String[] k : Tables.TABLE3) {
                    assertThat(PaperTables.get("table3", m, k[0] + "@" + ds)).as(m + " " + k[0]).isNotNaN();
                }
            }
        }
        assertThat(PaperTables.method("etf-dr")).isEqualTo("ETF+DR");
    }

    /** Results over hand-made summaries. */
    private static Tables.Results fake(Map<String, Map<String, Object>> summaries) {
        return new Tables.Results() {
            @Override
            public Map<String, Object> summary(String cell) {
                return summaries.get(cell);
            }

            @Override
            public String skipped(String cell) {
                return summaries.containsKey(cell) ? null : "dataset 'cifar10' not found";
            }

            @Override
            public Path dir(String cell) {
                return Path.of("/nonexistent", cell);
            }
        };
    }

    private static Map<String, Object> summary(double acc, Map<String, Object> metrics) {
        Map<String, Object> s = new HashMap<>();
        s.put("test_accuracy", acc);
        s.put("metrics", metrics);
        return s;
    }

    @Test
    void seedTableIsMeanAndSampleStdAndMissingCellsAreNamed() {
        Suite s = Suite.of(Scale.TINY);
        Suite.Entry e = s.entries.get("table13");
        Map<String, Map<String, Object>> sums = new HashMap<>();
        double[] nonl = {0.80, 0.82, 0.87};
        for (int i = 0; i < 3; i++) {
            sums.put("fmseed-nonl-s" + (i + 1), summary(nonl[i], Map.of()));
        }
        ReportTable t = Tables.table13(s, e, fake(sums));
        double mean = (80 + 82 + 87) / 3.0;
        double sd = Math.sqrt(((80 - mean) * (80 - mean) + (82 - mean) * (82 - mean) + (87 - mean) * (87 - mean)) / 2);
        List<String> row = t.rows.stream().filter(r -> r.get(0).equals("NONL")).findFirst().orElseThrow();
        assertThat(row.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f ± %.2f", mean, sd));
        assertThat(row.get(2)).isEqualTo("94.84 ± 0.15");
        assertThat(t.rows.stream().filter(r -> r.get(0).equals("CE")).findFirst().orElseThrow().get(1)).isEqualTo("–");
        assertThat(t.notes).anyMatch(n -> n.startsWith("not run (9 cells") && n.contains("not found"));
        assertThat(t.csv().lines().count()).isEqualTo(5);
    }

    @Test
    void theoremVerdictNeedsEveryCollapseMetricAtNinetyFivePercent() {
        Suite s = Suite.of(Scale.THEORY);
        Map<String, Object> collapsed = new HashMap<>();
        Map<String, Object> almost = new HashMap<>();
        for (String m : Tables.THEOREM) {
            collapsed.put(m, Map.of("value", 0.001, "optimum", 0.0, "percent_of_optimum", 99.0));
            almost.put(m, Map.of("value", 0.001, "optimum", 0.0, "percent_of_optimum", 99.0));
        }
        almost.put("align-weight-class", Map.of("value", 0.06, "optimum", 0.0, "percent_of_optimum", 94.9));
        Map<String, Map<String, Object>> sums = Map.of("theory-nonl", summary(1.0, collapsed), "theory-ntce", summary(1.0, almost));
        ReportTable t = Tables.theorem(s, s.entries.get("theorem"), fake(sums));
        assertThat(t.rows).hasSize(2);
        int verdict = t.header.indexOf("NC1–NC3 ≥ 95%");
        assertThat(t.rows.get(0).get(0)).isEqualTo("NTCE");
        assertThat(t.rows.get(0).get(verdict)).isEqualTo("no");
        assertThat(t.rows.get(1).get(verdict)).isEqualTo("yes");
        assertThat(t.markdown()).contains("| NONL |").contains("predicts NC");
        assertThat(ReportTable.delta(80.5, 94.9, 2)).isEqualTo("-14.40");
        assertThat(ReportTable.delta(Double.NaN, 94.9, 2)).isEqualTo("–");
        assertThat(Reproduce.duration(7200)).isEqualTo("2.0 h");
    }
}
