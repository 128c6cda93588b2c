package ncdesign.api.param;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A declaration the runtime could not use fails where the plugin declares it, naming the parameter. */
class ParamSpecTest {
    @Test
    void namesMustBeKebabCase() {
        for (String bad : new String[] {"Tau", "tau_0", "-tau", "tau-", "ta--u", "1tau", ""}) {
            assertThatThrownBy(() -> ParamSpec.ofDouble(bad, 0.1, "t")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not kebab-case");
        }
        assertThatCode(() -> ParamSpec.ofDouble("tau-2", 0.1, "t")).doesNotThrowAnyException();
    }

    @Test
    void defaultsMustHaveTheDeclaredType() {
        assertThatThrownBy(() -> new ParamSpec("k", ParamType.INT, 0.5, "k", null, false, null, List.of()))
                .hasMessage("parameter 'k' declares default 0.5 (Double) but its type is int");
        assertThatThrownBy(() -> new ParamSpec("k", ParamType.DOUBLE, 1, "k", null, false, null, List.of()))
                .hasMessageContaining("(Integer) but its type is double");
        assertThatThrownBy(() -> new ParamSpec("k", ParamType.INT_LIST, List.of(1.5), "k", null, false, null, List.of()))
                .hasMessageContaining("int-list");
        assertThatThrownBy(() -> ParamSpec.ofChoice("mode", "c", "m", "a", "b"))
                .hasMessageContaining("declares default c (String) but its type is choice of a|b");
        assertThatThrownBy(() -> new ParamSpec("s", ParamType.STRING, null, "s", null, false, null, List.of()))
                .hasMessageContaining("declares default null");
    }

    @Test
    void defaultsMustLieInTheirOwnRange() {
        assertThatThrownBy(() -> ParamSpec.ofDouble("tau", -1, "t").greaterThan(0))
                .hasMessage("parameter 'tau' declares default -1.0 outside its own range > 0");
        assertThatThrownBy(() -> ParamSpec.ofDouble("tau", 0, "t").greaterThan(0)).hasMessageContaining("outside");
        assertThatThrownBy(() -> ParamSpec.ofInt("n", 5, "n").atLeast(0).atMost(3)).hasMessageContaining(">= 0, <= 3");
        assertThatThrownBy(() -> ParamSpec.ofIntList("w", List.of(64, -1), "w").atLeast(1)).hasMessageContaining("outside");
        assertThatThrownBy(() -> ParamSpec.ofDouble("x", Double.POSITIVE_INFINITY, "x")).hasMessageContaining("outside");
        assertThatCode(() -> ParamSpec.ofDouble("tau", 0.1, "t").greaterThan(0).atMost(1)).doesNotThrowAnyException();
    }
}
