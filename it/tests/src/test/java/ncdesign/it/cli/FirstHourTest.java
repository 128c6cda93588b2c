package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user meets in the first hour (issue 21, "small ones"): the README's first command, values that parse
 * but make no sense, a config file that says one thing twice, an output that cannot be written, features without a
 * classifier. Each is one clear line; in process, except the README's shell line.
 */
class FirstHourTest {
    @TempDir
    Path work;

    @Test
    void theReadmesFirstCommandWorksAsRootWithoutSudoAndAsAUserWithSudo() throws Exception {
        String line = readmeFirstCommand();
        assertThat(line).contains("apt-get install -y dataset-fashion-mnist").endsWith("&& ./ncd quickstart");
        for (boolean sudo : new boolean[] {false, true}) {
            Path dir = Files.createDirectories(work.resolve(sudo ? "with-sudo" : "root-without-sudo"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            // stand-ins that record how they were called: a container without sudo has only apt-get on its PATH
            script(bin.resolve("apt-get"), "echo \"apt-get $*\" >> \"$LOG\"");
            if (sudo) {
                script(bin.resolve("sudo"), "echo \"sudo $*\" >> \"$LOG\"\nexec \"$@\"");
            }
            script(dir.resolve("ncd"), "echo \"ncd $*\" >> \"$LOG\"");
            Path log = dir.resolve("calls.log");
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", line).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("PATH", bin.toString());
            pb.environment().put("LOG", log.toString());
            Process p = pb.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as((sudo ? "with" : "without") + " sudo: " + line + "\n" + output).isZero();
            List<String> calls = Files.readAllLines(log);
            List<String> expected = sudo
                    ? List.of("sudo apt-get install -y dataset-fashion-mnist", "apt-get install -y dataset-fashion-mnist", "ncd quickstart")
                    : List.of("apt-get install -y dataset-fashion-mnist", "ncd quickstart");
            assertThat(calls).as(line).isEqualTo(expected);
        }
    }

    /** The first command line of the README's "Two commands" block. */
    private static String readmeFirstCommand() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("ncd.root", "../.."), "README.md"));
        String block = readme.substring(readme.indexOf("## Two commands"));
        block = block.substring(block.indexOf("```bash") + "```bash".length(), block.indexOf("```", block.indexOf("```bash") + 7));
        return block.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElseThrow();
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aLearningRateOfInfinityOrBeyondFloat32IsRefused() throws Exception {
        for (String lr : List.of("Infinity", "1e308", "NaN")) {
            Ncd.Run r = Cli.run(work, 120, "train", "--dataset", "synthetic", "--lr", lr, "--out", "runs");
            assertThat(r.exit()).as(lr + ": " + r.err()).isEqualTo(2);
            assertThat(r.errorLine()).startsWith("ncd: error: parameter 'lr' of ncd train must be a finite number > 0")
                    .contains(lr.equals("1e308") ? "1.0E308" : lr);
        }
        assertThat(work.resolve("runs")).doesNotExist();
    }

    @Test
    void cacheEpochsOutsideTheRunAreRefused() throws Exception {
        Ncd.Run r = Cli.run(work, 120, "train", "--dataset", "synthetic", "--epochs", "1", "--cache-epochs", "5", "--out", "runs");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errorLine()).contains("'cache-epochs'").contains("epoch 5").contains("1..1");
        assertThat(work.resolve("runs")).doesNotExist();
    }

    @Test
    void aKeyGivenTwiceInAConfigFileIsNamed() throws Exception {
        Files.writeString(work.resolve("c.yaml"), "dataset: synthetic\nlr: 0.1\nepochs: 1\nlr: 0.2\n");
        Ncd.Run r = Cli.run(work, 120, "train", "--config", "c.yaml", "--out", "runs");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errorLine()).contains("c.yaml").contains("'lr' twice").contains("line 4");
        assertThat(work.resolve("runs")).doesNotExist();
    }

    @Test
    void anOutputThatCannotBeWrittenIsNamedAsGivenNotByItsTemporaryName() throws Exception {
        MetricsCliTest.writeSimplex(work);
        Ncd.Run r = Cli.run(work, 120, "metrics", "--features", "f.npy", "--labels", "y.npy", "--weights", "w.npy",
                "--metrics", "nc1", "--json", "no-such-folder/nc.json");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errorLine()).contains(work.resolve("no-such-folder/nc.json").toString()).contains("does not exist")
                .doesNotContain(".tmp-");
    }

    @Test
    void metricsThatNeedAClassifierAreSkippedInOneLine() throws Exception {
        MetricsCliTest.writeSimplex(work);
        Ncd.Run r = Cli.run(work, 120, "metrics", "--features", "f.npy", "--labels", "y.npy");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> skipped = r.err().lines().filter(l -> l.contains("skipped")).toList();
        assertThat(skipped).as(r.err()).singleElement().asString()
                .contains("metrics skipped, as these features have no classifier").contains("nc3").contains("erank-weights");
        assertThat(r.out()).contains("nc1");
    }
}
