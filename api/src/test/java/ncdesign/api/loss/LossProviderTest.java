package ncdesign.api.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import ncdesign.api.SimpleProvider;
import ncdesign.api.param.ParamSpec;
import org.junit.jupiter.api.Test;

class LossProviderTest {
    private static final class P extends SimpleProvider<Loss> implements LossProvider {
        P(ParamSpec... specs) {
            super("p", "test", List.of(specs), x -> null);
        }
    }

    @Test
    void theTemperatureDefaultsToADoubleParameterNamedTauSoOldPluginsKeepWorking() {
        assertThat(new P(ParamSpec.ofDouble("margin", 0.2, "m"), ParamSpec.ofDouble("tau", 0.1, "t")).temperatureParameter())
                .contains("tau");
        assertThat(new P(ParamSpec.ofDouble("temperature", 0.1, "t")).temperatureParameter()).isEmpty();
        assertThat(new P(ParamSpec.ofInt("tau", 3, "not a temperature")).temperatureParameter()).isEmpty();
        assertThat(new P().temperatureParameter()).isEmpty();
        LossProvider declared = new LossProvider() {
            @Override
            public String name() {
                return "d";
            }

            @Override
            public String description() {
                return "declares its own";
            }

            @Override
            public List<ParamSpec> parameters() {
                return List.of(ParamSpec.ofDouble("temperature", 0.1, "t"));
            }

            @Override
            public Optional<String> temperatureParameter() {
                return Optional.of("temperature");
            }

            @Override
            public Loss create(ncdesign.api.param.Params params) {
                return null;
            }
        };
        assertThat(declared.temperatureParameter()).contains("temperature");
    }
}
