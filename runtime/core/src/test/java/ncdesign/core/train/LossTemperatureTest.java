package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncdesign.api.PluginException;
import ncdesign.api.SimpleProvider;
import ncdesign.api.error.ConfigException;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import org.junit.jupiter.api.Test;

/** --tau and the temperature follow the loss's declaration, not a parameter's name. */
class LossTemperatureTest {
    /** A provider with the given parameters that declares {@code temperature} (null: the api's default). */
    private static LossProvider provider(String temperature, ParamSpec... specs) {
        final class P extends SimpleProvider<Loss> implements LossProvider {
            P() {
                super("focal", "test", List.of(specs), p -> null);
            }

            @Override
            public Optional<String> temperatureParameter() {
                return temperature == null ? LossProvider.super.temperatureParameter() : Optional.of(temperature).filter(t -> !t.isEmpty());
            }
        }
        return new P();
    }

    private static final ParamSpec TAU = ParamSpec.ofDouble("tau", 0.1, "t").greaterThan(0);
    private static final ParamSpec TEMPERATURE = ParamSpec.ofDouble("temperature", 0.1, "t").greaterThan(0);
    private static final ParamSpec GAMMA = ParamSpec.ofDouble("gamma", 2, "focusing");

    @Test
    void tauGoesToTheDeclaredParameterWhateverItsName() {
        String t = LossTemperature.declared(provider("temperature", GAMMA, TEMPERATURE), "focal", "focal.mod");
        assertThat(t).isEqualTo("temperature");
        assertThat(LossTemperature.withTau(Map.of("gamma", 1.0), 0.3, t, "focal")).containsEntry("temperature", 0.3).containsEntry("gamma", 1.0);
        // an explicit --loss-param wins over --tau; no --tau leaves the parameters alone
        assertThat(LossTemperature.withTau(Map.of("temperature", 0.7), 0.3, t, "focal")).containsEntry("temperature", 0.7);
        assertThat(LossTemperature.withTau(Map.of(), 0, t, "focal")).isEmpty();
    }

    @Test
    void anOldPluginWithATauParameterKeepsWorkingAndADeclinedOneRefusesTau() {
        assertThat(LossTemperature.declared(provider(null, TAU), "old", "old.mod")).isEqualTo("tau");
        String none = LossTemperature.declared(provider("", TAU), "focal", "focal.mod");
        assertThat(none).isNull();
        assertThatThrownBy(() -> LossTemperature.withTau(Map.of(), 0.3, none, "focal")).isInstanceOf(ConfigException.class)
                .hasMessage("--tau was given but loss 'focal' has no temperature; drop --tau or pick a normalised loss");
        assertThat(LossTemperature.declared(provider(null, GAMMA), "ce-like", "m")).isNull();
    }

    @Test
    void aBadDeclarationNamesTheLossAndItsModule() {
        assertThatThrownBy(() -> LossTemperature.declared(provider("temp", GAMMA, TEMPERATURE), "focal", "focal.mod"))
                .isInstanceOf(PluginException.class)
                .hasMessage("loss 'focal' (module focal.mod) declares the temperature parameter 'temp', which is not one of its"
                        + " parameters (gamma, temperature); fix its temperatureParameter()");
        assertThatThrownBy(() -> LossTemperature.declared(provider("steps", ParamSpec.ofInt("steps", 3, "s")), "focal", "focal.mod"))
                .isInstanceOf(PluginException.class)
                .hasMessage("loss 'focal' (module focal.mod) declares the temperature parameter 'steps' of type int;"
                        + " a temperature must be a double");
        final class Throwing extends SimpleProvider<Loss> implements LossProvider {
            Throwing() {
                super("focal", "test", List.of(TAU), p -> null);
            }

            @Override
            public Optional<String> temperatureParameter() {
                throw new IllegalStateException("no idea");
            }
        }
        assertThatThrownBy(() -> LossTemperature.declared(new Throwing(), "focal", "focal.mod"))
                .isInstanceOf(PluginException.class)
                .hasMessage("loss 'focal' (module focal.mod) failed to declare its temperature (temperatureParameter(), parameters()):"
                        + " IllegalStateException: no idea");
    }
}
