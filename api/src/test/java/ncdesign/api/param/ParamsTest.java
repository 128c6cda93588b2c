package ncdesign.api.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import ncdesign.api.error.ConfigException;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.ofDouble("tau", 0.1, "temperature").greaterThan(0),
            ParamSpec.ofInt("batch", 128, "batch").atLeast(2),
            ParamSpec.ofChoice("negatives", "batch", "denominator", "batch", "classes"),
            ParamSpec.ofIntList("widths", List.of(512, 256), "widths").atLeast(1),
            ParamSpec.ofBoolean("flag", false, "a flag"));

    @Test
    void defaultsFillEveryParameter() {
        Params p = Params.defaults("loss 'x'", SPECS);
        assertThat(p.getDouble("tau")).isEqualTo(0.1);
        assertThat(p.getInt("batch")).isEqualTo(128);
        assertThat(p.getString("negatives")).isEqualTo("batch");
        assertThat(p.getIntList("widths")).containsExactly(512, 256);
        assertThat(p.getBoolean("flag")).isFalse();
    }

    @Test
    void stringsFromTheCommandLineAndTypedValuesFromFilesAreConverted() {
        Params p = Params.resolve("x", SPECS, Map.of("tau", "0.05", "batch", 64, "widths", "32, 16", "flag", "true"));
        assertThat(p.getDouble("tau")).isEqualTo(0.05);
        assertThat(p.getInt("batch")).isEqualTo(64);
        assertThat(p.getIntList("widths")).containsExactly(32, 16);
        assertThat(p.getBoolean("flag")).isTrue();
        assertThat(Params.resolve("x", SPECS, Map.of("widths", List.of(8, 4))).getIntList("widths")).containsExactly(8, 4);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> Params.resolve("loss 'nonl'", SPECS, Map.of("tau", "0")))
                .isInstanceOf(ConfigException.class).hasMessage("parameter 'tau' of loss 'nonl' must be > 0, got 0.0");
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("batch", "1")))
                .hasMessageContaining("'batch'").hasMessageContaining(">= 2");
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("batch", "many")))
                .hasMessageContaining("'batch'").hasMessageContaining("an integer");
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("batch", 2.5)))
                .hasMessageContaining("an integer");
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("negatives", "all")))
                .hasMessageContaining("one of batch|classes");
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("flag", "yes")))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("widths", "8,0")))
                .hasMessageContaining("'widths'");
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("tau", "NaN")))
                .hasMessageContaining("'tau'");
    }

    @Test
    void nonFiniteAndOutOfRangeNumbersAreRefusedWithTheKey() {
        // Double.parseDouble accepts these; a learning rate of Infinity or 1e308 (Infinity in float32) is no rate
        for (Object v : List.of("Infinity", "-Infinity", Double.POSITIVE_INFINITY, "1e308", 1e39)) {
            assertThatThrownBy(() -> Params.resolve("ncd train", SPECS, Map.of("tau", v))).as("tau = %s", v)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("parameter 'tau' of ncd train must be a finite number > 0");
        }
        List<ParamSpec> free = List.of(ParamSpec.ofDouble("shift", 0, "unconstrained"));
        assertThatThrownBy(() -> Params.resolve("x", free, Map.of("shift", "NaN")))
                .hasMessage("parameter 'shift' of x must be a finite number, got NaN");
        assertThat(Params.resolve("x", free, Map.of("shift", "-3e38")).getDouble("shift")).isEqualTo(-3e38);
        // a YAML integer beyond 32 bits would wrap around in intValue()
        assertThatThrownBy(() -> Params.resolve("x", SPECS, Map.of("batch", 10_000_000_000L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'batch'").hasMessageContaining("32 bits");
    }

    @Test
    void unknownKeysListTheKnownOnes() {
        assertThatThrownBy(() -> Params.resolve("loss 'ce'", SPECS, Map.of("temperature", 1)))
                .hasMessage("unknown parameter 'temperature' for loss 'ce'; known: batch, flag, negatives, tau, widths");
    }
}
