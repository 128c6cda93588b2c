package ncdesign.experiments.reproduce;

import ncdesign.api.error.DataException;
import ncdesign.experiments.table.ReportTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ncd longtail-table}: runs grouped by loss × (dataset, ρ), seeds averaged, the paper's numbers where they exist. */
class LongTailTableTest {
    @TempDir
    Path dir;

    private Path run(String name, String loss, String dataset, Double rho, Double acc, double few) throws Exception {
        Path r = dir.resolve("runs").resolve(name);
        Files.createDirectories(r);
        Files.writeString(r.resolve("config.yaml"), "dataset: " + dataset + "\nloss: " + loss + "\n"
                + (rho == null ? "" : "long-tail: " + rho + "\n") + "epochs: 2\n");
        if (acc != null) {
            Files.writeString(r.resolve("summary.json"), "{\"test_accuracy\":" + acc + ",\"evaluations\":[{\"evaluator\":\"classifier\",\"accuracy\":"
                    + acc + "},{\"evaluator\":\"long-tail\",\"accuracy\":" + acc + ",\"many-shot-accuracy\":0.9,\"medium-shot-accuracy\":0.5,"
                    + "\"few-shot-accuracy\":" + few + "}]}");
        }
        return r;
    }

    @Test
    void groupsByLossDatasetAndRhoWithThePaperBeside() throws Exception {
        run("nonl-c10-001", "nonl", "cifar10", 0.01, 0.60, 0.2);
        run("ce-c10-01-s1", "ce", "cifar10", 0.1, 0.80, 0.3);
        run("ce-c10-01-s2", "ce", "cifar10", 0.1, 0.84, 0.5);
        run("nonl-c10-01", "nonl", "cifar10", 0.1, 0.85, 0.4);
        run("ce-fm-001", "ce", "fashion-mnist", 0.01, 0.70, 0.1);
        run("ce-c10-bal", "ce", "cifar10", null, 0.90, 0.9);
        run("unfinished", "ntce", "cifar10", 0.1, null, 0);
        ByteArrayOutputStream warn = new ByteArrayOutputStream();
        List<Path> runs = LongTailTable.expand(List.of(dir.resolve("runs")));
        assertThat(runs).hasSize(7);
        List<LongTailTable.Cell> cells = LongTailTable.group(runs, new PrintStream(warn, true, StandardCharsets.UTF_8));
        assertThat(warn.toString(StandardCharsets.UTF_8)).contains("unfinished skipped: no summary.json");

        // CE first (the paper's order), then NONL; within a loss CIFAR-10 before other datasets, ρ from balanced down
        assertThat(cells).extracting(c -> c.loss() + "/" + c.dataset() + "/" + c.rho()).containsExactly(
                "ce/cifar10/1.0", "ce/cifar10/0.1", "ce/fashion-mnist/0.01", "nonl/cifar10/0.1", "nonl/cifar10/0.01");
        LongTailTable.Cell ce01 = cells.get(1);
        assertThat(ce01.runs()).hasSize(2);
        assertThat(ce01.accuracy()).isCloseTo(0.82, within(1e-12));
        assertThat(ce01.std()).isCloseTo(Math.sqrt(0.0008), within(1e-12)); // two seeds 0.80, 0.84: sample std
        assertThat(ce01.few()).isCloseTo(0.4, within(1e-12));
        assertThat(ce01.paper()).isEqualTo(88.1);
        assertThat(cells.get(2).paper()).isNaN(); // Fashion-MNIST is not in the paper
        assertThat(cells.get(4).paper()).isEqualTo(76.3);

        ReportTable t = LongTailTable.table(cells);
        assertThat(t.header).containsExactly("method", "C10 balanced", "C10-LT ρ=0.1", "paper", "C10-LT ρ=0.01", "paper",
                "fashion-mnist-LT ρ=0.01");
        assertThat(t.rows).hasSize(2);
        assertThat(t.rows.get(0)).containsExactly("CE", "90.00", "82.00 (n=2)", "88.1", "–", "70.2", "70.00");
        assertThat(t.rows.get(1)).containsExactly("NONL", "–", "85.00", "89.2", "60.00", "76.3", "–");

        String csv = LongTailTable.csv(cells).csv();
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(
                "method,loss,dataset,rho,runs,accuracy,accuracy_std,many_shot,medium_shot,few_shot,paper,run_dirs");
        assertThat(csv.lines()).hasSize(1 + 5);
        assertThat(csv).contains("CE,ce,cifar10,0.1,2,82.0000,2.8284,90.0000,50.0000,40.0000,88.1,");
        assertThat(csv).contains("CE,ce,fashion-mnist,0.01,1,70.0000,0.0000,90.0000,50.0000,10.0000,,"); // no paper value: empty
    }

    @Test
    void writesFilesAndRefusesWhatIsNotARun() throws Exception {
        run("a", "ce", "cifar100", 0.02, 0.40, 0.1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LongTailTable.run(List.of(dir.resolve("runs/a")), dir.resolve("table"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("C100-LT ρ=0.02").contains("40.00").contains("41.5");
        assertThat(Files.readString(dir.resolve("table/longtail.md"))).contains("| CE | 40.00 | 41.5 |");
        assertThat(Files.readString(dir.resolve("table/longtail.csv"))).contains("cifar100,0.02,1,40.0000");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> LongTailTable.expand(List.of(dir.resolve("empty")))).isInstanceOf(DataException.class)
                .hasMessageContaining("neither a run folder");
        assertThatThrownBy(() -> LongTailTable.expand(List.of(dir.resolve("missing")))).isInstanceOf(DataException.class)
                .hasMessageContaining("does not exist");
        run("b", "ce", "cifar10", 0.1, null, 0);
        assertThatThrownBy(() -> LongTailTable.group(List.of(dir.resolve("runs/b")), System.err)).isInstanceOf(DataException.class)
                .hasMessageContaining("no finished run");
    }
}
