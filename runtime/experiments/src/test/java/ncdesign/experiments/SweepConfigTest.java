package ncdesign.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ncdesign.api.error.ConfigException;
import ncdesign.core.config.TrainConfig;
import org.junit.jupiter.api.Test;

/** A sweep's keys: training options, or any plugin's parameters. */
class SweepConfigTest {
    private static Map<String, Object> of(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void dottedKeysSetThePluginsParameters() {
        TrainConfig cfg = Sweep.config(of("loss", "nonl", "batch", 64, "loss.gamma", 2, "backbone.widths", List.of(512, 256),
                "evaluator.linear-probe.epochs", 3, "metric.nc1.rcond", 1e-8,
                "loss-params", Map.of("gamma", 0, "negatives", "classes")));
        assertThat(cfg.loss()).isEqualTo("nonl");
        assertThat(cfg.batch()).isEqualTo(64);
        assertThat(cfg.lossParams()).containsEntry("gamma", 2).containsEntry("negatives", "classes"); // the dotted key wins
        assertThat(cfg.backboneParams()).containsEntry("widths", List.of(512, 256));
        assertThat(cfg.evaluatorParams()).containsEntry("linear-probe", Map.of("epochs", "3"));
        assertThat(cfg.metricParams()).containsEntry("nc1", Map.of("rcond", "1.0E-8"));
    }

    @Test
    void theOldLossParamsAxisStillWorks() {
        List<Sweep.Cell> cells = Sweep.cells(of("loss-params", List.of(Map.of("tau", 0.1), Map.of("tau", 0.2))));
        assertThat(cells).hasSize(2);
        assertThat(Sweep.config(cells.get(1).values()).lossParams()).containsEntry("tau", 0.2);
    }

    @Test
    void aDottedKeyOfNoPluginKindIsRefusedWithTheForms() {
        for (String bad : new String[] {"los.tau", "loss.", "evaluator.epochs", "metric.nc1."}) {
            assertThatThrownBy(() -> Sweep.config(of(bad, 1))).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessage("sweep key '" + bad + "' is neither an option nor a plugin parameter;"
                            + " use loss.KEY, backbone.KEY, evaluator.NAME.KEY or metric.NAME.KEY");
        }
        assertThatThrownBy(() -> Sweep.config(of("loss-params", 3))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'loss-params' must be a mapping");
    }

    @Test
    void thePhaseDiagramsTauAxisIsTheOptionOrTheDeclaredTemperature() {
        Map<String, Object> grid = of("loss.temperature", List.of(0.1, 0.2), "batch", List.of(32, 64));
        assertThat(Sweep.tauAxis(grid, Set.of("temperature"))).isEqualTo("loss.temperature");
        assertThat(Sweep.tauAxis(grid, Set.of("tau"))).isNull();
        assertThat(Sweep.tauAxis(grid, Set.of("temperature", "null"))).as("cells of losses with different temperatures").isNull();
        assertThat(Sweep.tauAxis(of("tau", List.of(0.1), "batch", List.of(32)), Set.of("temperature"))).isEqualTo("tau");
    }
}
